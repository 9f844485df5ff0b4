"""Reads of the newsletter: the choices the public forms offer, the public archive of issues,
the progress of the sendings and the statistics per issue, language and partner. Views and the
admin call these."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale

from newsletter.models import Campaign, ContactSource, NewsletterIssuePage, Send
from toolbox.fallback import fallback_chain
from toolbox.models import ThemePage


def theme_choices(*, kind: str, language: str) -> list[tuple[str, str]]:
    """(key, title) of the live themes of ``kind`` ("general" or "sectoral") in ``language``;
    in the site's default language for themes not translated yet."""
    themes = ThemePage.objects.live().filter(kind=kind).select_related("locale")
    titles: dict[str, str] = {}
    active = themes.filter(locale__language_code=language)
    for key, title in active.values_list("key", "title"):
        titles.setdefault(key, title)
    default = Locale.get_default()
    for key, title in themes.filter(locale=default).values_list("key", "title"):
        titles.setdefault(key, title)
    return sorted(titles.items(), key=lambda item: item[1].casefold())


@dataclass(frozen=True)
class Counts:
    """Figures of a group of send rows. ``sent`` counts every message handed to the server;
    ``delivered`` those of them that did not bounce."""

    label: str
    total: int
    sent: int
    delivered: int
    bounced: int
    failed: int
    unsubscribed: int
    #: Only meaningful when opens and clicks are counted (conf.track_opens_clicks).
    opened: int = 0
    clicks: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.sent / self.total) if self.total else 0


_SENT = [Send.Status.SENT, Send.Status.BOUNCED]
_AGGREGATES = {
    "total": Count("pk"),
    "sent": Count("pk", filter=Q(status__in=_SENT)),
    "delivered": Count("pk", filter=Q(status=Send.Status.SENT)),
    "bounced": Count("pk", filter=Q(status=Send.Status.BOUNCED)),
    "failed": Count("pk", filter=Q(status=Send.Status.FAILED)),
    "unsubscribed": Count("pk", filter=Q(unsubscribed_at__isnull=False)),
    "opened": Count("pk", filter=Q(opened_at__isnull=False)),
    "clicks": Sum("clicks"),
}


def _counts(label: str, row: dict) -> Counts:
    return Counts(label=label, **{name: row.get(name) or 0 for name in _AGGREGATES})


def campaigns_with_progress() -> list[tuple[Campaign, Counts]]:
    """Every sending, newest first, with its figures (one grouped query)."""
    campaigns = list(Campaign.objects.select_related("issue", "segment"))
    rows = {
        row["campaign_id"]: row
        for row in Send.objects.filter(campaign__in=campaigns)
        .values("campaign_id")
        .annotate(**_AGGREGATES)
    }
    return [(c, _counts(str(c.issue), rows.get(c.pk, {}))) for c in campaigns]


def campaign_progress(*, campaign: Campaign) -> Counts:
    row = Send.objects.filter(campaign=campaign).aggregate(**_AGGREGATES)
    return _counts(str(campaign), row)


@dataclass(frozen=True)
class IssueStatistics:
    issue: NewsletterIssuePage
    overall: Counts
    by_language: list[Counts]
    by_partner: list[Counts]


def issue_statistics(*, issue: NewsletterIssuePage, no_partner_label: str) -> IssueStatistics:
    """Sent, delivered, bounced and unsubscribed for one issue, per language of the message and
    per partner that brought the contact (a contact brought by two partners counts for both;
    ``no_partner_label`` names the contacts of the public form)."""
    sends = Send.objects.filter(issue=issue)
    overall = _counts(str(issue), sends.aggregate(**_AGGREGATES))
    by_language = [
        _counts(row["language"] or "?", row)
        for row in sends.values("language").annotate(**_AGGREGATES).order_by("language")
    ]
    by_partner = []
    sources = ContactSource.objects.filter(contact__sends__issue=issue)
    partner_rows = (
        sources.values("partner__name")
        .annotate(
            total=Count("contact__sends", filter=Q(contact__sends__issue=issue)),
            sent=Count(
                "contact__sends",
                filter=Q(contact__sends__issue=issue, contact__sends__status__in=_SENT),
            ),
            delivered=Count(
                "contact__sends",
                filter=Q(contact__sends__issue=issue, contact__sends__status=Send.Status.SENT),
            ),
            bounced=Count(
                "contact__sends",
                filter=Q(contact__sends__issue=issue, contact__sends__status=Send.Status.BOUNCED),
            ),
            failed=Count(
                "contact__sends",
                filter=Q(contact__sends__issue=issue, contact__sends__status=Send.Status.FAILED),
            ),
            unsubscribed=Count(
                "contact__sends",
                filter=Q(
                    contact__sends__issue=issue, contact__sends__unsubscribed_at__isnull=False
                ),
            ),
            opened=Count(
                "contact__sends",
                filter=Q(contact__sends__issue=issue, contact__sends__opened_at__isnull=False),
            ),
            clicks=Sum("contact__sends__clicks", filter=Q(contact__sends__issue=issue)),
        )
        .order_by("partner__name")
    )
    for row in partner_rows:
        by_partner.append(_counts(row["partner__name"] or no_partner_label, row))
    return IssueStatistics(
        issue=issue, overall=overall, by_language=by_language, by_partner=by_partner
    )


def issues_sent() -> QuerySet[NewsletterIssuePage]:
    """Issues with at least one send row, newest first."""
    ids = Send.objects.values("issue_id").distinct()
    return NewsletterIssuePage.objects.filter(pk__in=ids).order_by("-first_published_at", "-pk")


@dataclass(frozen=True)
class ArchivedIssue:
    """One issue in the archive of a reader of ``requested``: the translation shown, and the
    date the issue came out (its first publication in any language)."""

    page: NewsletterIssuePage
    date: dt.datetime | None
    requested: str

    @property
    def language(self) -> str:
        return self.page.locale.language_code

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    @property
    def language_name(self) -> str:
        """The shown language's name in the active language, to follow "in" ("en français",
        "em francês"): language names are lowercase there, capitalised only in English."""
        name = str(get_language_info(self.language)["name_translated"])
        return name if (get_language() or "").startswith("en") else name.lower()


def issue_archive(*, language: str) -> list[ArchivedIssue]:
    """The published issues for a reader of ``language``, newest first: each issue once, in
    ``language`` when it has a live, public translation there, else in the first language of
    ``CONTENT_FALLBACK_CHAIN`` that has one (as readers receive it). Drafts, unpublished,
    expired and private (view-restricted) pages are never listed, nor aliases."""
    pages = (
        NewsletterIssuePage.objects.live()
        .public()
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("pk")
    )
    groups: dict[uuid.UUID, dict[str, NewsletterIssuePage]] = {}
    for page in pages:
        groups.setdefault(page.translation_key, {})[page.locale.language_code] = page
    # The same date as the issue's page shows (NewsletterIssuePage.issue_date).
    dates = dict(
        NewsletterIssuePage.objects.filter(
            translation_key__in=list(groups), first_published_at__isnull=False
        )
        .order_by()
        .values("translation_key")
        .annotate(first=Min("first_published_at"))
        .values_list("translation_key", "first")
    )
    chain = fallback_chain(language)
    issues = []
    for key, translations in groups.items():
        shown = next((code for code in chain if code in translations), None)
        if shown is None:
            continue
        page = translations[shown]
        issues.append(
            ArchivedIssue(
                page=page, date=dates.get(key, page.first_published_at), requested=language
            )
        )
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    issues.sort(key=lambda issue: (issue.date or oldest, issue.page.pk), reverse=True)
    return issues
