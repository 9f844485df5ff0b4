"""Drafts, private items and unpublished translations never appear, whatever the path."""

import json

import pytest
from wagtail.models import PageViewRestriction

from toolbox.tests import factories as f

from .support import SECRET, build_catalogue, results


@pytest.fixture
def cat(db):
    return build_catalogue()


READ_PATHS = [
    "/api/v1/items/?page_size=100",
    "/api/v1/items/?page_size=100&lang=es&fallback=fr",
    "/api/v1/items/?page_size=100&fields=title,translations,summary",
    "/api/v1/guides/?page_size=100&lang=es&fallback=pt,fr,en",
    "/api/v1/videos/?lang=es&fallback=fr",
    "/api/v1/themes/?lang=es&fallback=fr",
    "/api/v2/pages/?limit=100",
    "/api/v2/pages/?limit=100&locale=es&fields=*",
    "/api/v2/pages/?limit=100&type=toolbox.GuidePage&fields=*",
    "/api/v2/pages/?limit=100&search=Confidentiel",
    "/widgets/items.json?limit=20",
    "/widgets/items.json?limit=20&lang=es&fallback=fr",
    "/widgets/frame/?limit=20&lang=es&fallback=fr",
]


@pytest.mark.parametrize("path", READ_PATHS)
def test_nothing_unpublished_or_private_in_any_listing(client, cat, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    assert SECRET not in response.content.decode()


def test_drafts_private_items_and_unpublished_translations_have_no_detail(client, cat):
    for page in (cat.draft, cat.private):
        for path in (
            f"/api/v1/guides/{page.pk}/",
            f"/api/v1/guides/{page.key}/",
            f"/api/v1/items/{page.pk}/",
            f"/api/v2/pages/{page.pk}/",
        ):
            response = client.get(path)
            assert response.status_code == 404, path
            assert SECRET not in response.content.decode()
    es_video = client.get(f"/api/v1/videos/{cat.unpublished_es.pk}/")
    assert es_video.status_code == 404
    assert client.get(f"/api/v1/videos/{cat.video.key}/?lang=es").status_code == 404


def test_unpublished_translations_are_not_among_translations(client, cat):
    video = client.get(f"/api/v1/videos/{cat.video.key}/").json()
    assert [link["locale"] for link in video["translations"]] == ["fr"]
    v2 = client.get(f"/api/v2/pages/{cat.video.pk}/").json()
    assert [link["locale"] for link in v2["meta"]["translations"]] == ["fr"]


def test_a_private_translation_is_not_among_translations(client, cat):
    PageViewRestriction.objects.create(page=cat.guide_pt, restriction_type="login")
    guide = client.get(f"/api/v1/guides/{cat.guide.key}/").json()
    assert {link["locale"] for link in guide["translations"]} == {"fr", "es"}
    # and the fallback chain skips it: pt is private, es is served
    served = client.get(f"/api/v1/guides/{cat.guide.key}/?lang=pt&fallback=es").json()
    assert served["locale"] == "es"


def test_unpublishing_removes_an_item_at_once_even_from_a_warm_cache(
    client, cat, django_capture_on_commit_callbacks
):
    path = "/api/v1/guides/?lang=pt&fallback=es,fr"
    assert titles_of(client.get(path)) == ["Guia de cópias"]
    assert client.get(path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):  # the editor's transaction commits
        cat.guide_pt.unpublish()
    assert titles_of(client.get(path)) == ["Guía de copias"]  # falls back to es now
    with django_capture_on_commit_callbacks(execute=True):
        cat.guide_es.unpublish()
        cat.guide.unpublish()
    assert client.get(path).json()["results"] == []
    assert client.get(f"/api/v1/guides/{cat.guide.key}/").status_code == 404


def test_making_an_item_private_removes_it_at_once(client, cat, django_capture_on_commit_callbacks):
    path = "/api/v1/videos/"
    assert titles_of(client.get(path)) == ["Rançongiciels en 3 minutes"]
    assert client.get(path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=cat.video, restriction_type="login")
    assert client.get(path).json()["results"] == []


def test_diagnostic_recommendations_skip_private_and_draft_items(client, cat):
    tool = f.diagnostic(
        cat.section,
        cat.security,
        title="Autre diagnostic",
        questionnaire=f.questionnaire_data(
            recommended=[cat.private.pk, cat.draft.pk, cat.guide.pk]
        ),
    )
    response = client.post(
        f"/api/v1/diagnostic-tools/{tool.key}/responses/",
        {"answers": {"q0": "q0a0", "q1": "q1a0"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.content.decode()
    assert SECRET not in body
    [section] = json.loads(body)["sections"]
    assert [r["id"] for r in section["recommendations"]] == [cat.guide.pk]


def titles_of(response):
    return [item["title"] for item in results(response)]
