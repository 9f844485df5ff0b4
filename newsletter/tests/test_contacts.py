"""Contacts on PostgreSQL and the project's SMTP server: a partner's file imported (dry run,
per-row errors, all or nothing, one contact per address across partners with each partner's
provenance, duplicate companies flagged, the suppression list respected), segments, and a
hard bounce read back from the server's Maildir (flufl.bounce) that keeps the address out of
the next issue while a soft bounce is only counted.

No Celery worker here: the sending services run in the test's process, on the real server."""

from __future__ import annotations

import uuid

import pytest
import tablib
from django.utils import translation

from newsletter import importing, services
from newsletter.models import (
    Campaign,
    Company,
    Contact,
    ContactSource,
    ImportBatch,
    Segment,
    Send,
    Suppression,
)
from newsletter.tests.conftest import make_contact, make_issue
from toolbox.tests import factories

HEADERS = [
    "email",
    "company",
    "company_id",
    "country",
    "region",
    "sector",
    "language",
    "legal_basis",
    "consent_at",
    "consent_source",
    "themes",
]


def dataset(*rows: tuple) -> tablib.Dataset:
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append(row)
    return data


def row(email, company="", company_id="", country="FR", language="", basis="", at="", **extra):
    return (
        email,
        company,
        company_id,
        country,
        extra.get("region", ""),
        extra.get("sector", ""),
        language,
        basis,
        at,
        extra.get("source", ""),
        extra.get("themes", ""),
    )


@pytest.fixture
def partners(db):
    return {
        "fr": factories.partner(),
        "es": factories.partner(key="incibe", name="INCIBE", country="ES", locale_code="fr"),
    }


def test_a_file_with_a_bad_row_changes_nothing_and_says_which_rows(partners):
    make_contact("known@pme.fr", company=None)
    before = list(Contact.objects.values_list("email", "legal_basis"))
    data = dataset(
        row("new@pme.fr", "Boulangerie Dupont", "732 829 320", basis="legitimate_interest"),
        row("not-an-address", "Sans adresse"),
        row("known@pme.fr", basis="consent", at="2025-03-01"),
        row("es@pyme.es", "Pyme", "B-12345678", country="ES", basis="consent"),
        row("pt@pme.pt", "PME Lda", "501964843", country="PT", language="xx", basis="consent"),
    )

    with pytest.raises(importing.ImportRefused) as refused:
        importing.contacts_import(dataset=data, partner=partners["fr"], file_name="pme.csv")

    errors = {(e["row"], e["field"]) for e in refused.value.batch.errors}
    # row 2 is the first data row, as the partner's spreadsheet numbers it
    assert errors == {
        (3, "email"),  # not an address
        (5, "company_id"),  # a CIF whose check digit is wrong
        (5, "consent_at"),  # consent without its date
        (6, "language"),  # not a language of the site
    }
    assert refused.value.batch.status == ImportBatch.Status.FAILED
    with translation.override("es"):
        lines = importing.error_lines(refused.value.batch)
    assert lines[0].startswith("Fila 3, email: ")
    # all or nothing: the good rows were not written either
    assert list(Contact.objects.values_list("email", "legal_basis")) == before
    assert not Company.objects.exists()
    assert not ContactSource.objects.exists()


def test_import_merges_one_contact_per_address_keeps_provenance_and_flags_duplicates(
    partners,
):
    services.suppression_add(email="gone@pme.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    first = dataset(
        row("anne@dupont.fr", "Boulangerie Dupont SARL", "732829320", basis="legitimate_interest"),
        row("gone@pme.fr", "Ancienne PME", basis="consent", at="2024-05-01"),
        row("jordi@pyme.es", "Pyme Girona SL", country="ES", basis="consent", at="2025-02-03"),
    )
    dry = importing.contacts_import(
        dataset=first, partner=partners["fr"], file_name="cybermassif.csv", dry_run=True
    )
    # the dry run says what would happen and writes no contact
    assert (dry.status, dry.created_contacts, dry.merged_contacts, dry.suppressed_rows) == (
        ImportBatch.Status.DRY_RUN,
        2,
        0,
        1,
    )
    assert not Contact.objects.exists()

    importing.contacts_import(dataset=first, partner=partners["fr"], file_name="cybermassif.csv")
    second = dataset(
        # the same address from another partner, now with prior consent
        row(
            "Anne@Dupont.fr",
            "Boulangerie Dupont",
            "732 829 320",
            basis="consent",
            at="2025-06-10",
            source="salon Toulouse 2025",
            themes="security",
        ),
        # the same company name with another identifier: flagged, not merged
        row("jean@dupont.fr", "Boulangerie DUPONT", "552100554", basis="legitimate_interest"),
        # a suppressed address brought back by a second partner stays out
        row("gone@pme.fr", basis="consent", at="2025-01-01"),
    )
    batch = importing.contacts_import(
        dataset=second, partner=partners["es"], file_name="incibe.xlsx"
    )

    assert (batch.created_contacts, batch.merged_contacts, batch.suppressed_rows) == (1, 1, 1)
    assert batch.duplicate_companies == 1
    assert sorted(Contact.objects.values_list("email", flat=True)) == [
        "anne@dupont.fr",
        "jean@dupont.fr",
        "jordi@pyme.es",
    ]
    anne = Contact.objects.get(email="anne@dupont.fr")
    # the stronger basis wins, and each partner's claim is kept with its own proof
    assert (anne.legal_basis, anne.consent_source) == ("consent", "salon Toulouse 2025")
    assert anne.themes == ["security"]
    provenance = {
        source.partner.name: (source.legal_basis, source.consent_source)
        for source in anne.sources.select_related("partner")
    }
    assert provenance == {
        "Cybermassif": ("legitimate_interest", ""),
        "INCIBE": ("consent", "salon Toulouse 2025"),
    }
    # one company per identifier; the look-alike with another SIREN waits for an editor
    dupont = Company.objects.get(identifier="732829320")
    assert anne.company == dupont and dupont.identifier_scheme == "siren"
    twin = Company.objects.get(identifier="552100554")
    assert twin.needs_review and twin.duplicate_of == dupont
    assert not Contact.objects.filter(email="gone@pme.fr").exists()


