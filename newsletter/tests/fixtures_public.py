"""Fixtures of the public and admin newsletter tests: a small trilingual site (home page,
a general and a sectoral theme), contacts, and an issue translated into Spanish."""

from __future__ import annotations

import pytest
from django.utils import timezone

from home.services import translation_create_or_update
from newsletter.models import Contact, LegalBasis, NewsletterIssuePage
from toolbox.tests import factories


@pytest.fixture
def site(db):
    home = factories.home()
    for code in ("es", "pt", "en"):
        factories.home(code)
    security = factories.theme()
    tourism = factories.theme(key="tourism", kind="sectoral", title="Tourisme")
    translation_create_or_update(
        source=security, locale=factories.locales()["es"], fields={"title": "Seguridad"}
    )
    translation_create_or_update(
        source=tourism, locale=factories.locales()["es"], fields={"title": "Turismo"}
    )
    return {"home": home, "security": security, "tourism": tourism}


def make_contact(email: str, *, language: str = "fr", country: str = "FR", **fields) -> Contact:
    defaults = {
        "language": language,
        "country": country,
        "status": Contact.Status.ACTIVE,
        "legal_basis": LegalBasis.CONSENT,
        "consent_at": timezone.now(),
        "consent_source": "test",
    }
    defaults.update(fields)
    return Contact.objects.create(email=email, **defaults)


@pytest.fixture
def contact_fr(site):
    return make_contact("claire@entreprise.fr", first_name="Claire", sector="tourism")


@pytest.fixture
def contact_es(site):
    return make_contact("lucia@empresa.es", language="es", country="ES", first_name="Lucía")


@pytest.fixture
def issue(site):
    """Issue 1 in French, translated and published in Spanish."""
    page = NewsletterIssuePage(
        title="Lettre n°1",
        slug="lettre-1",
        subject="Lettre CyberSudoe n°1 : les sauvegardes",
        preheader="Trois guides et un événement",
        intro="Bonjour, voici les nouveautés du réseau.",
        body=[
            (
                "text",
                {"heading": "Édito", "text": "<p>Les sauvegardes, ça s’apprend.</p>"},
            )
        ],
    )
    site["home"].add_child(instance=page)
    factories.publish(page)
    translation_create_or_update(
        source=page,
        locale=factories.locales()["es"],
        fields={
            "title": "Boletín n.º 1",
            "slug": "boletin-1",
            "subject": "Boletín CyberSudoe n.º 1: las copias de seguridad",
            "intro": "Hola, estas son las novedades de la red.",
        },
    )
    return page
