"""The search app's part of /health/: engine state and the replay backlog."""

from __future__ import annotations

from django.utils import timezone

from home import health

from .engine import EngineUnavailable, engine_configured, get_engine
from .models import PendingIndexChange, SearchDocument


def register() -> None:
    """Add :func:`search_report` to /health/ (``SearchConfig.ready()``)."""
    if search_report not in health.EXTRA_REPORTERS:
        health.EXTRA_REPORTERS.append(search_report)


def search_report() -> dict:
    """Registered in ``home.health.EXTRA_REPORTERS`` by :func:`register`."""
    pending = PendingIndexChange.objects.order_by("queued_at")
    oldest = pending.values_list("queued_at", flat=True).first()
    report = {
        "backend": "engine" if engine_configured() else "database",
        "documents": SearchDocument.objects.count(),
        "backlog": pending.count(),
        "backlog_oldest_seconds": (
            round((timezone.now() - oldest).total_seconds(), 1) if oldest else None
        ),
    }
    engine = get_engine()
    if engine is None:
        report["engine"] = "embedded"
    else:
        try:
            health = engine.ping(timeout=2)
            report["engine"] = "up"
            report["engine_status"] = health.get("status")
            report["engine_nodes"] = health.get("number_of_nodes")
        except EngineUnavailable as exc:
            report["engine"] = "down"
            report["engine_error"] = str(exc)[:200]
    return {"search_index": report}
