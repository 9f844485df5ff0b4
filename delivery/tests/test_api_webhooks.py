"""Webhooks: signed deliveries to a real local HTTP receiver, sent by Celery after commit,
retried with backoff, logged, and never in the way of publishing."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from delivery import webhooks
from delivery.models import WebhookDelivery, WebhookEndpoint
from delivery.webhook_sender import (
    SIGNATURE_HEADER,
    webhook_delivery_attempt,
    webhook_signature,
    webhook_signature_verify,
)
from home.services import translation_create_or_update
from toolbox.tests import factories as f

ALL_EVENTS = [
    "item.published",
    "item.unpublished",
    "item.updated",
    "translation.published",
    "event.changed",
]


class Receiver:
    """A partner's endpoint: verifies each signature with the shared secret, as documented."""

    def __init__(self, statuses=(200,), delay: float = 0.0):
        self.statuses = list(statuses)
        self.delay = delay
        self.requests: list[dict] = []
        self.secret = ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = (
                    receiver.statuses.pop(0)
                    if len(receiver.statuses) > 1
                    else (receiver.statuses[0])
                )
                receiver.requests.append(
                    {
                        "at": time.monotonic(),
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "payload": json.loads(body),
                        "signature_ok": webhook_signature_verify(
                            receiver.secret, self.headers[SIGNATURE_HEADER], body
                        ),
                        "status": status,
                    }
                )
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"received with {status}".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cybersudoe"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[tuple[str, str, str]]:
        return [
            (r["payload"]["event"], r["payload"]["data"]["locale"], r["payload"]["data"]["change"])
            for r in self.requests
        ]


def endpoint_for(receiver, events=ALL_EVENTS, **fields) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.create(
        name="Partner site", url=receiver.url, events=list(events), **fields
    )
    receiver.secret = endpoint.secret
    return endpoint


@pytest.fixture
def tree(db):
    f.locales()
    security = f.theme()
    section = f.section(f.partner())
    return {"security": security, "section": section}


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


# --- signatures ---------------------------------------------------------------------------
def test_signature_verification():
    body = b'{"event":"item.published"}'
    header = webhook_signature("whsec_abc", int(time.time()), body)
    assert webhook_signature_verify("whsec_abc", header, body)
    assert not webhook_signature_verify("whsec_other", header, body)
    assert not webhook_signature_verify("whsec_abc", header, body + b" ")
    old = webhook_signature("whsec_abc", int(time.time()) - 3600, body)
    assert not webhook_signature_verify("whsec_abc", old, body)
    assert not webhook_signature_verify("whsec_abc", "garbage", body)


