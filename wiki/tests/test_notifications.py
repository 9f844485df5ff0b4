"""Watches, mentions and e-mails: after commit, in the reader's language, one-click unsubscribe."""

import pytest
from django.core import mail
from django.core.management import call_command

from wiki import notifications, services
from wiki.models import Notification, Watch, WikiProfile

from .conftest import client_for


def _edit(page, user, text):
    page.refresh_from_db()
    return services.page_save(
        page=page, base_revision_id=page.current_revision_id, content=text, author=user
    )


def test_watchers_get_one_email_each_in_their_language(world, django_capture_on_commit_callbacks):
    page = world.private_page
    Watch.objects.create(user=world.coordinator, page=page)  # Spanish
    Watch.objects.create(user=world.observer, group=world.private)  # Portuguese
    with django_capture_on_commit_callbacks(execute=True):
        _edit(page, world.member, "New text")  # the author (a watcher too) hears nothing
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {world.coordinator.email, world.observer.email}
    es = by_recipient[world.coordinator.email]
    pt = by_recipient[world.observer.email]
    assert "editó" in es.subject and "/es/wiki/" in es.body
    assert "editou" in pt.subject and "/pt/wiki/" in pt.body
    assert es.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert es.extra_headers["List-Unsubscribe"].startswith("<http")


def test_nothing_is_sent_before_commit(world, django_capture_on_commit_callbacks):
    Watch.objects.create(user=world.coordinator, page=world.private_page)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _edit(world.private_page, world.member, "Not committed yet")
    assert mail.outbox == [] and not Notification.objects.exists()
    for callback in callbacks:  # the commit
        callback()
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]


def test_mentions_and_replies(world, django_capture_on_commit_callbacks):
    page = world.private_page
    with django_capture_on_commit_callbacks(execute=True):
        first = services.comment_create(
            page=page, author=world.observer, body="What about backups?"
        )
        services.comment_create(
            page=page, author=world.member, body="@coord please check.", parent=first
        )
    reply = Notification.objects.exclude(comment=first)
    kinds = {(n.recipient.username, n.kind) for n in reply}
    assert kinds == {
        ("coord", "mention"),
        ("observer", "comment"),  # a reply to their comment
    }  # and not the reply's author, although they watch the page they created
    first_kinds = {
        (n.recipient.username, n.kind) for n in Notification.objects.filter(comment=first)
    }
    assert first_kinds == {("member", "comment")}


def test_daily_digest_groups_notifications_and_rechecks_access(
    world, django_capture_on_commit_callbacks
):
    services.profile_update(user=world.observer, delivery=WikiProfile.Delivery.DAILY)
    Watch.objects.create(user=world.observer, group=world.private)
    Watch.objects.create(user=world.observer, group=world.public)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(world.private_page, world.member, "one")
        _edit(world.public_page, world.member, "two")
    assert mail.outbox == []  # daily readers get nothing instantly
    # The observer leaves the private group before the digest goes out.
    world.private.memberships.filter(user=world.observer).delete()
    call_command("wiki_send_digests", verbosity=0)
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "Secret plan public" in digest.body
    assert "Secret plan group" not in digest.body
    assert "resumo" in digest.subject.lower()  # Portuguese
    call_command("wiki_send_digests", verbosity=0)
    assert len(mail.outbox) == 1  # nothing twice


def test_one_click_unsubscribe(client, world, django_capture_on_commit_callbacks):
    Watch.objects.create(user=world.coordinator, page=world.private_page)
    url = notifications.unsubscribe_url(world.coordinator)
    response = client.get(url.split("testserver")[-1].replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 200
    assert WikiProfile.objects.get(user=world.coordinator).delivery == WikiProfile.Delivery.OFF
    with django_capture_on_commit_callbacks(execute=True):
        _edit(world.private_page, world.member, "after unsubscribing")
    assert mail.outbox == []
    # The notification still appears in the wiki itself.
    client_for(client, world.coordinator)
    assert "Secret plan group" in client.get("/es/wiki/notifications/").content.decode()


def test_tampered_unsubscribe_token_is_404(client, world):
    token = notifications.unsubscribe_token(world.coordinator)
    assert client.get(f"/fr/wiki/unsubscribe/{token}x/").status_code == 404
    assert WikiProfile.objects.get(user=world.coordinator).delivery == WikiProfile.Delivery.INSTANT


def test_watch_unsubscribe_token_stops_one_watch(client, world):
    watch = Watch.objects.create(user=world.coordinator, page=world.private_page)
    token = notifications.unsubscribe_token(world.coordinator, watch)
    assert client.post(f"/fr/wiki/unsubscribe/{token}/").status_code == 200
    assert not Watch.objects.filter(pk=watch.pk).exists()
    assert WikiProfile.objects.get(user=world.coordinator).delivery == WikiProfile.Delivery.INSTANT


@pytest.fixture
def broker(settings):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs the real broker (full stack: scripts/test.sh)")


@pytest.mark.django_db(transaction=True)
def test_real_worker_delivers_after_commit(broker, celery_worker, world):
    """Through the real broker and an in-process worker: the e-mail arrives once committed."""
    import time

    Watch.objects.create(user=world.coordinator, page=world.private_page)
    _edit(world.private_page, world.member, "Sent through the broker")
    revision = world.private_page.revisions.get(number=2)

    def about_the_edit():
        return [m for m in mail.outbox if "from=1&to=2" in m.body]

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not about_the_edit():
        time.sleep(0.1)
    time.sleep(0.5)  # a duplicate, if any, would arrive now
    assert [m.to for m in about_the_edit()] == [[world.coordinator.email]]
    assert "editó" in about_the_edit()[0].subject  # Spanish, the coordinator's language
    assert Notification.objects.get(recipient=world.coordinator, revision=revision).emailed_at
