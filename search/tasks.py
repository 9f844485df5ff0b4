"""Celery tasks of the search app: thin wrappers around ``search.services``.

Tasks take group keys (``toolbox.guidepage:<translation key>``), are enqueued on commit, are
idempotent (a group is rebuilt from the current database state) and retry with exponential
backoff while the engine is unavailable. Whatever they could not deliver stays in the outbox
(``PendingIndexChange``) and is replayed by :func:`replay_backlog`, which Celery beat runs
every 30 s (``CELERY_BEAT_SCHEDULE``), once the engine answers again; a visitor's search
never triggers it.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache

from . import services
from .engine import EngineUnavailable

logger = logging.getLogger(__name__)

MAX_RETRIES = 6
REPLAY_LOCK = "search:replay-lock"


@shared_task(bind=True, name="search.sync_groups", max_retries=MAX_RETRIES, acks_late=True)
def sync_groups(self, groups: list[str]) -> int:
    try:
        return services.search_groups_sync(groups=groups)
    except EngineUnavailable as exc:
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            # the outbox keeps the change; it is replayed when the engine answers again
            logger.warning(
                "search engine unavailable, %d group(s) left in the backlog: %s", len(groups), exc
            )
            return 0
        countdown = min(2 ** (self.request.retries + 1), 300)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(bind=True, name="search.replay_backlog", acks_late=True)
def replay_backlog(self) -> int:
    """Replay the outbox into the engine when it holds undelivered changes and the engine
    answers (``services.search_backlog_due``); one replay at a time. Periodic (beat); returns
    how many groups were replayed."""
    if not services.search_backlog_due():
        return 0
    if not cache.add(REPLAY_LOCK, True, 600):
        return 0
    try:
        return services.search_backlog_replay()
    except EngineUnavailable as exc:
        logger.warning("replay stopped, engine unavailable again: %s", exc)
        return 0
    finally:
        cache.delete(REPLAY_LOCK)
