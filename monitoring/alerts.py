"""The monitoring's alert system (DHIS2's validation-rule notifications): gaps against the
forecast and late semester reports, e-mailed to the partner's staff and to the lead partner,
each in the recipient's language.

- A *gap* is an indicator whose partner value is red or amber (``selectors.rag``) against the
  partner's milestone at the end of the last semester that has ended.
- A *late report* is a semester report not yet submitted (missing, draft or returned) once
  the semester's due date has passed.

Each finding has a key; an ``Alert`` row per (key, recipient) records what was e-mailed, so a
finding is sent once per person: the daily run (Celery beat, ``monitoring.send_alerts``) only
sends what is new, or what got worse (amber turning red is a new finding).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.users.models import UserProfile

from home.public_urls import public_base_url
from toolbox.models import Partner

from . import permissions, selectors
from .models import Alert, IndicatorDefinition, PartnerReport, Semester
from .templatetags.monitoring_tags import num

COUNTRY_LANGUAGE = {"FR": "fr", "ES": "es", "PT": "pt"}


@dataclass(frozen=True)
class Finding:
    kind: str
    semester: Semester
    partner: Partner
    indicator: IndicatorDefinition | None = None
    level: str = ""
    actual: Decimal | None = None
    target: Decimal | None = None
    status: str = ""

    @property
    def key(self) -> str:
        code = self.indicator.code if self.indicator else "-"
        return ":".join(
            [self.kind, self.semester.code, str(self.partner.translation_key), code, self.level]
        )

    def describe(self) -> str:
        """One line of the e-mail, in the active language."""
        if self.kind == Alert.Kind.GAP:
            return _(
                "%(partner)s · %(code)s %(name)s: %(actual)s against a milestone of %(target)s "
                "at the end of %(semester)s (%(level)s)."
            ) % {
                "partner": self.partner.name,
                "code": self.indicator.code,
                "name": self.indicator.label(),
                "actual": num(self.actual or 0),
                "target": num(self.target),
                "semester": self.semester.code,
                "level": str(selectors.RAG_LABELS[self.level]),
            }
        status = PartnerReport.Status(self.status).label if self.status else _("not started")
        return _(
            "%(partner)s · the report for %(semester)s was due on %(due)s and is not "
            "submitted (%(status)s)."
        ) % {
            "partner": self.partner.name,
            "semester": self.semester.code,
            "due": date_format(self.semester.due, "DATE_FORMAT"),
            "status": status,
        }


def findings(*, today: datetime.date) -> list[Finding]:
    """Every gap and late report as of ``today``, for every partner."""
    result: list[Finding] = []
    ended = Semester.objects.filter(end__lt=today).order_by("-end").first()
    if ended is not None:
        board = selectors.dashboard(user=None, semester=ended)
        for row in board.rows:
            for partner in board.partners:
                cell = row.partners.get(partner.translation_key)
                if cell is not None and cell.rag in (selectors.RED, selectors.AMBER):
                    result.append(
                        Finding(
                            kind=Alert.Kind.GAP,
                            semester=ended,
                            partner=partner,
                            indicator=row.indicator,
                            level=cell.rag,
                            actual=cell.actual,
                            target=cell.target,
                        )
                    )
    partners = selectors.monitoring_partners()
    for semester in Semester.objects.filter(due__lt=today).order_by("start"):
        statuses = {
            r.partner.translation_key: r.status
            for r in PartnerReport.objects.filter(semester=semester).select_related("partner")
        }
        for partner in partners:
            status = statuses.get(partner.translation_key, "")
            if status not in (PartnerReport.Status.SUBMITTED, PartnerReport.Status.APPROVED):
                result.append(
                    Finding(
                        kind=Alert.Kind.LATE_REPORT,
                        semester=semester,
                        partner=partner,
                        status=status,
                    )
                )
    return result


def recipient_language(user, partner: Partner) -> str:
    """The user's admin language (Wagtail's preferred language), else the partner's."""
    available = {code for code, _name in settings.LANGUAGES}
    preferred = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
        or ""
    )
    for candidate in (preferred, preferred.split("-")[0]):
        if candidate in available:
            return candidate
    return COUNTRY_LANGUAGE.get(partner.country, settings.LANGUAGE_CODE)


def _recipients(found: list[Finding]) -> dict:
    """{user: (their partner for the language, [findings])}: each partner's staff get their
    own findings, the lead partner's staff every finding."""
    by_user: dict = {}
    by_partner: dict = {}
    for finding in found:
        by_partner.setdefault(finding.partner.translation_key, []).append(finding)
    for items in by_partner.values():
        partner = items[0].partner
        for user in permissions.staff_of(partner):
            by_user.setdefault(user, (partner, []))[1].extend(items)
    lead = Partner.objects.filter(key=permissions.lead_partner_key()).first()
    for user in permissions.lead_staff():
        entry = by_user.setdefault(user, (lead, []))
        known = {f.key for f in entry[1]}
        entry[1].extend(f for f in found if f.key not in known)
    return by_user


def _send(user, partner: Partner, items: list[Finding]) -> bool:
    language = recipient_language(user, partner)
    with translation.override(language):
        gaps = [f.describe() for f in items if f.kind == Alert.Kind.GAP]
        late = [f.describe() for f in items if f.kind != Alert.Kind.GAP]
        subject = "[CyberSudoe] " + ngettext(
            "Programme monitoring: %(n)s new alert",
            "Programme monitoring: %(n)s new alerts",
            len(items),
        ) % {"n": len(items)}
        body = render_to_string(
            "monitoring/email/alerts.txt",
            {
                "user": user,
                "gaps": gaps,
                "late": late,
                "url": public_base_url() + reverse("monitoring_dashboard"),
            },
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            Alert.objects.bulk_create(
                [
                    Alert(
                        key=f.key,
                        kind=f.kind,
                        recipient=user,
                        semester=f.semester,
                        partner=f.partner,
                        indicator=f.indicator,
                        level=f.level,
                        language=language,
                        sent_at=now,
                    )
                    for f in items
                ]
            )
            EmailMessage(subject, body, to=[user.email]).send()
    except IntegrityError:  # another run sent these in the meantime
        return False
    return True


def send_alerts(*, today: datetime.date | None = None) -> int:
    """E-mail every recipient the findings they have not been sent yet; returns how many
    e-mails went out."""
    today = today or timezone.localdate()
    found = findings(today=today)
    sent_keys: dict[int, set[str]] = {}
    for user_id, key in Alert.objects.filter(key__in={f.key for f in found}).values_list(
        "recipient_id", "key"
    ):
        sent_keys.setdefault(user_id, set()).add(key)
    sent = 0
    for user, (partner, items) in _recipients(found).items():
        new = [f for f in items if f.key not in sent_keys.get(user.pk, set())]
        if new and user.email and _send(user, partner, new):
            sent += 1
    return sent
