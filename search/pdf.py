"""Text of attached documents (PDF), cached by file hash so a reindex does not re-parse them."""

from __future__ import annotations

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

MAX_PAGES = 200


def document_text(document) -> str:
    """Plain text of a Wagtail document if it is a PDF; empty for other files or on errors."""
    name = (getattr(document.file, "name", "") or "").lower()
    if not name.endswith(".pdf"):
        return ""
    file_hash = getattr(document, "file_hash", "") or ""
    cache_key = f"search:pdf:{file_hash}" if file_hash else ""
    if cache_key:
        cached = cache.get(cache_key)
        if cached is not None:
            return cached
    text = ""
    try:
        from pypdf import PdfReader

        with document.file.open("rb") as handle:
            reader = PdfReader(handle)
            parts = []
            for page in reader.pages[:MAX_PAGES]:
                parts.append(page.extract_text() or "")
            text = " ".join(" ".join(parts).split())
    except Exception as exc:  # a broken PDF must not stop indexing of its page
        logger.warning("could not read text of document %s: %s", document.pk, exc)
        return ""
    text = f"{document.title} {text}".strip()
    if cache_key:
        cache.set(cache_key, text, 24 * 3600)
    return text
