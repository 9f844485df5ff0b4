"""Text of attached documents (PDF), cached by file hash so a reindex does not re-parse them."""

from __future__ import annotations

import logging

from django.core.cache import cache
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_PAGES = 200


def document_text(document) -> str:
    """Plain text of a Wagtail document if it is a PDF; empty for other files or on errors."""
    return pdf_text(
        document.file,
        title=document.title,
        digest=getattr(document, "file_hash", "") or "",
        label=f"document {document.pk}",
    )


def pdf_text(file, *, title: str, digest: str, label: str) -> str:
    """``title`` and the text of ``file`` if it is a PDF (cached by the file's ``digest``)."""
    name = (getattr(file, "name", "") or "").lower()
    if not name.endswith(".pdf"):
        return ""
    cache_key = f"search:pdf:{digest}" if digest else ""
    if cache_key:
        cached = cache.get(cache_key)
        if cached is not None:
            return cached
    text = ""
    try:
        with file.open("rb") as handle:
            reader = PdfReader(handle)
            parts = []
            for page in reader.pages[:MAX_PAGES]:
                parts.append(page.extract_text() or "")
            text = " ".join(" ".join(parts).split())
    except Exception as exc:  # a broken PDF must not stop indexing of its page
        logger.warning("could not read text of %s: %s", label, exc)
        return ""
    text = f"{title} {text}".strip()
    if cache_key:
        cache.set(cache_key, text, 24 * 3600)
    return text
