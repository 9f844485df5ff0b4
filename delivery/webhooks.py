"""Webhooks: record what changed as deliveries to partner endpoints, and hand them to Celery.

Flow: publishing or unpublishing a toolbox item records one ``WebhookDelivery`` per matching
endpoint inside the editor's transaction (an outbox: nothing is lost if the broker is briefly
down), and enqueues ``delivery.tasks.deliver_webhook`` for each once that transaction commits.
The task sends it (``webhook_sender``). Recording is wrapped in a savepoint and never raises, so
webhooks can neither block nor break publishing.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from home.public_urls import page_full_url, public_base_url
from toolbox.registry import item_type_for_model

from .models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from .tasks import deliver_webhook

logger = logging.getLogger(__name__)


# --- recording -----------------------------------------------------------------------------
def _is_translation(page) -> bool:
    """True when ``page`` is a translation of content first written in another language."""
    source = TranslationSource.objects.filter(object_id=page.translation_key).first()
    if source is not None:
        return source.locale_id != page.locale_id
    first = (
        Page.objects.filter(translation_key=page.translation_key).order_by("pk").only("pk").first()
    )
    return first is not None and first.pk != page.pk


def _events_for(page, change: str, item_type) -> list[str]:
    if change == "published":
        was_live = getattr(page, "_api_was_live", None)
        if was_live is None:
            was_live = page.first_published_at != page.last_published_at
        if was_live:
            events = [WebhookEvent.ITEM_UPDATED]
        elif _is_translation(page):
            events = [WebhookEvent.TRANSLATION_PUBLISHED]
        else:
            events = [WebhookEvent.ITEM_PUBLISHED]
    else:
        events = [WebhookEvent.ITEM_UNPUBLISHED]
    if item_type.name == "event":
        events.append(WebhookEvent.EVENT_CHANGED)
    return [str(event) for event in events]


def _payload(page, item_type, change: str, event: str) -> dict:
    base = public_base_url()
    data = {
        "type": item_type.name,
        "change": change,
        "id": page.pk,
        "key": getattr(page, "key", ""),
        "locale": page.locale.language_code,
        "translation_key": str(page.translation_key),
        "api_url": f"{base}/api/v1/{item_type.segment}/{page.pk}/",
    }
    if change in {"published", "updated"}:
        data.update(
            {
                "title": page.title,
                "url": page_full_url(page),
                "last_published_at": page.last_published_at.isoformat()
                if page.last_published_at
                else None,
            }
        )
    event_fields = getattr(page, "webhook_event_fields", None)
    if item_type.name == "event" and callable(event_fields) and change != "unpublished":
        data["event"] = event_fields()
    return data


def webhook_events_record_for_page(*, page, change: str) -> list[WebhookDelivery]:
    """Record the deliveries a toolbox item's ``change`` causes; never raises.

    ``change`` is "published" (first time or again) or "unpublished" (also on deletion).
    Pages under a view restriction are private: nothing about them is ever sent.
    """
    try:
        with transaction.atomic():
            return _record(page, change)
    except Exception:  # webhooks must never break publishing
        logger.exception("could not record webhook deliveries for page %s", page.pk)
        return []


def _record(page, change: str) -> list[WebhookDelivery]:
    page = page.specific
    item_type = item_type_for_model(type(page))
    if item_type is None:
        return []
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).prefetch_related("locales")
        if not endpoint.locales.all()
        or any(loc.pk == page.locale_id for loc in endpoint.locales.all())
    ]
    if not endpoints:
        return []
    if page.get_view_restrictions().exists():
        return []
    events = _events_for(page, change, item_type)
    if change == "published" and WebhookEvent.ITEM_UPDATED in events:
        public_change = "updated"
    elif change == "published":
        public_change = "published"
    else:
        public_change = change
    deliveries = []
    now = timezone.now()
    for endpoint in endpoints:
        for event in events:
            if event not in endpoint.events:
                continue
            delivery = WebhookDelivery(endpoint=endpoint, event=event, next_attempt_at=now)
            delivery.payload = {
                "id": str(delivery.id),
                "event": event,
                "created_at": now.isoformat(),
                "data": _payload(page, item_type, public_change, event),
            }
            deliveries.append(delivery)
    WebhookDelivery.objects.bulk_create(deliveries)
    ids = [str(delivery.id) for delivery in deliveries]
    transaction.on_commit(lambda: webhook_deliveries_enqueue(ids))
    return deliveries


def webhook_deliveries_enqueue(delivery_ids: list[str]) -> None:
    """Hand deliveries to Celery; a broker outage leaves them pending for ``send_due``."""
    for delivery_id in delivery_ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:
            logger.exception("could not enqueue webhook delivery %s", delivery_id)


def webhook_endpoint_send_test(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``ping`` delivery, for the admin's "send a test" button."""
    delivery = WebhookDelivery(endpoint=endpoint, event="ping", next_attempt_at=timezone.now())
    delivery.payload = {
        "id": str(delivery.id),
        "event": "ping",
        "created_at": timezone.now().isoformat(),
        "data": {"endpoint": endpoint.name},
    }
    delivery.save()
    transaction.on_commit(lambda: webhook_deliveries_enqueue([str(delivery.id)]))
    return delivery
