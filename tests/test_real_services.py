"""CI must run against the real services: a silent fallback to embedded parts fails here."""

import pytest
from django.conf import settings
from django.db import connection

from .conftest import REQUIRE_REAL_SERVICES

pytestmark = pytest.mark.skipif(
    not REQUIRE_REAL_SERVICES, reason="needs the full stack (scripts/test.sh)"
)


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_search_backend_is_the_engine():
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert settings.SEARCH_BACKEND in {
        "opensearch2",
        "opensearch3",
        "elasticsearch8",
        "elasticsearch9",
    }
    assert "database" not in type(backend).__module__
    assert backend.es.cluster.health()["status"] in {"green", "yellow"}


def test_cache_is_redis():
    from django.core.cache import cache, caches

    assert type(caches["default"]).__name__ == "RedisCache"
    cache.set("real-services-probe", 42)
    assert cache.get("real-services-probe") == 42


def test_the_services_worker_answers_through_the_broker():
    """The worker started by scripts/services.sh is up and consumes the broker."""
    from cms.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        replies = app.control.ping(timeout=5, connection=conn)
    assert replies, "no Celery worker answered"


def test_in_process_worker_uses_the_real_broker(celery_worker):
    from cms.celery import app, ping

    assert app.conf.broker_url.startswith("redis://")
    assert ping.delay().get(timeout=20) == "pong"
