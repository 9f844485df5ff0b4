# ruff: noqa: F811  (the shared fixtures are imported, then taken as arguments)
"""The public newsletter pages, as a reader sees them in their language: subscription with
double opt-in, confirmation, unsubscribing (the page and RFC 8058 One-Click), preferences,
GDPR export and erasure, and bad links."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from newsletter import services
from newsletter.models import Contact, ContactSource, LegalBasis, Send, Suppression
from newsletter.tests.fixtures_public import (  # noqa: F401
    contact_es,
    contact_fr,
    issue,
    make_contact,
    site,
)


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def anonymous():
    """A client that checks CSRF tokens like a browser does."""
    return Client(enforce_csrf_checks=True)


def post_form(client: Client, url: str, data: dict | None = None):
    """GET the page (as a browser does, for its CSRF cookie), then POST its form."""
    page = client.get(url)
    token = client.cookies["csrftoken"].value
    return page, client.post(url, {**(data or {}), "csrfmiddlewaretoken": token})


# ------------------------------------------------------------------------- one-click ---
def test_one_click_post_without_cookie_unsubscribes_at_once(contact_es, issue):
    send = Send.objects.create(issue=issue, contact=contact_es, status=Send.Status.SENT)
    url = services.links_for(contact_es, issue.pk)["one_click"]
    assert not path_of(url).startswith(("/fr/", "/es/", "/pt/", "/en/"))
    client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token: a mail provider
    response = client.post(
        path_of(url),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    contact_es.refresh_from_db()
    assert contact_es.status == Contact.Status.UNSUBSCRIBED
    assert Suppression.objects.get(email=contact_es.email).reason == "unsubscribed"
    send.refresh_from_db()
    assert send.unsubscribed_at is not None
    assert not response.cookies
    # the issue's next sending leaves the address out
    assert not services.recipients(None).filter(pk=contact_es.pk).exists()
    # pressing the provider's button twice is fine
    again = client.post(
        path_of(url),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 200


def test_one_click_forged_link_is_refused_and_changes_nothing(contact_fr):
    url = path_of(services.links_for(contact_fr)["one_click"])
    forged = url.replace(contact_fr.token.hex[:6], "000000")
    response = Client().post(
        forged, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    contact_fr.refresh_from_db()
    assert contact_fr.status == Contact.Status.ACTIVE
    assert not Suppression.objects.exists()


def test_one_click_get_leads_to_the_page_in_the_contacts_language(contact_es):
    url = path_of(services.links_for(contact_es)["one_click"])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/es/newsletter/unsubscribe/")
    contact_es.refresh_from_db()
    assert contact_es.status == Contact.Status.ACTIVE


# ---------------------------------------------------------------------- unsubscribe page ---
@pytest.mark.parametrize(
    ("fixture", "title", "button", "done"),
    [
        (
            "contact_fr",
            "Se désabonner de la lettre",
            ">Se désabonner</button>",
            "Vous êtes désabonné",
        ),
        (
            "contact_es",
            "Darse de baja del boletín",
            ">Darse de baja</button>",
            "Se ha dado de baja",
        ),
    ],
)
def test_unsubscribe_page_changes_nothing_before_the_click(
    request, site, anonymous, django_capture_on_commit_callbacks, fixture, title, button, done
):
    # ``site`` is named here, not only reached through getfixturevalue: pytest-django orders
    # tests by the fixtures they name, and a test that names no database fixture runs last,
    # after the transactional tests have flushed the root page away.
    contact = request.getfixturevalue(fixture)
    url = path_of(services.links_for(contact)["unsubscribe"])
    assert url.startswith(f"/{contact.language}/newsletter/unsubscribe/")
    page = anonymous.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert title in html and button in html and contact.email in html
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ACTIVE
    assert not Suppression.objects.exists()
    token = anonymous.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert done in response.content.decode()
    contact.refresh_from_db()
    assert contact.status == Contact.Status.UNSUBSCRIBED
    assert Suppression.objects.filter(email=contact.email).exists()
    # the notice, in the reader's language
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [contact.email]
    assert contact.email in notice.body
    assert {"fr": "désabonnée", "es": "baja"}[contact.language] in notice.body.lower()


# ------------------------------------------------------------------------ double opt-in ---
@pytest.mark.parametrize(
    ("language", "country", "heading", "subject_word", "confirmed"),
    [
        ("fr", "FR", "Vérifiez votre boîte", "Confirmez", "Inscription confirmée"),
        ("es", "ES", "Revise su bandeja", "Confirme", "Suscripción confirmada"),
    ],
)
def test_double_opt_in(site, anonymous, language, country, heading, subject_word, confirmed):
    url = f"/{language}/newsletter/"
    email = f"nouvelle.{language}@exemple.org"
    page, response = post_form(
        anonymous,
        url,
        {
            "email": email.upper(),
            "language": language,
            "country": country,
            "themes": ["security"],
            "consent": "on",
        },
    )
    assert page.status_code == 200
    assert response.status_code == 302
    sent_page = anonymous.get(response["Location"])
    assert heading in sent_page.content.decode()
    contact = Contact.objects.get(email=email)
    assert contact.status == Contact.Status.PENDING
    assert contact.themes == ["security"]
    # not a recipient before the confirmation
    assert not services.recipients(None).filter(pk=contact.pk).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    assert subject_word in message.subject
    link = re.search(r"https?://\S+/confirm/\S+/", message.body).group(0)
    assert path_of(link).startswith(f"/{language}/newsletter/confirm/")
    # following the link only shows a button
    confirm_page = anonymous.get(path_of(link))
    assert confirm_page.status_code == 200
    contact.refresh_from_db()
    assert contact.status == Contact.Status.PENDING
    token = anonymous.cookies["csrftoken"].value
    done = anonymous.post(path_of(link), {"csrfmiddlewaretoken": token})
    assert done.status_code == 200
    assert confirmed in done.content.decode()
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ACTIVE
    assert contact.legal_basis == LegalBasis.CONSENT
    assert contact.consent_at is not None and contact.confirmed_at is not None
    assert "double opt-in" in contact.consent_source
    assert ContactSource.objects.get(contact=contact, partner=None).legal_basis == "consent"
    assert services.recipients(None).filter(pk=contact.pk).exists()


def test_subscription_form_errors_in_spanish(site, anonymous):
    page, response = post_form(
        anonymous,
        "/es/newsletter/",
        {"email": "no-es-una-direccion", "language": "es", "country": "ES"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Corrija los campos señalados" in html
    assert "Marque la casilla" in html  # consent not given
    assert "Seguridad" in html  # themes in Spanish
    assert not Contact.objects.exists()
    assert not mail.outbox


def test_subscription_form_in_french_offers_french_themes(site, anonymous):
    html = anonymous.get("/fr/newsletter/").content.decode()
    assert "La lettre d’information CyberSudoe" in html
    assert "Sécurité" in html
    assert 'value="FR" selected' in html
    # the bot trap, hidden from screen readers, takes no keyboard focus and no autofill
    trap = re.search(r'<div class="nl-trap" aria-hidden="true">.*?</div>', html, re.S).group()
    assert re.search(r'<input (?=[^>]*tabindex="-1")(?=[^>]*autocomplete="off")[^>]*>', trap)


def test_subscribing_again_tells_nothing_and_keeps_the_subscription(contact_fr, anonymous):
    contact_fr.confirmed_at = contact_fr.consent_at
    contact_fr.save()
    _page, response = post_form(
        anonymous,
        "/fr/newsletter/",
        {"email": contact_fr.email, "language": "fr", "country": "FR", "consent": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/newsletter/sent/"
    assert not mail.outbox
    contact_fr.refresh_from_db()
    assert contact_fr.status == Contact.Status.ACTIVE


# -------------------------------------------------------------------------- preferences ---
def test_preferences_change_the_language_and_the_pages_follow(contact_fr, anonymous):
    url = path_of(services.links_for(contact_fr)["preferences"])
    page = anonymous.get(url)
    html = page.content.decode()
    assert "Mes préférences" in html
    assert "Tourisme" in html  # the sector offered in French
    token = anonymous.cookies["csrftoken"].value
    response = anonymous.post(
        url,
        {
            "csrfmiddlewaretoken": token,
            "language": "es",
            "themes": ["security"],
            "sector": "tourism",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/es/newsletter/preferences/")
    contact_fr.refresh_from_db()
    assert contact_fr.language == "es"
    assert contact_fr.themes == ["security"]
    assert contact_fr.sector == "tourism"
    saved = anonymous.get(response["Location"]).content.decode()
    assert "Sus preferencias se han guardado" in saved
    assert "Turismo" in saved
    # the next links of this contact are in Spanish
    assert path_of(services.links_for(contact_fr)["unsubscribe"]).startswith("/es/")


def test_preferences_refuse_an_unknown_language(contact_fr, anonymous):
    url = path_of(services.links_for(contact_fr)["preferences"])
    anonymous.get(url)
    response = anonymous.post(
        url, {"csrfmiddlewaretoken": anonymous.cookies["csrftoken"].value, "language": "de"}
    )
    assert response.status_code == 400
    assert "Corrigez les champs signalés" in response.content.decode()
    contact_fr.refresh_from_db()
    assert contact_fr.language == "fr"


# --------------------------------------------------------------------------------- GDPR ---
def test_export_holds_the_contacts_data_only(contact_fr, contact_es, issue, anonymous):
    Send.objects.create(issue=issue, contact=contact_fr, status=Send.Status.SENT)
    url = path_of(services.links_for(contact_fr)["preferences"]) + "export/"
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    data = json.loads(body)
    assert data["email"] == contact_fr.email
    assert data["first_name"] == "Claire"
    assert [send["issue"] for send in data["sends"]] == ["Lettre n°1"]
    assert contact_es.email not in body and "Lucía" not in body


@pytest.mark.parametrize(
    ("fixture", "warning", "done"),
    [
        ("contact_fr", "Effacer mes données", "Vos données sont effacées"),
        ("contact_es", "Borrar mis datos", "Sus datos se han borrado"),
    ],
)
def test_erasure_removes_the_data_and_keeps_a_suppression(
    request, anonymous, issue, fixture, warning, done
):
    contact = request.getfixturevalue(fixture)
    Send.objects.create(issue=issue, contact=contact, status=Send.Status.SENT)
    url = path_of(services.links_for(contact)["preferences"]) + "erase/"
    page = anonymous.get(url)
    assert warning in page.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()  # nothing on GET
    response = anonymous.post(url, {"csrfmiddlewaretoken": anonymous.cookies["csrftoken"].value})
    assert response.status_code == 200
    assert done in response.content.decode()
    assert not Contact.objects.filter(email=contact.email).exists()
    assert not Send.objects.filter(contact_id=contact.pk).exists()
    assert Suppression.objects.get(email=contact.email).reason == "erased"
    # the old link now says the data is gone, and changes nothing
    gone = anonymous.get(path_of(services.links_for(contact)["preferences"]))
    assert gone.status_code == 404
    # a partner's file bringing the address back does not subscribe it again
    assert not services.recipients(None).filter(email=contact.email).exists()


# ---------------------------------------------------------------------------- bad links ---
@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Ce lien n’est pas valide"), ("es", "Este enlace no es válido")],
)
@pytest.mark.parametrize("page", ["confirm", "unsubscribe", "preferences"])
def test_a_damaged_link_says_so_and_changes_nothing(contact_fr, anonymous, language, message, page):
    signature = services.contact_signature(contact_fr)[:-3] + "xyz"
    response = anonymous.get(f"/{language}/newsletter/{page}/{signature}/")
    assert response.status_code == 400
    assert message in response.content.decode()
    contact_fr.refresh_from_db()
    assert contact_fr.status == Contact.Status.ACTIVE


def test_a_damaged_link_cannot_unsubscribe_by_post(contact_fr, anonymous):
    signature = services.contact_signature(contact_fr)[:-3] + "xyz"
    url = f"/fr/newsletter/unsubscribe/{signature}/"
    anonymous.get("/fr/newsletter/")
    response = anonymous.post(url, {"csrfmiddlewaretoken": anonymous.cookies["csrftoken"].value})
    assert response.status_code == 400
    contact_fr.refresh_from_db()
    assert contact_fr.status == Contact.Status.ACTIVE
    assert not Suppression.objects.exists()


def test_an_issue_has_a_web_version(issue):
    html = Client().get(issue.url).content.decode()
    assert "Lettre n°1" in html and "Les sauvegardes, ça s’apprend." in html


def test_a_suppressed_address_can_subscribe_again_only_by_confirming(site, anonymous):
    contact = make_contact("revient@exemple.fr", status=Contact.Status.UNSUBSCRIBED)
    services.suppression_add(email=contact.email, reason=Suppression.Reason.UNSUBSCRIBED)
    post_form(
        anonymous,
        "/fr/newsletter/",
        {"email": contact.email, "language": "fr", "country": "FR", "consent": "on"},
    )
    assert not services.recipients(None).filter(pk=contact.pk).exists()
    assert len(mail.outbox) == 1
