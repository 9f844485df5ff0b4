"""/health/ reports each configured service, and names the ones that are down."""

import os

import pytest
from django.conf import settings

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"

CLOSED_PORT_URL = "127.0.0.1:9"  # discard port: nothing listens there


def get_health(client):
    response = client.get("/health/")
    return response.status_code, response.json()


@pytest.mark.django_db
def test_health_reports_every_service(client):
    status, body = get_health(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["services"]) == {"database", "cache", "broker", "worker", "search"}
    assert body["down"] == []


@pytest.mark.django_db
@pytest.mark.skipif(not REQUIRE_REAL_SERVICES, reason="needs the full stack (scripts/test.sh)")
def test_health_sees_the_real_services(client):
    _status, body = get_health(client)
    services = body["services"]
    assert services["database"] == {**services["database"], "status": "up", "detail": "postgresql"}
    assert services["cache"]["status"] == "up"
    assert services["broker"]["status"] == "up"
    assert services["worker"]["status"] == "up", services["worker"]
    assert services["search"]["status"] == "up"
    assert services["search"]["detail"].startswith(settings.SEARCH_BACKEND)


@pytest.mark.django_db
def test_stopped_cache_is_reported_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{CLOSED_PORT_URL}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    status, body = get_health(client)
    assert status == 503
    assert body["down"] == ["cache"]
    assert body["services"]["cache"]["status"] == "down"


@pytest.mark.django_db
def test_stopped_broker_and_worker_are_reported_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://{CLOSED_PORT_URL}/1"
    status, body = get_health(client)
    assert status == 503
    assert "broker" in body["down"]
    assert "worker" in body["down"]
    assert "Error" in body["services"]["broker"]["detail"]


@pytest.mark.django_db
def test_stopped_search_engine_is_reported_down(client, settings):
    settings.SEARCH_BACKEND = "opensearch2"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [f"http://{CLOSED_PORT_URL}"],
            "INDEX_PREFIX": "health_probe_",
            "TIMEOUT": 1,
        }
    }
    status, body = get_health(client)
    assert status == 503
    assert body["down"] == ["search"]
    assert body["services"]["search"]["status"] == "down"
