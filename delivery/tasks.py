"""Background tasks of headless delivery: webhook deliveries, partner-key usage counters."""

from __future__ import annotations

import time
from datetime import timedelta

from celery import shared_task

from .keys import api_key_usage_flush
from .models import PartnerAPIKey
from .webhook_sender import webhook_deliveries_due, webhook_delivery_attempt


@shared_task(bind=True, name="delivery.deliver_webhook", acks_late=True, max_retries=None)
def deliver_webhook(self, delivery_id: str) -> bool:
    """One attempt at a delivery; retried with exponential backoff until delivered or given up.

    Run eagerly (embedded mode, no worker), a failed attempt is not retried inline, which would
    hold up the editor's request: it stays due and ``send_due_webhooks`` sends it later.
    """
    outcome = webhook_delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.delivered


@shared_task(name="delivery.send_due_webhooks")
def send_due_webhooks() -> int:
    """Enqueue deliveries whose next attempt is due (after a broker outage, or in embedded
    mode); safe to schedule every few minutes."""
    due = webhook_deliveries_due(overdue_by=timedelta(minutes=5))
    for delivery_id in due:
        deliver_webhook.delay(delivery_id)
    return len(due)


@shared_task(name="delivery.flush_api_key_usage")
def flush_api_key_usage() -> int:
    """Write today's and yesterday's usage counters of every partner key to the database (a
    key's last requests of a day are otherwise only written on its next request)."""
    now = time.time()
    days = [time.strftime("%Y%m%d", time.gmtime(now - offset)) for offset in (0, 86400)]
    keys = list(PartnerAPIKey.objects.values_list("pk", flat=True))
    for key_id in keys:
        for day in days:
            api_key_usage_flush(key_id=key_id, day=day)
    return len(keys)
