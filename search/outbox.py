"""The outbox: how a content change reaches the index (see ``search.services``).

A change records its groups in :class:`~search.models.PendingIndexChange`, in the change's own
transaction, and their sync is enqueued once that transaction commits. This module sits above
the tasks, which sit above the services (signals → outbox → tasks → services), so that no
module of the write path imports one that imports it back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import PendingIndexChange
from .services import search_backlog_note_failure
from .tasks import sync_groups

logger = logging.getLogger(__name__)


def search_changes_record(*, groups: Iterable[str], enqueue: bool = True) -> list[str]:
    """Record that ``groups`` changed (outbox row) and enqueue their sync once committed."""
    groups = sorted({g for g in groups if g})
    if not groups:
        return []
    now = timezone.now()
    for group in groups:
        PendingIndexChange.objects.update_or_create(group=group, defaults={"queued_at": now})
    if enqueue:
        transaction.on_commit(lambda: _enqueue(groups))
    return groups


def _enqueue(groups: list[str]) -> None:
    try:
        sync_groups.delay(groups)
    except Exception as exc:  # broker down: the outbox rows wait for the periodic replay
        logger.warning("could not enqueue search sync of %s: %s", groups[:5], exc)
        search_backlog_note_failure(groups=groups, error=f"could not enqueue the sync: {exc}")
