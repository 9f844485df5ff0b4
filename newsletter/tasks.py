"""Background tasks of the newsletter (thin: each calls a service and dispatches batches).

A campaign is sent as many ``newsletter.batch_send`` tasks, one per range of send rows. Every
task may run twice (broker redelivery after a worker died, a retry after an SMTP error, the
recovery sweep): ``services.batch_send`` claims rows under a token and marks each one sent
before its message is terminated, so a contact gets the issue once whichever task runs.
"""

from __future__ import annotations

import smtplib

from celery import shared_task

from newsletter import conf, services
from newsletter.models import Campaign


def enqueue(task, *args) -> None:
    """Send a newsletter task to the newsletter's queue (``NEWSLETTER_QUEUE``; the default
    queue when empty), so that a worker of its own can send while the site's other tasks
    (search indexing, notifications) keep their own pace."""
    task.apply_async(args=list(args), queue=conf.queue() or None)


def _dispatch(campaign_id: int, batches: list[tuple[int, int]]) -> int:
    for first_id, last_id in batches:
        enqueue(batch_send, campaign_id, first_id, last_id)
    return len(batches)


def campaign_dispatch(campaign_id: int, batches: list[tuple[int, int]]) -> int:
    """Enqueue the batches of a campaign (what the admin and the commands call after
    ``services.campaign_start`` or ``campaign_resume``, inside ``transaction.on_commit``)."""
    return _dispatch(campaign_id, batches)


@shared_task(name="newsletter.campaign_start")
def campaign_start(campaign_id: int) -> int:
    """Create the send rows of a draft campaign and enqueue its batches."""
    campaign = Campaign.objects.get(pk=campaign_id)
    return _dispatch(campaign_id, services.campaign_start(campaign=campaign))


@shared_task(name="newsletter.campaign_resume")
def campaign_resume(campaign_id: int) -> int:
    """A paused campaign back to sending: its remaining rows are batched again."""
    campaign = Campaign.objects.get(pk=campaign_id)
    return _dispatch(campaign_id, services.campaign_resume(campaign=campaign))


@shared_task(
    name="newsletter.batch_send",
    bind=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=12,
)
def batch_send(self, campaign_id: int, first_id: int, last_id: int) -> int:
    """Send the queued rows of a campaign between two send ids; SMTP errors retry the task
    (the rows not sent went back to the queue)."""
    return services.batch_send(campaign_id=campaign_id, first_id=first_id, last_id=last_id)


@shared_task(name="newsletter.campaigns_recover")
def campaigns_recover() -> int:
    """Celery beat, every minute: rows a dead worker left claimed go back to the queue and the
    batches of a stalled campaign are dispatched again (``services.campaign_recover``)."""
    dispatched = 0
    for campaign in Campaign.objects.filter(state=Campaign.State.RUNNING):
        dispatched += _dispatch(campaign.pk, services.campaign_recover(campaign=campaign))
    return dispatched


@shared_task(name="newsletter.bounces_process")
def bounces_process() -> dict[str, int]:
    """Celery beat: the DSNs of the bounce Maildir (when one is configured) read and counted."""
    if not conf.maildir():
        return {}
    return services.bounces_process()
