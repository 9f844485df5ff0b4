"""Import of a partner's contact file (CSV or XLSX, read by tablib).

Every row is checked first (address, country, language, legal basis, company identifier);
one bad row refuses the whole file and nothing is written (all or nothing, in one
transaction). A good file merges into the existing contacts: one contact per address,
with one ``ContactSource`` per partner that brought it; addresses on the suppression list are
skipped; companies that look duplicated are flagged for review.

Columns (header row, case-insensitive; only ``email`` and ``country`` are required): email,
first_name, last_name, company, company_id, country, region, sector, language, legal_basis,
consent_at, consent_source, themes (comma-separated keys).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

from newsletter.identifiers import identifier_normalise
from newsletter.models import (
    Company,
    Contact,
    ContactSource,
    Country,
    ImportBatch,
    LegalBasis,
    Suppression,
)
from toolbox.models import Partner

COLUMNS = (
    "email",
    "first_name",
    "last_name",
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
)
#: How strong a basis is, to keep the best one among a contact's sources.
BASIS_RANK = {"": 0, LegalBasis.LEGITIMATE_INTEREST: 1, LegalBasis.CONSENT: 2}
#: Usual default language of each country, when a row has none.
COUNTRY_LANGUAGE = {"FR": "fr", "ES": "es", "PT": "pt", "AD": "es"}
BASIS_ALIASES = {
    "consent": LegalBasis.CONSENT,
    "opt-in": LegalBasis.CONSENT,
    "optin": LegalBasis.CONSENT,
    "legitimate_interest": LegalBasis.LEGITIMATE_INTEREST,
    "legitimate interest": LegalBasis.LEGITIMATE_INTEREST,
    "opt-out": LegalBasis.LEGITIMATE_INTEREST,
    "": "",
}

MISSING_EMAIL = _("the e-mail address is missing")
BAD_EMAIL = _("“%(value)s” is not a valid e-mail address (%(reason)s)")
BAD_COUNTRY = _("“%(value)s” is not a country of the SUDOE (FR, ES, PT, AD)")
BAD_LANGUAGE = _("“%(value)s” is not a language of the site")
BAD_BASIS = _("“%(value)s” is not a legal basis (consent, legitimate_interest)")
BAD_DATE = _("“%(value)s” is not a date (YYYY-MM-DD)")
CONSENT_WITHOUT_DATE = _("prior consent needs its date (consent_at)")
DUPLICATE_ROW = _("the address is already on row %(row)s of this file")
MISSING_COLUMN = _("the file has no “%(column)s” column")


class ImportRefused(Exception):
    """The file had errors: nothing was imported. ``batch.errors`` lists them per row."""

    def __init__(self, batch: ImportBatch):
        super().__init__(f"{len(batch.errors)} error(s)")
        self.batch = batch


@dataclass
class Row:
    number: int
    email: str
    first_name: str
    last_name: str
    company: str
    company_id: str
    company_scheme: str
    country: str
    region: str
    sector: str
    language: str
    legal_basis: str
    consent_at: dt.datetime | None
    consent_source: str
    themes: list[str] = field(default_factory=list)


def dataset_load(path: str | Path, *, file_format: str = "") -> tablib.Dataset:
    """Read a CSV (UTF-8, with or without BOM) or XLSX file into a dataset; the format is
    guessed from the file's extension unless ``file_format`` ("csv" or "xlsx") says it."""
    path = Path(path)
    if file_format == "xlsx" or (not file_format and path.suffix.lower() in {".xlsx", ".xlsm"}):
        with path.open("rb") as handle:
            return tablib.Dataset().load(handle, format="xlsx")
    text = path.read_text(encoding="utf-8-sig")
    return tablib.Dataset().load(text, format="csv")