# --- events (tasks run eagerly here, after the editor's transaction commits) ----------------
def test_each_change_sends_its_event_signed(tree, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        endpoint = endpoint_for(receiver)
        with django_capture_on_commit_callbacks(execute=True):
            guide = f.guide(tree["section"], tree["security"], title="Guide publié")
        with django_capture_on_commit_callbacks(execute=True):
            f.publish(guide)
        with django_capture_on_commit_callbacks(execute=True):
            translation_create_or_update(
                source=guide, locale=f.locales()["es"], fields={"title": "Guía publicada"}
            )
        with django_capture_on_commit_callbacks(execute=True):
            guide.unpublish()
        assert receiver.events() == [
            ("item.published", "fr", "published"),
            ("item.updated", "fr", "updated"),
            ("translation.published", "es", "published"),
            ("item.unpublished", "fr", "unpublished"),
        ]
        assert all(r["signature_ok"] for r in receiver.requests)
        first = receiver.requests[0]
        assert first["headers"]["x-cybersudoe-event"] == "item.published"
        data = first["payload"]["data"]
        assert (data["type"], data["key"], data["title"]) == ("guide", guide.key, "Guide publié")
        assert data["api_url"].endswith(f"/api/v1/guides/{guide.pk}/")
        # unpublished: nothing more than what identifies the item
        assert "title" not in receiver.requests[-1]["payload"]["data"]
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert deliveries.count() == 4
    for delivery in deliveries:
        assert delivery.status == WebhookDelivery.Status.DELIVERED
        [attempt] = delivery.attempt_log.all()
        assert attempt.status_code == 200 and attempt.response_body == "received with 200"


def test_deleting_a_live_item_announces_it_once(tree, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        endpoint_for(receiver, events=["item.unpublished"])
        guide = f.guide(tree["section"], tree["security"])
        with django_capture_on_commit_callbacks(execute=True):
            guide.delete()
        # Wagtail unpublishes a live page before deleting it
        assert receiver.events() == [("item.unpublished", "fr", "unpublished")]
        assert receiver.requests[0]["payload"]["data"]["key"] == guide.key


def test_events_changed_and_endpoint_filters(tree, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        endpoint_for(receiver, events=["event.changed"])
        es_only = endpoint_for(Receiver(), events=ALL_EVENTS)
        es_only.locales.set([f.locales()["es"]])
        endpoint_for(Receiver(), events=ALL_EVENTS, is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            event = f.event(tree["section"], tree["security"])
            f.guide(tree["section"], tree["security"])  # not an event
        [request] = receiver.requests
        payload = request["payload"]
        assert payload["event"] == "event.changed"
        assert payload["data"]["type"] == "event" and payload["data"]["key"] == event.key
    # fr content: the es-only and the inactive endpoints received nothing
    assert not WebhookDelivery.objects.exclude(event="event.changed").exists()


def test_private_items_are_never_announced(tree, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    with Receiver() as receiver:
        endpoint_for(receiver)
        guide = f.guide(tree["section"], tree["security"], live=False)
        PageViewRestriction.objects.create(page=guide, restriction_type="login")
        with django_capture_on_commit_callbacks(execute=True):
            f.publish(guide)
        assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_failures_are_logged_and_given_up_after_the_last_attempt(tree, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    with Receiver(statuses=(503,)) as receiver:
        endpoint = endpoint_for(receiver)
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event="item.updated", payload={"event": "item.updated"}
        )
        first = webhook_delivery_attempt(delivery_id=str(delivery.pk))
        assert not first.delivered and first.retry_in is not None
        delivery.refresh_from_db()
        assert delivery.status == WebhookDelivery.Status.RETRYING
        assert delivery.last_status_code == 503 and delivery.next_attempt_at
        second = webhook_delivery_attempt(delivery_id=str(delivery.pk))
        assert second.retry_in is None
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert [a.status_code for a in delivery.attempt_log.all()] == [503, 503]
    assert delivery.attempt_log.first().response_body == "received with 503"


def test_an_unreachable_endpoint_is_logged_not_raised(tree, django_capture_on_commit_callbacks):
    endpoint = WebhookEndpoint.objects.create(
        name="Down", url="http://127.0.0.1:9/nothing-listens-here", events=ALL_EVENTS
    )
    with django_capture_on_commit_callbacks(execute=True):
        f.guide(tree["section"], tree["security"])  # publishing succeeds
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()


def test_recording_never_breaks_publishing(tree, monkeypatch):
    def broken(page, change):
        raise RuntimeError("the webhooks table is gone")

    monkeypatch.setattr(webhooks, "_record", broken)
    guide = f.guide(tree["section"], tree["security"])
    assert guide.live


# --- through the real broker and a real worker --------------------------------------------
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_celery_delivers_after_commit_retries_with_backoff_and_never_blocks_publishing(
    celery_worker, settings
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 1.0
    # Producer pools opened earlier in the session, before the fixture chose the broker
    # (embedded runs swap in an in-memory one), still point at the old broker: drop them.
    celery_worker.app._pool = None
    celery_worker.app.amqp._producer_pool = None
    f.locales()
    security = f.theme()
    section = f.section(f.partner())
    # The partner's server is slow (3 s) and fails the first time.
    with Receiver(statuses=(500, 200), delay=3.0) as receiver:
        endpoint = endpoint_for(receiver, events=["item.published"])
        started = time.monotonic()
        with transaction.atomic():
            guide = f.guide(section, security, title="Guide via Celery")
            queued = WebhookDelivery.objects.get(endpoint=endpoint)
            assert queued.status == WebhookDelivery.Status.PENDING
            time.sleep(0.5)
            assert receiver.requests == []  # nothing leaves before the commit
        publishing_took = time.monotonic() - started - 0.5
        # publishing (and its commit) returned before the partner's server could answer
        assert publishing_took < 3.0, publishing_took
        queued.refresh_from_db()
        assert queued.status != WebhookDelivery.Status.DELIVERED

        assert wait_for(lambda: len(receiver.requests) == 2, timeout=60), receiver.requests
        assert wait_for(
            lambda: (
                WebhookDelivery.objects.get(pk=queued.pk).status == WebhookDelivery.Status.DELIVERED
            )
        )
    first, second = receiver.requests
    assert first["signature_ok"] and second["signature_ok"]
    assert first["payload"]["data"]["id"] == second["payload"]["data"]["id"] == guide.pk
    # the retry waited for the backoff (base 1 s, ±20 %) after the failed 3 s request
    assert second["at"] - first["at"] >= 3.0 + 0.8
    delivery = WebhookDelivery.objects.get(pk=queued.pk)
    assert delivery.attempts == 2
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]
