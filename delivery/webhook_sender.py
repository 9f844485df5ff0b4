"""Webhook deliveries, sent: each attempt is one signed POST, logged as a ``WebhookAttempt``;
a failure is retried with exponential backoff (``delivery.tasks.deliver_webhook``).

Signature: ``X-CyberSudoe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``
(see ``webhook_signature`` and ``webhook_signature_verify``; docs/api.md shows how to verify).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-CyberSudoe-Signature"
USER_AGENT = "CyberSudoe-Webhooks/1.0"
RESPONSE_BODY_LIMIT = 2000
MAX_BACKOFF_SECONDS = 6 * 3600


# --- signing -------------------------------------------------------------------------------
def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def webhook_signature_verify(
    secret: str, header: str, body: bytes, tolerance: int = 300, now: float | None = None
) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` less than ``tolerance`` s ago."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = webhook_signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


# --- sending -------------------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class AttemptOutcome:
    delivered: bool
    retry_in: float | None  # seconds, None when there is nothing more to do


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with ±20 % jitter: base, 2×base, 4×base... capped at 6 hours."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS * (2 ** (attempt - 1))
    return min(MAX_BACKOFF_SECONDS, base * random.uniform(0.8, 1.2))


def webhook_delivery_attempt(*, delivery_id: str) -> AttemptOutcome:
    """Make one signed POST for a delivery, log it, and say whether to try again and when."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in {
            WebhookDelivery.Status.DELIVERED,
            WebhookDelivery.Status.FAILED,
        }:
            return AttemptOutcome(delivered=False, retry_in=None)
        delivery.attempts += 1
        number = delivery.attempts
        delivery.save(update_fields=["attempts"])
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-CyberSudoe-Event": delivery.event,
            "X-CyberSudoe-Delivery": str(delivery.pk),
            "X-CyberSudoe-Timestamp": str(timestamp),
            SIGNATURE_HEADER: webhook_signature(endpoint.secret, timestamp, body),
        },
    )
    status_code, response_body, error = None, "", ""
    started = time.perf_counter()
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            status_code = response.status
            response_body = response.read(RESPONSE_BODY_LIMIT).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status_code = exc.code
        response_body = exc.read(RESPONSE_BODY_LIMIT).decode("utf-8", "replace")
    except Exception as exc:  # connection refused, timeout, TLS, DNS...
        error = f"{type(exc).__name__}: {exc}"[:1000]
    duration_ms = int((time.perf_counter() - started) * 1000)

    delivered = status_code is not None and 200 <= status_code < 300
    if not delivered and not error:
        error = f"HTTP {status_code}"
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        duration_ms=duration_ms,
        status_code=status_code,
        response_body=response_body,
        error="" if delivered else error,
    )
    now = timezone.now()
    retry_in = None
    if delivered:
        status, next_attempt_at, delivered_at = WebhookDelivery.Status.DELIVERED, None, now
    elif number >= settings.WEBHOOK_MAX_ATTEMPTS:
        status, next_attempt_at, delivered_at = WebhookDelivery.Status.FAILED, None, None
    else:
        retry_in = backoff_seconds(number)
        status = WebhookDelivery.Status.RETRYING
        next_attempt_at, delivered_at = now + timedelta(seconds=retry_in), None
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        next_attempt_at=next_attempt_at,
        delivered_at=delivered_at,
        last_status_code=status_code,
        last_error="" if delivered else error,
    )
    if not delivered:
        logger.warning(
            "webhook %s to %s failed (attempt %d): %s", delivery.pk, endpoint.url, number, error
        )
    return AttemptOutcome(delivered=delivered, retry_in=retry_in)


def webhook_deliveries_due(*, overdue_by: timedelta = timedelta(0), limit: int = 500) -> list[str]:
    """Deliveries whose next attempt is at least ``overdue_by`` late (their task was lost in a
    broker outage, or nothing runs retries in embedded mode)."""
    return [
        str(pk)
        for pk in WebhookDelivery.objects.filter(
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
            next_attempt_at__lte=timezone.now() - overdue_by,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    ]