def _name_key(name: str) -> str:
    """Company names compared without accents, case, punctuation or legal form."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = re.sub(r"\b(sas|sarl|sa|sl|slu|lda|eurl|sasu|unipessoal)\b", " ", text)
    return " ".join(text.split())


def _consent_date(value: str) -> dt.datetime | None:
    value = value.strip()
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = dt.datetime.combine(day, dt.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def rows_check(dataset: tablib.Dataset) -> tuple[list[Row], list[dict]]:
    """Every row parsed and checked; errors as ``{"row": n, "field": ..., "message": ...}``
    (row 2 is the first data row, as a spreadsheet numbers it)."""
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    errors: list[dict] = []
    for column in ("email", "country"):
        if column not in headers:
            errors.append(
                {"row": 1, "field": column, "message": str(MISSING_COLUMN) % {"column": column}}
            )
    if errors:
        return [], errors
    index = {name: headers.index(name) for name in COLUMNS if name in headers}
    languages = {code for code, _name in settings.LANGUAGES}
    countries = set(Country.values)
    seen: dict[str, int] = {}
    rows: list[Row] = []
    for position, values in enumerate(dataset, start=2):

        def get(name: str, values=values) -> str:
            at = index.get(name)
            value = values[at] if at is not None and at < len(values) else ""
            return "" if value is None else str(value).strip()

        def fail(name: str, message, position=position, **params) -> None:
            errors.append(
                {
                    "row": position,
                    "field": name,
                    "message": str(message) % params if params else str(message),
                }
            )

        before = len(errors)
        raw_email = get("email")
        email = ""
        if not raw_email:
            fail("email", MISSING_EMAIL)
        else:
            try:
                email = validate_email(raw_email, check_deliverability=False).normalized.lower()
            except EmailNotValidError as error:
                fail("email", BAD_EMAIL, value=raw_email, reason=str(error))
        if email and email in seen:
            fail("email", DUPLICATE_ROW, row=seen[email])
        country = get("country").upper()
        if country not in countries:
            fail("country", BAD_COUNTRY, value=get("country"))
        language = get("language").lower() or COUNTRY_LANGUAGE.get(country, "")
        if language not in languages:
            fail("language", BAD_LANGUAGE, value=get("language"))
        basis_text = get("legal_basis").lower()
        basis = BASIS_ALIASES.get(basis_text)
        if basis is None:
            fail("legal_basis", BAD_BASIS, value=get("legal_basis"))
        consent_at = None
        try:
            consent_at = _consent_date(get("consent_at"))
        except ValueError:
            fail("consent_at", BAD_DATE, value=get("consent_at"))
        if basis == LegalBasis.CONSENT and consent_at is None and len(errors) == before:
            fail("consent_at", CONSENT_WITHOUT_DATE)
        company_id, scheme = "", ""
        if get("company_id") and country in countries:
            try:
                company_id, scheme = identifier_normalise(
                    identifier=get("company_id"), country=country
                )
            except ValidationError as error:
                fail("company_id", error.messages[0])
        if len(errors) > before:
            continue
        seen[email] = position
        rows.append(
            Row(
                number=position,
                email=email,
                first_name=get("first_name"),
                last_name=get("last_name"),
                company=get("company"),
                company_id=company_id,
                company_scheme=scheme,
                country=country,
                region=get("region"),
                sector=get("sector"),
                language=language,
                legal_basis=basis or "",
                consent_at=consent_at,
                consent_source=get("consent_source"),
                themes=[t.strip() for t in get("themes").split(",") if t.strip()],
            )
        )
    return rows, errors


def _chunks(items: list, size: int = 5000) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def contacts_import(
    *,
    dataset: tablib.Dataset,
    partner: Partner | None,
    file_name: str,
    dry_run: bool = False,
    consent_source_default: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportBatch:
    """Check then import a partner's file. Raises ``ImportRefused`` (nothing written but the
    refused ``ImportBatch`` and its errors) when a row is wrong; a dry run writes nothing but
    its ``ImportBatch`` and reports what the import would do."""
    rows, errors = rows_check(dataset)
    batch = ImportBatch(partner=partner, file_name=file_name, rows=len(dataset))
    if errors:
        batch.status = ImportBatch.Status.FAILED
        batch.errors = errors
        batch.save()
        raise ImportRefused(batch)
    emails = [row.email for row in rows]
    suppressed: set[str] = set()
    existing: dict[str, Contact] = {}
    for chunk in _chunks(emails):
        suppressed.update(
            Suppression.objects.filter(email__in=chunk).values_list("email", flat=True)
        )
        existing.update((c.email, c) for c in Contact.objects.filter(email__in=chunk))
    rows = [row for row in rows if row.email not in suppressed]
    batch.suppressed_rows = len(emails) - len(rows)
    batch.merged_contacts = sum(1 for row in rows if row.email in existing)
    batch.created_contacts = len(rows) - batch.merged_contacts
    if dry_run:
        batch.status = ImportBatch.Status.DRY_RUN
        batch.save()
        return batch
    with transaction.atomic():
        batch.status = ImportBatch.Status.DONE
        batch.save()
        companies = _companies_resolve(rows, batch)
        now = timezone.now()
        new_contacts = []
        merged = []
        for done, row in enumerate(rows, start=1):
            contact = existing.get(row.email)
            company = companies.get(_company_key(row))
            if contact is None:
                contact = Contact(
                    email=row.email,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    company=company,
                    language=row.language,
                    country=row.country,
                    region=row.region,
                    sector=row.sector,
                    themes=row.themes,
                    legal_basis=row.legal_basis,
                    consent_at=row.consent_at,
                    consent_source=row.consent_source or consent_source_default,
                    created=now,
                )
                new_contacts.append(contact)
                existing[row.email] = contact
            else:
                # The address already came from elsewhere: keep what is known, fill the gaps,
                # and keep the stronger legal basis.
                contact.first_name = contact.first_name or row.first_name
                contact.last_name = contact.last_name or row.last_name
                contact.company = contact.company or company
                contact.region = contact.region or row.region
                contact.sector = contact.sector or row.sector
                contact.themes = sorted(set(contact.themes) | set(row.themes))
                if BASIS_RANK[row.legal_basis] > BASIS_RANK[contact.legal_basis]:
                    contact.legal_basis = row.legal_basis
                    contact.consent_at = row.consent_at
                    contact.consent_source = row.consent_source or consent_source_default
                merged.append(contact)
            if progress and done % 1000 == 0:
                progress(1000)
        for chunk in _chunks(new_contacts, 2000):
            Contact.objects.bulk_create(chunk)
        if merged:
            fields = [
                "first_name",
                "last_name",
                "company",
                "region",
                "sector",
                "themes",
                "legal_basis",
                "consent_at",
                "consent_source",
                "updated",
            ]
            for contact in merged:
                contact.updated = now
            for chunk in _chunks(merged, 2000):
                Contact.objects.bulk_update(chunk, fields)
        if new_contacts and new_contacts[0].pk is None:
            # bulk_create returns no keys on some databases: read them back.
            ids = {}
            for chunk in _chunks([c.email for c in new_contacts]):
                ids.update(Contact.objects.filter(email__in=chunk).values_list("email", "pk"))
            for contact in new_contacts:
                contact.pk = ids[contact.email]
        sources = [
            ContactSource(
                contact=existing[row.email],
                partner=partner,
                legal_basis=row.legal_basis,
                consent_at=row.consent_at,
                consent_source=row.consent_source or consent_source_default,
                import_batch=batch,
                created=now,
            )
            for row in rows
        ]
        for chunk in _chunks(sources, 2000):
            ContactSource.objects.bulk_create(
                chunk,
                update_conflicts=True,
                unique_fields=["contact", "partner"],
                update_fields=["legal_basis", "consent_at", "consent_source", "import_batch"],
            )
        batch.save()
        if progress:
            progress(len(rows) % 1000)
    return batch


def _company_key(row: Row) -> tuple[str, str]:
    if row.company_id:
        return ("id", f"{row.company_scheme}:{row.company_id}")
    if row.company:
        return ("name", f"{row.country}:{_name_key(row.company)}")
    return ("", "")


def _companies_resolve(rows: list[Row], batch: ImportBatch) -> dict[tuple[str, str], Company]:
    """One company per identifier (or, without one, per name in a country). A company whose
    name matches another one's under a different identifier is created and flagged."""
    wanted: dict[tuple[str, str], Row] = {}
    for row in rows:
        key = _company_key(row)
        if key[0] and key not in wanted:
            wanted[key] = row
    if not wanted:
        return {}
    by_identifier = {
        f"{c.identifier_scheme}:{c.identifier}": c
        for c in Company.objects.exclude(identifier="").filter(
            identifier__in=[k[1].split(":", 1)[1] for k in wanted if k[0] == "id"]
        )
    }
    by_name: dict[str, Company] = {}
    countries = {row.country for row in wanted.values()}
    for company in Company.objects.filter(country__in=countries).only(
        "id", "name", "country", "identifier", "identifier_scheme"
    ):
        by_name.setdefault(f"{company.country}:{_name_key(company.name)}", company)
    result: dict[tuple[str, str], Company] = {}
    plain: list[Company] = []
    flagged: list[Company] = []
    for key, row in wanted.items():
        name_key = f"{row.country}:{_name_key(row.company or row.company_id)}"
        if key[0] == "id" and key[1] in by_identifier:
            result[key] = by_identifier[key[1]]
            continue
        if key[0] == "name" and name_key in by_name:
            result[key] = by_name[name_key]
            continue
        twin = by_name.get(name_key) if row.company else None
        company = Company(
            name=row.company or row.company_id,
            country=row.country,
            region=row.region,
            sector=row.sector,
            identifier=row.company_id,
            identifier_scheme=row.company_scheme,
            needs_review=twin is not None,
        )
        company.twin = twin
        (flagged if twin is not None else plain).append(company)
        by_name.setdefault(name_key, company)
        if company.identifier:
            by_identifier[key[1]] = company
        result[key] = company
    for chunk in _chunks(plain, 2000):
        Company.objects.bulk_create(chunk)
    for company in flagged:
        company.duplicate_of = company.twin
    for chunk in _chunks(flagged, 2000):
        Company.objects.bulk_create(chunk)
    batch.duplicate_companies = len(flagged)
    return result


def error_lines(batch: ImportBatch) -> list[str]:
    """The errors as sentences, in the active language."""
    return [gettext("Row %(row)s, %(field)s: %(message)s") % error for error in batch.errors]
