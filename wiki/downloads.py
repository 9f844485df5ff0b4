"""File downloads of the wiki: one response for the pages and the API alike.

The caller has already checked that the reader may see the page (``selectors``); the response
is never cached by shared caches and is always a download (never rendered inline).
"""

from __future__ import annotations

from django.http import FileResponse

from .models import AttachmentVersion


def attachment_response(version: AttachmentVersion) -> FileResponse:
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.attachment.name,
        content_type=version.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
