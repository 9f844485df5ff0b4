"""Celery tasks of the wiki. Thin: they take ids, load, and call ``wiki.notifications``.

Enqueued with ``transaction.on_commit`` by the services, so a worker never sees an id whose
row is not committed yet.
"""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from . import notifications
from .models import Handoff, Notification, WikiComment, WikiProfile, WikiRevision


def _send_instant(created: list[Notification]) -> None:
    for n in created:
        send_notification.delay(n.pk)


@shared_task(name="wiki.revision_saved")
def revision_saved(revision_id: int) -> int:
    """After a save committed: notify the watchers (the search learns of it through
    ``wiki.indexing``, in the save's transaction)."""
    return notify_revision(revision_id)


@shared_task(name="wiki.notify_revision")
def notify_revision(revision_id: int) -> int:
    revision = (
        WikiRevision.objects.select_related("page", "page__group", "author")
        .filter(pk=revision_id)
        .first()
    )
    if revision is None:
        return 0
    created = notifications.for_revision(revision)
    _send_instant(created)
    return len(created)


@shared_task(name="wiki.notify_comment")
def notify_comment(comment_id: int) -> int:
    comment = (
        WikiComment.objects.select_related("page", "page__group", "author", "parent")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    created = notifications.for_comment(comment)
    _send_instant(created)
    return len(created)


@shared_task(name="wiki.notify_handoff")
def notify_handoff(handoff_id: int) -> int:
    handoff = (
        Handoff.objects.select_related("page", "page__group", "submitted_by", "revision")
        .filter(pk=handoff_id)
        .first()
    )
    if handoff is None:
        return 0
    created = notifications.for_handoff(handoff)
    _send_instant(created)
    return len(created)


@shared_task(name="wiki.send_notification")
def send_notification(notification_id: int) -> bool:
    notification = (
        Notification.objects.select_related("recipient", "page", "page__group", "actor", "revision")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return False
    return notifications.deliver(notification)


@shared_task(name="wiki.send_daily_digests")
def send_daily_digests() -> int:
    """Run once a day (Celery beat or ``manage.py wiki_send_digests``)."""
    users = (
        get_user_model()
        .objects.filter(
            wiki_profile__delivery=WikiProfile.Delivery.DAILY,
            wiki_notifications__emailed_at__isnull=True,
        )
        .distinct()
    )
    return sum(1 for user in users if notifications.deliver_digest(user))
