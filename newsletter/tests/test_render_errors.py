"""An issue whose e-mail cannot be built (MJML refused) is not a mail-server failure: nothing
is retried in a loop, nothing is half-sent. The editor is told in the admin (preview, test
send, start of a sending); a sending under way is paused with its rows back in the queue, and
once the fault is corrected, resuming it sends each contact exactly one message."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from newsletter import services, tasks
from newsletter.models import Campaign, Send
from newsletter.rendering import IssueRenderError
from newsletter.tests.conftest import make_contact, make_issue
from toolbox.tests import factories

#: What a faulty edit of our e-mail template would leave: MJML that mrml cannot parse.
BROKEN_MJML = "<mjml><mj-body><mj-section><mj-column><mj-text>{{ issue.title }}"


@pytest.fixture
def editor(db, django_user_model, client):
    user = django_user_model.objects.create_superuser("redaction", "redaction@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def issue(db, newsletter_env):
    for code in ("fr", "es", "pt", "en"):
        factories.home(code)
    return make_issue(factories.locales())


@pytest.fixture
def break_template(settings):
    """Replace the issue's MJML template by a broken one; returns a function that repairs it."""
    original = copy.deepcopy(settings.TEMPLATES)

    def breaking():
        templates = copy.deepcopy(original)
        engine = templates[0]
        engine["APP_DIRS"] = False
        engine["OPTIONS"]["loaders"] = [
            ("django.template.loaders.locmem.Loader", {"newsletter/email/issue.mjml": BROKEN_MJML}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ]
        settings.TEMPLATES = templates

    def repair():
        settings.TEMPLATES = copy.deepcopy(original)

    breaking.repair = repair
    return breaking


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_editor_is_told_and_nothing_starts(editor, issue, break_template, run_domain):
    make_contact(f"fr@{run_domain}")
    break_template()
    preview = editor.get(reverse("newsletter_preview", args=[issue.pk]) + "?lang=es")
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "L’e-mail de ce numéro ne peut pas être construit en « es »" in html
    frame = editor.get(reverse("newsletter_preview_html", args=[issue.pk, "es"]))
    assert frame.status_code == 422
    assert "ne peut pas être construit" in frame.content.decode()

    test_send = editor.post(
        reverse("newsletter_preview", args=[issue.pk]) + "?lang=fr",
        {"addresses": f"relecture@{run_domain}", "languages": ["fr"]},
    )
    assert "ne peut pas être construit en « fr »" in " ".join(_messages(test_send))

    started = editor.post(
        reverse("newsletter_campaign_new"), {"issue": issue.pk, "segment": ""}, follow=True
    )
    assert "Rien n’a été envoyé" in " ".join(_messages(started))
    assert not Campaign.objects.exists() and not Send.objects.exists()


def test_a_sending_under_way_pauses_then_resumes_exactly_once(
    issue, break_template, smtp_server, run_domain
):
    contacts = [make_contact(f"c{n}@{run_domain}") for n in range(3)]
    campaign = services.campaign_create(issue=issue)
    batches = services.campaign_start(campaign=campaign)  # rows created, nothing sent yet
    break_template()
    with pytest.raises(IssueRenderError):
        services.campaign_start(campaign=services.campaign_create(issue=issue))
    assert (
        services.batch_send(campaign_id=campaign.pk, first_id=batches[0][0], last_id=batches[-1][1])
        == 0
    )
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.PAUSED
    assert set(campaign.sends.values_list("status", flat=True)) == {Send.Status.QUEUED}
    assert smtp_server.by_recipient(run_domain) == {}
    # The beat's recovery leaves a paused sending alone (no retry loop).
    assert tasks.campaigns_recover() == 0

    break_template.repair()
    tasks.campaign_dispatch(campaign.pk, services.campaign_resume(campaign=campaign))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE
    received = smtp_server.by_recipient(run_domain)
    assert sorted(received) == sorted(c.email for c in contacts)
    assert all(len(messages) == 1 for messages in received.values())
