"""HTTP behaviour of the delivery API: conditional requests, caching, CORS, limits, keys."""

import datetime as dt

import pytest
from django.utils.http import http_date, parse_http_date

from delivery.models import APIKeyDailyUsage, PartnerAPIKey
from delivery.tasks import flush_api_key_usage
from home.services import translation_create_or_update
from toolbox.tests import factories as f

from .support import build_catalogue, problem, results


@pytest.fixture
def cat(db):
    return build_catalogue()


def read_paths(cat) -> list[str]:
    return [
        "/api/v1/items/",
        "/api/v1/themes/?lang=es",
        f"/api/v1/themes/{cat.security.key}/",
        "/api/v1/partners/",
        f"/api/v1/guides/{cat.guide.key}/",
        "/api/v1/events/?upcoming=true",
        f"/api/v1/diagnostic-tools/{cat.diagnostic.key}/questionnaire/",
        "/api/v2/pages/",
        f"/api/v2/pages/{cat.guide.pk}/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/widgets/items.json",
        "/widgets/frame/",
    ]


def test_every_read_has_validators_and_answers_conditional_requests_with_304(client, cat):
    for path in read_paths(cat):
        response = client.get(path)
        assert response.status_code == 200, path
        etag, last_modified = response["ETag"], response["Last-Modified"]
        assert etag.startswith('"') and parse_http_date(last_modified)
        assert "must-revalidate" in response["Cache-Control"], path
        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, path
        assert again.content == b"" and again["ETag"] == etag
        since = client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified)
        assert since.status_code == 304, path
        other = client.get(path, HTTP_IF_NONE_MATCH='"something-else"')
        assert other.status_code == 200, path


