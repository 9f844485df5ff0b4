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
    """Write search documents for ``items`` (see tests/relevance/corpus.py) and index them."""
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
