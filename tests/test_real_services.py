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
    assert backend.client.cluster.health()["status"] in {"green", "yellow"}


def test_cache_is_redis():
    from django.core.cache import cache

    assert "RedisCache" in type(cache).__name__
    cache.set("real-services-probe", 42)
    assert cache.get("real-services-probe") == 42


def test_tasks_go_through_the_broker_to_a_worker():
    from cms.celery import ping

    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert ping.delay().get(timeout=20) == "pong"