def test_changes_give_new_validators(client, cat, django_capture_on_commit_callbacks):
    path = "/api/v1/guides/?lang=en&fallback=fr"
    first = client.get(path)
    assert first["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        translation_create_or_update(
            source=cat.guide, locale=cat.locales["en"], fields={"title": "Backup guide"}
        )
    second = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["X-Cache"] == "miss"
    assert [i["title"] for i in results(second)] == ["Backup guide"]
    assert second["ETag"] != first["ETag"]
    assert parse_http_date(second["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    stale = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert stale.status_code == 200


def test_cache_follows_edits_of_partners_themes_and_audiences(
    client, cat, django_capture_on_commit_callbacks
):
    path = f"/api/v1/guides/{cat.guide.key}/"
    assert client.get(path).json()["partner"]["name"] == "Cybermassif"
    assert client.get(path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        cat.partner.name = "Cybermassif Auvergne"
        cat.partner.save()
    assert client.get(path).json()["partner"]["name"] == "Cybermassif Auvergne"
    with django_capture_on_commit_callbacks(execute=True):
        cat.security.title = "Cybersécurité"
        f.publish(cat.security)
    assert client.get(path).json()["theme"]["title"] == "Cybersécurité"
    with django_capture_on_commit_callbacks(execute=True):
        cat.audience.name = "Très petites entreprises"
        cat.audience.save()
    assert client.get(path).json()["audiences"][0]["name"] == "Très petites entreprises"


def test_errors_are_never_cached(client, cat):
    response = client.get("/api/v1/items/?lang=xx")
    assert response.status_code == 400 and response["Cache-Control"] == "no-store"
    assert "ETag" not in response


def test_anonymous_reads_are_throttled_with_retry_after(client, cat, settings, quota_window):
    settings.API_ANON_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    refused = client.get("/api/v1/themes/")
    body = problem(refused, 429)
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert body["retry_after"] == int(refused["Retry-After"])
    assert refused["X-RateLimit-Remaining"] == "0"
    # a forged X-Forwarded-For does not buy a new allowance
    assert client.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    # another client (IP) has its own allowance; cached answers count too
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 429
    assert client.get("/widgets/items.json").status_code == 429


# --- partner keys -------------------------------------------------------------------------
def make_key(**fields):
    key, plaintext = PartnerAPIKey.issue(name="Test partner", **fields)
    key.save()
    return key, {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_behind_a_proxy_the_forwarded_address_is_the_client(client, cat, settings, quota_window):
    settings.API_ANON_RATE = "1/minute"
    settings.API_NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.5", **proxy}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.6", **proxy}
    assert client.get("/api/v1/themes/", **first).status_code == 200
    assert client.get("/api/v1/themes/", **first).status_code == 429
    assert client.get("/api/v1/themes/", **second).status_code == 200


def test_a_key_has_its_own_quota_and_gets_429_with_retry_after(client, cat, settings, quota_window):
    settings.API_ANON_RATE = "1/minute"
    _key, auth = make_key(quota=3, quota_period="hour")
    for remaining in (2, 1, 0):
        response = client.get("/api/v1/items/", **auth)
        assert response.status_code == 200
        assert response["X-RateLimit-Limit"] == "3"
        assert response["X-RateLimit-Remaining"] == str(remaining)
        assert response["Cache-Control"].startswith("private")
    refused = client.get("/api/v1/items/", **auth)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3601


def test_unknown_malformed_revoked_and_expired_keys_get_401(client, cat):
    from django.utils import timezone
    from wagtail.models import APIToken

    for header in (
        {"HTTP_AUTHORIZATION": "Bearer not-a-key"},
        {"HTTP_X_API_KEY": APIToken.generate_token()},  # well-formed, never issued
    ):
        response = client.get("/api/v1/items/", **header)
        assert problem(response, 401) and "Bearer" in response["WWW-Authenticate"]
    key, auth = make_key()
    assert client.get("/api/v1/items/", **auth).status_code == 200
    key.revoke()
    assert client.get("/api/v1/items/", **auth).status_code == 401
    _key, auth = make_key(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    assert client.get("/api/v1/items/", **auth).status_code == 401


def test_x_api_key_header_works_too(client, cat):
    key, plaintext = PartnerAPIKey.issue(name="Header")
    key.save()
    response = client.get("/api/v1/items/", HTTP_X_API_KEY=plaintext)
    assert response.status_code == 200 and response["X-RateLimit-Limit"] == str(key.quota)


def test_a_key_restricted_to_locales(client, cat):
    key, auth = make_key()
    key.allowed_locales.set([cat.locales["es"], cat.locales["pt"]])
    # default language becomes an allowed one
    response = client.get("/api/v1/guides/", **auth)
    assert response.json()["locale"]["requested"] == "es"
    refused = problem(client.get("/api/v1/guides/?lang=fr", **auth), 403)
    assert "fr" in refused["detail"]
    assert client.get("/api/v1/guides/?lang=pt&fallback=fr", **auth).status_code == 403
    guide = client.get(f"/api/v1/guides/{cat.guide.key}/?lang=pt", **auth).json()
    assert {link["locale"] for link in guide["translations"]} == {"es", "pt"}
    # an anonymous reader is not restricted, and does not get the key's cached answer
    anonymous = client.get(f"/api/v1/guides/{cat.guide.key}/?lang=pt").json()
    assert {link["locale"] for link in anonymous["translations"]} == {"fr", "es", "pt"}


def test_a_key_restricted_to_themes(client, cat):
    key, auth = make_key()
    key.allowed_themes.set([cat.tourism])
    assert [i["key"] for i in results(client.get("/api/v1/items/", **auth))] == [
        cat.best_practice.key
    ]
    assert [t["key"] for t in results(client.get("/api/v1/themes/", **auth))] == ["tourism"]
    assert client.get(f"/api/v1/guides/{cat.guide.key}/", **auth).status_code == 404
    assert problem(client.get("/api/v1/items/?theme=security", **auth), 403)


def test_usage_is_counted_per_day(client, cat, quota_window):
    key, auth = make_key(quota=2, quota_period="minute")
    for _ in range(4):
        client.get("/api/v1/themes/", **auth)
    unused, _auth = make_key()
    assert flush_api_key_usage() == 2  # the periodic task writes every key's counters
    assert not APIKeyDailyUsage.objects.filter(key=unused).exists()
    key.refresh_from_db()
    [day] = APIKeyDailyUsage.objects.filter(key=key)
    assert day.day == dt.date(2027, 3, 10)  # the day of the requests, in UTC
    assert (day.requests, day.throttled) == (4, 2)
    assert (key.request_count, key.throttled_count) == (4, 2)
    assert key.last_used_at is not None


# --- CORS -----------------------------------------------------------------------------------
def test_cors_for_configured_partner_origins(client, cat, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.cci-toulouse.fr"]
    allowed = client.get("/api/v1/items/", HTTP_ORIGIN="https://www.cci-toulouse.fr")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.cci-toulouse.fr"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/items/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/items/",
        HTTP_ORIGIN="https://www.cci-toulouse.fr",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key, if-none-match",
    )
    assert preflight.status_code == 200
    allowed_headers = preflight["Access-Control-Allow-Headers"]
    assert "x-api-key" in allowed_headers and "if-none-match" in allowed_headers


def test_cors_for_origins_set_on_a_partner_key(client, cat):
    origin = "https://www.socio.es"
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/items/", HTTP_ORIGIN=origin)
    key, _auth = make_key(allowed_origins=f"{origin}\nhttps://other.socio.es")
    assert client.get("/api/v1/items/", HTTP_ORIGIN=origin)["Access-Control-Allow-Origin"] == (
        origin
    )
    key.revoke()
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/items/", HTTP_ORIGIN=origin)


def test_widgets_are_readable_from_any_origin_without_credentials(client, cat):
    response = client.get("/widgets/items.json", HTTP_ORIGIN="https://any-site.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies


def test_last_modified_is_a_date_in_the_past(client, cat):
    import time

    response = client.get("/api/v1/items/")
    assert parse_http_date(response["Last-Modified"]) <= time.time() + 1
    assert http_date(parse_http_date(response["Last-Modified"])) == response["Last-Modified"]
