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
        "url": "http://testserver" + cat.guide_es.get_url(),  # the request host
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/find/?html_path=%00",
        "/api/v2/pages/find/?id=1&site=a%00",
        "/api/v2/pages/{pk}/?site=%00",
        "/api/v2/images/find/?id=%00",
    ],
)
def test_a_nul_character_is_a_400_on_detail_and_find_too(client, url):
    # PostgreSQL refused them in the site and path lookups: a 500
    cat = build_catalogue()
    response = client.get(url.format(pk=cat.security.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "forbidden character" in response.json()["message"]


@pytest.mark.parametrize(
    "query",
    [
        "type=toolbox.GuidePage&first_published_at=yesterday",  # ValidationError: a 500
        "type=toolbox.GuidePage&sectors=tourism",  # a key where the id is expected
        "type=toolbox.VideoPage&subtitle_tracks=fr",  # a reverse relation
        "type=toolbox.VideoPage&duration=",  # PostgreSQL refused '' as an interval
        "type=toolbox.GuidePage&theme=99999999999999999999999",  # wider than SQLite's integers
        "type=toolbox.EventPage&start=2026-02-30T10:00",
    ],
)
def test_a_field_filter_value_its_field_cannot_hold_is_a_400_naming_it(client, cat, query):
    name = query.split("&")[1].split("=")[0]
    response = client.get(f"/api/v2/pages/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert f"is not a valid value for {name}" in response.json()["message"]


def test_field_filters_still_filter(client, cat):
    def titles(**params):
        response = client.get("/api/v2/pages/", {"locale": "fr", **params})
        assert response.status_code == 200, response.content
        return [page["title"] for page in response.json()["items"]]

    published = cat.guide.first_published_at.isoformat()
    assert titles(type="toolbox.GuidePage", first_published_at=published) == [cat.guide.title]
    assert titles(type="toolbox.GuidePage", sectors=cat.tourism.pk) == [cat.guide.title]
    assert titles(type="toolbox.GuidePage", sectors=cat.security.pk) == []
    assert titles(type="toolbox.GuidePage", theme=cat.security.pk) == [cat.guide.title]
    assert titles(type="toolbox.GuidePage", tags="nothing-tagged-so") == []


def test_an_unknown_search_operator_is_a_400(client, cat):
    # the search backend raised a ValueError: a 500
    response = client.get("/api/v2/pages/?search=sauvegardes&search_operator=xor")
    assert response.status_code == 400
    assert "search_operator" in response.json()["message"]
    either = client.get("/api/v2/pages/?search=sauvegardes&search_operator=OR")
    assert either.status_code == 200


def test_a_search_offset_past_the_engines_window_is_a_400(client, cat):
    # the engine refuses from + size over 10,000 (max_result_window): a 500
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/?search=sécurité&offset=164330")
        assert response.status_code == 400
        assert response.json()["message"].startswith("offset")
    last_page = client.get("/api/v2/pages/?search=sauvegardes&offset=9980&limit=20")
    assert last_page.status_code == 200
    assert last_page.json()["items"] == []
    # without a search the database pages on
    assert client.get("/api/v2/pages/?offset=164330").status_code == 200


def test_find_by_an_id_that_is_no_integer_is_a_400(client, cat):
    # Wagtail passed it to the ORM as it came: a 500
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/find/?id=null", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "id must be a positive integer" in response.json()["message"]
    in_spanish = client.get("/api/v2/pages/find/?id=null", HTTP_ACCEPT_LANGUAGE="es")
    assert "id debe ser un número entero positivo" in in_spanish.json()["message"]
    found = client.get(f"/api/v2/pages/find/?id={cat.guide.pk}")
    assert found.status_code == 302
    assert found["Location"].endswith(f"/api/v2/pages/{cat.guide.pk}/?")


def test_find_of_a_missing_id_within_a_page_type_is_a_404(client, cat):
    # EventIndexPage.DoesNotExist is not Page.DoesNotExist (an abstract class stands between
    # them), so Wagtail's find/ let it through as a 500
    response = client.get("/api/v2/pages/find/?id=999999&type=toolbox.EventIndexPage")
    assert response.status_code == 404
    assert response.json() == {"message": "not found"}
    found = client.get(f"/api/v2/pages/find/?id={cat.guide.pk}&type=toolbox.GuidePage")
    assert found.status_code == 302