def test_segments_by_language_country_partner_sector_and_theme(partners):
    fr = make_contact("fr@pme.fr", sector="tourism", themes=["security"])
    es = make_contact(
        "es@pyme.es", language="es", country="ES", legal_basis="consent", sector="industry"
    )
    pt = make_contact("pt@pme.pt", language="pt", country="PT", legal_basis="consent")
    en = make_contact("en@pme.fr", language="en", themes=["phishing", "security"])
    ContactSource.objects.create(contact=es, partner=partners["es"])
    ContactSource.objects.create(contact=fr, partner=partners["fr"])

    def members(**criteria) -> list[str]:
        partner_list = criteria.pop("partners", [])
        segment = Segment.objects.create(name=str(criteria), **criteria)
        segment.partners.set(partner_list)
        return sorted(services.recipients(segment).values_list("email", flat=True))

    assert members() == sorted(c.email for c in (fr, es, pt, en))
    assert members(languages=["es", "pt"]) == [es.email, pt.email]
    assert members(countries=["FR"]) == [en.email, fr.email]
    assert members(partners=[partners["es"]]) == [es.email]
    assert members(sectors=["tourism", "industry"]) == [es.email, fr.email]
    assert members(themes=["security"]) == [en.email, fr.email]
    assert members(languages=["fr", "en"], themes=["phishing"]) == [en.email]


@pytest.fixture
def db_locales(db):
    for code in ("fr", "es", "pt", "en"):
        factories.home(code)
    return factories.locales()


def _send_now(issue) -> Campaign:
    """A campaign sent by the sending services in this process (as a worker would)."""
    campaign = services.campaign_create(issue=issue)
    for first_id, last_id in services.campaign_start(campaign=campaign):
        services.batch_send(campaign_id=campaign.pk, first_id=first_id, last_id=last_id)
    campaign.refresh_from_db()
    return campaign


def test_a_hard_bounce_suppresses_the_address_for_the_next_issue_and_soft_ones_are_counted(
    newsletter_env, db_locales, smtp_server, run_domain
):
    # the local server answers for @bounce.invalid with a DSN to the envelope sender (this
    # test's bounce address): "soft..." mailbox full (4.2.2), anything else no such user (5.1.1)
    tag = uuid.uuid4().hex[:8]
    hard = make_contact(f"hard-{tag}@bounce.invalid")
    soft = make_contact(f"soft-{tag}@bounce.invalid")
    fine = make_contact(f"fine@{run_domain}")
    first = _send_now(make_issue(db_locales, languages=("fr",)))
    assert first.state == Campaign.State.DONE

    counts = services.bounces_process()

    assert counts == {"read": 2, "hard": 1, "soft": 1}
    assert Suppression.objects.get(email=hard.email).reason == Suppression.Reason.HARD_BOUNCE
    assert Send.objects.get(contact=hard).status == Send.Status.BOUNCED
    soft.refresh_from_db()
    assert soft.soft_bounces == 1
    assert not Suppression.objects.filter(email=soft.email).exists()
    assert Send.objects.get(contact=soft).status == Send.Status.SENT
    # read once: the DSNs moved to cur/, a second pass finds nothing
    assert services.bounces_process() == {"read": 0, "hard": 0, "soft": 0}

    second_issue = make_issue(db_locales, languages=("fr",))
    second = _send_now(second_issue)

    assert second.total == 2
    assert set(
        Send.objects.filter(issue=second_issue).values_list("contact__email", flat=True)
    ) == {
        soft.email,
        fine.email,
    }
    to_hard = [m for m in smtp_server.messages("bounce.invalid") if m["X-RcptTo"] == hard.email]
    assert [m["Message-ID"] for m in to_hard] == [Send.objects.get(contact=hard).message_id]
    assert len(smtp_server.by_recipient(run_domain)[fine.email]) == 2
