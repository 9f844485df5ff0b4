"""Fixtures for tests that need the real search engine (imported by test modules)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.conf import settings
from django.utils import timezone

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


def require_engine() -> None:
    if settings.SEARCH_BACKEND == "database":
        if REQUIRE_REAL_SERVICES:
            pytest.fail("REQUIRE_REAL_SERVICES=1 but no search engine is configured")
        pytest.skip("no search engine configured (SEARCH_BACKEND/SEARCH_URL)")


def drop_search_indices(engine) -> None:
    """Delete our index and every generation of it (alias targets, failed rebuilds)."""
    names = engine.call("indices.get", index=f"{engine.alias}*")
    for name in list(names):
        engine.call("indices.delete", index=name)


@pytest.fixture
def search_engine(db):
    """A clean, real search index for one test (the engine configured in the settings)."""
    require_engine()
    from search import embeddings
    from search.engine import get_engine, reset_engine

    reset_engine()
    engine = get_engine()
    drop_search_indices(engine)
    engine.ensure_index()
    embeddings.bump_version()
    yield engine
    reset_engine()
    drop_search_indices(get_engine())
    reset_engine()


def corpus_item_data(key, kind, theme, extra, texts, now=None):
    from search.sources import ItemData, TranslationText

    now = now or timezone.now()
    start = extra.get("start")
    translations = {
        code: TranslationText(
            locale=code,
            title=title,
            summary=summary,
            body=body,
            url=f"/{code}/{key}/",
            api_url=f"/api/v2/pages/{key}/",
        )
        for code, (title, summary, body) in texts.items()
    }
    return ItemData(
        kind=kind,
        item_key=key,
        translation_key=key,
        original_locale=next(iter(texts)),
        translations=translations,
        themes=[theme],
        sectors=[theme]
        if theme in {"building", "tourism", "commerce", "agri-food", "industry"}
        else [],
        partners=extra.get("partners", []),
        start=(now + start) if isinstance(start, dt.timedelta) else None,
        end=(now + start + dt.timedelta(hours=3)) if isinstance(start, dt.timedelta) else None,
        city=extra.get("city", ""),
        published_at=now - dt.timedelta(days=len(key)),
    )


def load_corpus(items, thesaurus_concepts=None, push=True):
    """Write search documents for ``items`` (see search/tests/relevance/corpus.py) and index them."""
    from search import services, thesaurus
    from search.models import ThesaurusConcept

    groups = []
    for key, kind, theme, extra, texts in items:
        group = f"corpus:{key}"
        services.search_document_write(
            group=group, data=corpus_item_data(key, kind, theme, extra, texts), label="corpus"
        )
        groups.append(group)
    for name, terms in (thesaurus_concepts or {}).items():
        ThesaurusConcept.objects.update_or_create(
            name=name, defaults={f"terms_{c}": "\n".join(ts) for c, ts in terms.items()}
        )
    thesaurus.bump_version()
    if push:
        services.search_engine_push(groups=groups)
        from search.engine import get_engine

        engine = get_engine()
        if engine is not None:
            engine.refresh()
    return groups


def make_pdf(text: str) -> bytes:
    """A one-page PDF whose only content is ``text`` (Helvetica), readable by any PDF parser."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
