"""Publishing, unpublishing, privacy, moves and deletions keep the real index right.

Changes go through the real signal handlers and the Celery task (run on commit); the index is
the real engine's. Nothing a visitor may not see is ever found.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search.models import PendingIndexChange, SearchDocument
from search.tests.fixtures import search_engine  # noqa: F401


def results(client, q, **params):
    # the lifecycle is followed on theme pages: filtered on their type, themes are results
    # (otherwise they come apart, under "see_also")
    response = client.get("/api/v1/search/", {"q": q, "type": "theme", **params})
    assert response.status_code == 200
    data = response.json()
    assert data["degraded"] is False
    return data["results"]


def keys(client, q, **params):
    return [r["key"] for r in results(client, q, **params)]


def titles(client, q, **params):
    return [r["title"] for r in results(client, q, **params)]


@pytest.fixture
def indexed_demo(search_engine, demo):  # noqa: F811
    call_command("search_reindex", verbosity=0)
    return search_engine


def _theme(key, code="fr"):
    from toolbox.models import ThemePage

    return ThemePage.objects.get(key=key, locale__language_code=code)


@pytest.mark.django_db
def test_publication_lifecycle(indexed_demo, client, django_capture_on_commit_callbacks):
    """Reindex, collapse, drafts, publish, one translation unpublished, idempotent sync;
    then unpublished, private and deleted pages leave the index."""
    from toolbox.models import ThemePage

    groups = ThemePage.objects.live().values("translation_key").distinct().count()
    assert SearchDocument.objects.filter(kind="theme").count() == groups
    data = client.get("/api/v1/search/", {"q": "turismo", "lang": "en", "type": "theme"}).json()
    tourism = [r for r in data["results"] if r["key"] == "tourism"]
    assert len(tourism) == 1  # collapsed: one result for four translations
    assert tourism[0]["locale"] == "en" and tourism[0]["title"] == "Tourism"
    assert tourism[0]["matched_locale"] in {"es", "pt"}
    assert {t["locale"] for t in tourism[0]["translations"]} == {"fr", "es", "pt", "en"}

    # drafts stay out of the index; publishing brings them in
    theme = _theme("tourism")
    theme.title = "Oenotourisme numérique"
    with django_capture_on_commit_callbacks(execute=True):
        theme.save_revision()  # a draft: visitors must not find it
    indexed_demo.refresh()
    assert "Oenotourisme numérique" not in titles(client, "oenotourisme", lang="fr")
    assert "Tourisme" in titles(client, "tourisme", lang="fr")

    with django_capture_on_commit_callbacks(execute=True):
        theme.get_latest_revision().publish()
    indexed_demo.refresh()
    assert titles(client, "oenotourisme", lang="fr")[0] == "Oenotourisme numérique"
    assert PendingIndexChange.objects.count() == 0

    from search import services

    group = SearchDocument.objects.get(item_key="tourism").doc_key
    for _ in range(3):
        services.search_groups_sync(groups=[group])
    indexed_demo.refresh()
    hits = indexed_demo.search({"query": {"term": {"item_key_filter": "tourism"}}})
    assert hits["hits"]["total"]["value"] == 1

    # one translation unpublished: the others remain
    with django_capture_on_commit_callbacks(execute=True):
        _theme("tourism", "es").unpublish()
    indexed_demo.refresh()
    data = client.get("/api/v1/search/", {"q": "tourisme", "lang": "es", "type": "theme"}).json()
    result = next(r for r in data["results"] if r["key"] == "tourism")
    assert result["locale"] != "es"  # the Spanish version is gone; shown in a fallback
    assert "es" not in {t["locale"] for t in result["translations"]}

    # Unpublished, made private or deleted: never found again. (Same test, so that the demo
    # content, the slow part, is loaded once.)
    with django_capture_on_commit_callbacks(execute=True):
        for translation in _theme("business-management").get_translations(inclusive=True):
            translation.unpublish()
    indexed_demo.refresh()
    assert "business-management" not in keys(client, "gestion", lang="fr")
    with django_capture_on_commit_callbacks(execute=True):
        for translation in _theme("tourism").get_translations(inclusive=True):
            PageViewRestriction.objects.create(
                page=translation, restriction_type=PageViewRestriction.LOGIN
            )
    indexed_demo.refresh()
    assert "tourism" not in keys(client, "tourisme", lang="fr")
    assert not SearchDocument.objects.filter(item_key="tourism").exists()
    assert "e-hr" in keys(client, "ressources humaines", lang="fr")
    with django_capture_on_commit_callbacks(execute=True):
        for translation in _theme("e-hr").get_translations(inclusive=True):
            translation.delete()
    indexed_demo.refresh()
    assert "e-hr" not in keys(client, "ressources humaines", lang="fr")
    hits = indexed_demo.search({"query": {"term": {"item_key_filter": "e-hr"}}})
    assert hits["hits"]["total"]["value"] == 0
