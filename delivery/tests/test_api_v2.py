"""Wagtail's API v2 at /api/v2/: locale filtering and a translations field on every page."""

import pytest

from .support import build_catalogue


@pytest.fixture
def cat(db):
    return build_catalogue()


def test_every_page_in_a_listing_carries_its_translations(client, cat):
    response = client.get("/api/v2/pages/?type=toolbox.GuidePage&locale=fr")
    [guide] = response.json()["items"]
    links = {link["locale"]: link for link in guide["meta"]["translations"]}
    assert set(links) == {"fr", "es", "pt"}
    assert links["es"] == {
        "locale": "es",
        "id": cat.guide_es.pk,
        "title": "Guía de copias",
        "url": cat.guide_es.get_full_url(),
    }


def test_translations_cost_one_query_for_a_whole_listing(client, cat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v2/pages/?limit=20")
    assert len(response.json()["items"]) == 20
    lookups = [q for q in queries.captured_queries if '"translation_key" IN' in q["sql"]]
    assert len(lookups) == 1


def test_detail_and_locale_filter(client, cat):
    detail = client.get(f"/api/v2/pages/{cat.security.pk}/").json()
    assert [link["locale"] for link in detail["meta"]["translations"]] == ["fr", "es", "pt", "en"]
    spanish = client.get("/api/v2/pages/?locale=es&type=toolbox.ThemePage").json()["items"]
    assert {page["title"] for page in spanish} == {"Seguridad", "Turismo"}
    assert all(page["meta"]["locale"] == "es" for page in spanish)
    others = client.get(f"/api/v2/pages/?translation_of={cat.guide.pk}").json()["items"]
    assert {page["meta"]["locale"] for page in others} == {"es", "pt"}


def test_fields_can_leave_translations_out(client, cat):
    [guide] = client.get(
        "/api/v2/pages/?type=toolbox.GuidePage&locale=fr&fields=-translations"
    ).json()["items"]
    assert "translations" not in guide["meta"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=%00",
        "/api/v2/pages/?search=a%00b&type=toolbox.GuidePage",
        "/api/v2/pages/?title=%00",
        "/api/v2/images/?search=%00",
        "/api/v2/documents/?search=x%00",
    ],
)
def test_a_nul_character_is_a_400_naming_the_parameter(client, url):
    build_catalogue()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "forbidden character" in response.json()["message"]
