"""Every /api/v1 endpoint follows one policy: partner keys, quotas and throttling, and one error
shape, search, suggestions and the wiki included."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from delivery.models import PartnerAPIKey
from search.tests.fixtures import load_corpus, search_engine  # noqa: F401
from search.tests.relevance.corpus import ITEMS, THESAURUS
from toolbox.models import ThemePage
from toolbox.tests import factories as f

#: One address per area of the API; each answers 200 to an anonymous reader.
ENDPOINTS = [
    "/api/v1/themes/",
    "/api/v1/items/",
    "/api/v1/guides/",
    "/api/v1/search/?q=sauvegarde",
    "/api/v1/search/suggest/?q=sauv",
    "/api/v1/wiki/groups/",
    "/api/v1/wiki/pages/",
]
#: A bad parameter for each area, and the name the error must give.
BAD_PARAMETERS = [
    ("/api/v1/themes/?kind=odd", "kind"),
    ("/api/v1/items/?type=podcast", "type"),
    ("/api/v1/search/?colour=red", "colour"),
    ("/api/v1/search/suggest/?q=x&colour=red", "colour"),
    ("/api/v1/search/?date_from=yesterday", "date_from"),
]


def key_headers(**fields) -> tuple[PartnerAPIKey, dict]:
    key, plaintext = PartnerAPIKey.issue(name="Partner site", **fields)
    key.save()
    return key, {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert response["Cache-Control"] == "no-store"
    return body


@pytest.fixture
def site(db, search_engine):  # noqa: F811
    f.locales()
    f.theme()
    f.theme(key="tourism", kind="sectoral", title="Tourisme")
    load_corpus(ITEMS, THESAURUS)
    cache.clear()  # quota counters of earlier tests


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_refuses_an_unknown_key_the_same_way(client, site, url):
    assert client.get(url).status_code == 200
    body = assert_problem(
        client.get(url, HTTP_AUTHORIZATION="Bearer wagtail_nope", HTTP_ACCEPT_LANGUAGE="en"), 401
    )
    assert body["detail"] == "Unknown API key."


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_counts_against_the_quota(client, site, settings, url, quota_window):
    settings.API_ANON_RATE = "2/minute"
    first = client.get(url, REMOTE_ADDR="203.0.113.7")
    assert first.status_code == 200
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("2", "1")
    assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get(url, REMOTE_ADDR="203.0.113.7")
    body = assert_problem(refused, 429)
    assert body["retry_after"] == int(refused["Retry-After"]) >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_partner_key_has_its_quota_on_every_endpoint(client, site, url, quota_window):
    _key, auth = key_headers(quota=1, quota_period="hour")
    response = client.get(url, **auth)
    assert response.status_code == 200
    assert response["X-RateLimit-Limit"] == "1"
    assert_problem(client.get(url, **auth), 429)


@pytest.mark.django_db
@pytest.mark.parametrize("url,name", BAD_PARAMETERS)
def test_every_bad_parameter_is_named_in_one_shape(client, site, url, name):
    body = assert_problem(client.get(url), 400)
    assert list(body["errors"]) == [name]
    assert name in body["detail"]


@pytest.mark.django_db
def test_a_key_restricted_to_a_theme_searches_only_that_theme(client, site):
    anonymous = client.get("/api/v1/search/", {"q": "mot de passe", "page_size": 50}).json()
    assert {r["theme"]["slug"] for r in anonymous["results"] if r["theme"]} >= {"security"}
    key, auth = key_headers()
    key.allowed_themes.add(ThemePage.objects.get(key="tourism"))
    restricted = client.get("/api/v1/search/", {"q": "mot de passe", "page_size": 50}, **auth)
    assert restricted.status_code == 200
    themes = {r["theme"]["slug"] if r["theme"] else None for r in restricted.json()["results"]}
    assert themes <= {"tourism"}
    assert restricted.json()["count"] < anonymous["count"]
    refused = client.get("/api/v1/search/", {"q": "x", "theme": "security"}, **auth)
    assert "security" in assert_problem(refused, 403)["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing-here/",
        "/api/v1/wiki/pages/1.5/",
        # an encoded newline in the address (found by the fuzzer: an HTML 404 before)
        "/api/v1/wiki/pages/1/attachments/%0A/versions/1/download/",
    ],
)
def test_an_unknown_address_is_a_problem_not_an_html_page(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    body = assert_problem(response, 404)
    assert response["Content-Type"] == "application/json"
    assert body["title"] == "Not found"
