"""Health checks for each configured service.

Each check returns a ``ServiceState``. A service that is not configured (embedded mode) is
reported as such and does not make the site unhealthy; a configured service that does not
answer does.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)

UP = "up"
DOWN = "down"
EMBEDDED = "embedded"


@dataclass
class ServiceState:
    status: str
    detail: str = ""
    latency_ms: float | None = None

    @property
    def healthy(self) -> bool:
        return self.status != DOWN

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


def _timed(check) -> ServiceState:
    started = time.perf_counter()
    try:
        state = check()
    except Exception as exc:  # a health check reports failures, it never raises
        logger.warning("health check %s failed: %s", check.__name__, exc)
        state = ServiceState(DOWN, f"{type(exc).__name__}: {exc}"[:300])
    state.latency_ms = round((time.perf_counter() - started) * 1000, 1)
    return state


def check_database() -> ServiceState:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ServiceState(UP, connection.vendor)


def check_cache() -> ServiceState:
    backend = settings.CACHES["default"]["BACKEND"]
    cache.set("health:probe", "ok", 10)
    if cache.get("health:probe") != "ok":
        return ServiceState(DOWN, "cache did not return the value it stored")
    if "locmem" in backend.lower():
        return ServiceState(EMBEDDED, "local memory")
    return ServiceState(UP, backend.rsplit(".", 1)[-1])


def check_broker() -> ServiceState:
    if not settings.CELERY_BROKER_URL:
        return ServiceState(EMBEDDED, "tasks run eagerly in-process")
    with current_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return ServiceState(UP, conn.as_uri())


def check_worker() -> ServiceState:
    if not settings.CELERY_BROKER_URL:
        return ServiceState(EMBEDDED, "tasks run eagerly in-process")
    with current_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        replies = current_app.control.ping(timeout=1.0, connection=conn) or []
    if not replies:
        return ServiceState(DOWN, "no Celery worker answered a ping")
    return ServiceState(UP, f"{len(replies)} worker(s)")


def check_search() -> ServiceState:
    if settings.SEARCH_BACKEND == "database":
        return ServiceState(EMBEDDED, "database search")
    backend = get_search_backend()
    info = backend.es.cluster.health(request_timeout=3)
    status = info.get("status", "red")
    if status == "red":
        return ServiceState(DOWN, f"cluster status red ({info.get('number_of_nodes')} nodes)")
    return ServiceState(
        UP, f"{settings.SEARCH_BACKEND}, cluster {status}, {info.get('number_of_nodes')} node(s)"
    )


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "worker": check_worker,
    "search": check_search,
}

# Other apps may register extra information (e.g. the search replay backlog).
EXTRA_REPORTERS: list = []


def run_checks() -> tuple[bool, dict]:
    services = {name: _timed(check) for name, check in CHECKS.items()}
    healthy = all(state.healthy for state in services.values())
    report = {
        "status": "ok" if healthy else "degraded",
        "services": {name: state.as_dict() for name, state in services.items()},
        "down": [name for name, state in services.items() if not state.healthy],
    }
    for reporter in EXTRA_REPORTERS:
        try:
            report.update(reporter())
        except Exception as exc:
            logger.warning("health reporter %r failed: %s", reporter, exc)
    return healthy, report
