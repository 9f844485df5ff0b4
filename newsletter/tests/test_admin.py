"""The newsletter in the Wagtail admin, as a French-speaking editor uses it, on PostgreSQL and
the project's SMTP server: contact import (upload, dry run with per-row errors, confirm),
e-mail preview per language and test send, sending started/paused/resumed/cancelled with its
progress, and statistics per issue, language and partner.

Tasks run eagerly here (the test settings), so starting a sending sends it before the
response; the worker-side behaviour is proved in test_sending.py."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from newsletter import services
from newsletter.models import Campaign, Contact, ContactSource, ImportBatch, Send
from newsletter.tests.conftest import ISSUE_TEXT, make_contact, make_issue
from toolbox.tests import factories


@pytest.fixture
def editor(db, django_user_model, client):
    user = django_user_model.objects.create_superuser("redaction", "redaction@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def world(db, newsletter_env):
    for code in ("fr", "es", "pt", "en"):
        factories.home(code)
    locales = factories.locales()
    return {"issue": make_issue(locales), "partner": factories.partner()}


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


CSV_BAD = (
    "email,company,country,language,legal_basis,consent_at\n"
    "anne@dupont.fr,Dupont,FR,fr,legitimate_interest,\n"
    "pas-une-adresse,Martin,FR,fr,legitimate_interest,\n"
    "jordi@pyme.es,Pyme,ES,es,consent,\n"
)
CSV_GOOD = (
    "email,company,country,language,legal_basis,consent_at\n"
    "anne@dupont.fr,Dupont,FR,fr,legitimate_interest,\n"
    "jordi@pyme.es,Pyme,ES,es,consent,2025-02-03\n"
)


def test_import_upload_dry_run_then_confirm(editor, world):
    url = reverse("newsletter_import")
    page = editor.get(url)
    assert page.status_code == 200
    assert "Vérifier le fichier (essai à blanc)" in page.content.decode()

    refused = editor.post(
        url,
        {"partner": world["partner"].pk, "file": SimpleUploadedFile("pme.csv", CSV_BAD.encode())},
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "2 erreurs : rien n’a été importé" in html
    assert "Ligne 3, email : « pas-une-adresse » n’est pas une adresse e-mail valide" in html
    assert "Ligne 4, consent_at" in html
    assert not Contact.objects.exists()

    checked = editor.post(
        url,
        {
            "partner": world["partner"].pk,
            "file": SimpleUploadedFile("pme.csv", CSV_GOOD.encode()),
            "consent_source": "Fichier Cybermassif 2025",
        },
    )
    html = checked.content.decode()
    assert checked.status_code == 200
    assert "Essai à blanc : le fichier est valide" in html
    assert "2 nouveaux contacts" in html
    assert not Contact.objects.exists()  # a dry run writes nothing
    token = editor.session["newsletter_import"]["token"]

    done = editor.post(reverse("newsletter_import_confirm"), {"token": token}, follow=True)
    assert "Import terminé : 2 nouveau(x) contact(s)" in " ".join(_messages(done))
    assert sorted(Contact.objects.values_list("email", flat=True)) == [
        "anne@dupont.fr",
        "jordi@pyme.es",
    ]
    assert set(ContactSource.objects.values_list("partner__name", flat=True)) == {"Cybermassif"}
    assert ImportBatch.objects.filter(status=ImportBatch.Status.DONE).count() == 1
    # the checked file is used once
    again = editor.post(reverse("newsletter_import_confirm"), {"token": token}, follow=True)
    assert "n’est plus disponible" in " ".join(_messages(again))


def test_preview_per_language_and_test_send_to_chosen_addresses(
    editor, world, smtp_server, run_domain
):
    issue = world["issue"]
    url = reverse("newsletter_preview", args=[issue.pk])
    page = editor.get(url + "?lang=es")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Aperçu de l’e-mail" in html
    assert ISSUE_TEXT["es"]["subject"] in html
    assert ISSUE_TEXT["es"]["intro"] in html  # the text part
    frame = editor.get(reverse("newsletter_preview_html", args=[issue.pk, "pt"]))
    assert ISSUE_TEXT["pt"]["intro"] in frame.content.decode()

    bad = editor.post(url + "?lang=es", {"addresses": "pas une adresse", "languages": ["es"]})
    assert bad.status_code == 400
    assert "n’est pas une adresse e-mail valide" in bad.content.decode()

    chosen = [f"relecture@{run_domain}", f"direction@{run_domain}"]
    sent = editor.post(
        url + "?lang=es", {"addresses": "\n".join(chosen), "languages": ["es", "pt"]}, follow=True
    )
    assert "4 message(s) de test envoyé(s)" in " ".join(_messages(sent))
    received = smtp_server.by_recipient(run_domain)
    assert sorted(received) == sorted(chosen)
    for messages in received.values():
        assert sorted(m["Subject"] for m in messages) == sorted(
            [ISSUE_TEXT["es"]["subject"], ISSUE_TEXT["pt"]["subject"]]
        )
    assert not Send.objects.exists()  # a proof is not a send


def test_start_pause_resume_cancel_progress_and_statistics(
    editor, world, smtp_server, run_domain, django_capture_on_commit_callbacks
):
    issue = world["issue"]
    fr = make_contact(f"fr@{run_domain}")
    es = make_contact(f"es@{run_domain}", language="es", country="ES", legal_basis="consent")
    ContactSource.objects.create(contact=fr, partner=world["partner"])
    campaigns_url = reverse("newsletter_campaigns")
    page = editor.get(campaigns_url)
    assert "Envoyer un numéro" in page.content.decode()

    # start: the (eager) tasks send it before the response
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(reverse("newsletter_campaign_new"), {"issue": issue.pk, "segment": ""})
    started = editor.get(campaigns_url)
    assert f"L’envoi de « {issue.title} » a commencé." in _messages(started)
    html = started.content.decode()
    assert "2 / 2 envoyés" in html and "<td>envoyé</td>" in html
    assert sorted(smtp_server.by_recipient(run_domain)) == [es.email, fr.email]

    # pause, resume, cancel of a second sending, from the list
    second = make_issue(factories.locales(), languages=("fr",))
    campaign = services.campaign_create(issue=second)
    services.campaign_start(campaign=campaign)  # running, batches not dispatched yet

    def act(action: str):
        with django_capture_on_commit_callbacks(execute=True):
            editor.post(reverse("newsletter_campaign_action", args=[campaign.pk, action]))
        return editor.get(campaigns_url)

    paused = act("pause")
    assert "Envoi suspendu" in " ".join(_messages(paused))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.PAUSED
    assert ">Reprendre</button>" in paused.content.decode()
    assert "Cet envoi est « en pause »" in " ".join(_messages(act("pause")))
    resumed = act("resume")
    assert "Envoi repris." in _messages(resumed)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DONE
    assert len(smtp_server.by_recipient(run_domain)[fr.email]) == 2
    cancelled = act("cancel")
    assert "Cet envoi est « envoyé »" in " ".join(_messages(cancelled))
    third = services.campaign_create(issue=make_issue(factories.locales(), languages=("fr",)))
    campaign = third
    assert "Envoi annulé" in " ".join(_messages(act("cancel")))
    third.refresh_from_db()
    assert third.state == Campaign.State.CANCELLED

    # statistics: per issue, per language of the message, per partner; an unsubscription
    services.contact_unsubscribe(contact=es, issue_id=issue.pk, notify=False)
    stats = editor.get(reverse("newsletter_issue_statistics", args=[issue.pk]))
    html = " ".join(stats.content.decode().split())
    assert "Par langue du message" in html and "Par partenaire ayant apporté le contact" in html
    overall = stats.context["stats"].overall
    assert (overall.total, overall.sent, overall.delivered, overall.unsubscribed) == (2, 2, 2, 1)
    by_language = {
        row.label: (row.sent, row.unsubscribed) for row in stats.context["stats"].by_language
    }
    assert by_language == {"es": (1, 1), "fr": (1, 0)}
    by_partner = {row.label: row.sent for row in stats.context["stats"].by_partner}
    assert by_partner == {"Cybermassif": 1}  # the Spanish contact came from no partner
    listing = editor.get(reverse("newsletter_statistics"))
    assert issue.title in listing.content.decode()
