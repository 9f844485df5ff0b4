"""The newsletter's demo content (``manage.py load_demo``): published issues translated into
every language, referencing real toolbox items and an upcoming event, and demo contacts that
the country rules allow to receive them; loading it twice duplicates nothing; an admin can
preview the demo issue."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from home.demo import DemoContext
from home.models import HomePage
from newsletter import demo as newsletter_demo
from newsletter import selectors, services
from newsletter.models import Company, Contact, ContactSource, NewsletterIssuePage, Suppression
from toolbox import demo as toolbox_demo
from toolbox.demo_items import ITEMS

pytestmark = pytest.mark.django_db

#: The toolbox items the demo issues point to.
ITEM_KEYS = {
    key for spec in newsletter_demo.ISSUES for kind, key, *_ in spec["blocks"] if kind != "text"
}


def counts() -> dict[str, int]:
    return {
        "issues": NewsletterIssuePage.objects.count(),
        "contacts": Contact.objects.count(),
        "sources": ContactSource.objects.count(),
        "companies": Company.objects.count(),
    }


@pytest.fixture
def ctx(db):
    """The site skeleton, the toolbox's partners and sections, and only the items the issues
    point to (the whole toolbox demo is not needed)."""
    call_command("load_demo", "--minimal", "--no-index", verbosity=0)
    locales = {loc.language_code: loc for loc in Locale.objects.all()}
    source = locales[settings.LANGUAGE_CODE]
    user = get_user_model().objects.get(username="admin")
    context = DemoContext(
        user=user,
        locales=locales,
        source_locale=source,
        home=HomePage.objects.get(locale=source),
        log=lambda *_: None,
    )
    toolbox_demo.load_partners(context)
    toolbox_demo.load_audiences(context)
    toolbox_demo.load_sections(context)
    toolbox_demo.load_index_pages(context)
    for spec in ITEMS:
        if spec["key"] in ITEM_KEYS:
            toolbox_demo.load_item(context, spec)
    return context


def test_the_demo_loads_translated_issues_and_contacts_twice_without_duplicates(ctx, client):
    """One test (the site it needs takes a minute to build on the real services)."""
    newsletter_demo.load(ctx)
    first = counts()
    assert first == {"issues": 8, "contacts": 4, "sources": 4, "companies": 4}

    # Two issues, each live in the four languages.
    sources = NewsletterIssuePage.objects.filter(locale=ctx.source_locale)
    assert sources.count() == len(newsletter_demo.ISSUES) == 2
    for source in sources:
        translations = {p.locale.language_code: p for p in source.get_translations(inclusive=True)}
        assert set(translations) == {"fr", "es", "pt", "en"}
        assert all(page.live for page in translations.values())
    latest = selectors.issue_archive(language="es")[0].page
    assert latest.title == "Boletín n.º 2: contraseñas y phishing"
    assert latest.subject == "CyberSudoe n.º 2: proteja sus cuentas en una mañana"
    assert latest.intro.startswith("Ocho de cada diez ataques")
    # Its blocks: real toolbox items and an upcoming event, shown in Spanish on its web version.
    assert [block.block_type for block in latest.body] == ["item", "item", "event", "text"]
    event = latest.body[2].value["page"].specific.get_translation(latest.locale)
    assert event.start > timezone.now()
    response = client.get(latest.url)
    assert response.status_code == 200
    html = response.content.decode()
    for block in latest.body[:3]:
        item = block.value["page"].specific.get_translation(latest.locale)
        assert item.title in html and item.summary in html
    assert "Su opinión nos interesa" in html
    # The first issue came out a month before the second.
    older, newer = sorted(selectors.issue_archive(language="fr"), key=lambda i: i.date)
    assert (newer.date - older.date).days >= 29
    assert older.page.title.startswith("Lettre n° 1")

    # One contact per language and per country, each allowed to receive an issue.
    contacts = list(Contact.objects.all())
    assert {c.language for c in contacts} == {"fr", "es", "pt", "en"}
    assert {c.country for c in contacts} == {"FR", "ES", "PT", "AD"}
    for contact in contacts:
        assert contact.email.endswith(".example.org"), contact.email
        assert contact.company is not None
        assert services.contact_may_receive(contact), contact.email
        assert contact.sources.count() == 1
        if contact.country != "FR":  # prior consent, with its date and proof
            assert contact.legal_basis == "consent"
            assert contact.consent_at is not None and contact.consent_source
    assert set(services.recipients(None)) == set(contacts)

    # Again: nothing added, nothing moved.
    dates = dict(NewsletterIssuePage.objects.values_list("pk", "first_published_at"))
    ctx.created.clear()
    newsletter_demo.load(ctx)
    assert counts() == first
    assert ctx.created == {}
    assert dict(NewsletterIssuePage.objects.values_list("pk", "first_published_at")) == dates

    # A demo contact that asked to be erased is not brought back.
    erased = Contact.objects.get(language="es")
    services.contact_erase(contact=erased)
    newsletter_demo.load(ctx)
    assert not Contact.objects.filter(email=erased.email).exists()
    assert Suppression.objects.filter(email=erased.email).exists()


def test_an_admin_can_preview_the_demo_issue(ctx, client):
    newsletter_demo.load(ctx)
    client.force_login(ctx.user)
    issue = NewsletterIssuePage.objects.get(
        locale=ctx.source_locale,
        translation_key=newsletter_demo.issue_translation_key(newsletter_demo.ISSUES[1]),
    )
    # The e-mail preview (and test send form), in French then in Portuguese.
    preview = client.get(reverse("newsletter_preview", args=[issue.pk]))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "CyberSudoe n° 2 : protégez vos comptes en une matinée" in html
    frame = client.get(reverse("newsletter_preview_html", args=[issue.pk, "pt"]))
    assert frame.status_code == 200
    assert "Oito em cada dez ataques" in frame.content.decode()
    # Wagtail's own preview of the page.
    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[issue.pk]))
    assert draft.status_code == 200
    assert "Huit attaques sur dix" in draft.content.decode()
