"""Indicators the platform computes from what it records, so partners type in only what it
cannot know. Each computation takes a date range and returns the value per partner
(``Partner.translation_key`` -> value), in one or two grouped queries whatever the number of
partners.

Pages exist once per language: an event or a best practice counts once, by its
``translation_key``. Add a computation with ``@computation("name", label)``.

Newsletters: ``newsletters_sent`` counts the newsletter app's finished sendings
(``newsletter.models.Campaign``), per partner of the segment they went to.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from newsletter.models import Campaign
from toolbox.models import (
    BestPracticePage,
    DiagnosticResponse,
    DiagnosticToolPage,
    EventPage,
    Partner,
)

from . import permissions
from .models import Mission, Survey, SurveyInvitation

Values = dict[uuid.UUID, Decimal]


@dataclass(frozen=True)
class Computation:
    name: str
    label: str
    fn: Callable[[datetime.date, datetime.date], Values]
    #: Optional: (partner key, day, value) rows over a range, for additive figures, so that
    #: several periods (the dashboard's semesters) cost one query instead of one each.
    daily: Callable[[datetime.date, datetime.date], Iterable] | None = None


REGISTRY: dict[str, Computation] = {}


def computation(name: str, label, daily=None):
    def register(fn):
        REGISTRY[name] = Computation(name=name, label=label, fn=fn, daily=daily)
        return fn

    return register


def compute_periods(name: str, periods: list[tuple[datetime.date, datetime.date]]) -> list[Values]:
    """``compute`` for each (start, end) of ``periods``; one query for additive figures."""
    entry = REGISTRY[name]
    if entry.daily is None or not periods:
        return [entry.fn(start, end) for start, end in periods]
    results: list[Values] = [defaultdict(Decimal) for _period in periods]
    rows = entry.daily(min(p[0] for p in periods), max(p[1] for p in periods))
    for key, day, value in rows:
        for index, (start, end) in enumerate(periods):
            if start <= day <= end:
                results[index][key] += Decimal(value or 0)
    return [dict(r) for r in results]


def choices() -> list[tuple[str, str]]:
    return [(c.name, c.label) for c in REGISTRY.values()]


def compute(name: str, *, start: datetime.date, end: datetime.date) -> Values:
    return REGISTRY[name].fn(start, end)


def _decimal(rows) -> Values:
    return {key: Decimal(value or 0) for key, value in rows}


def _missions(start, end):
    return Mission.objects.filter(status=Mission.Status.DONE, date__gte=start, date__lte=end)


def _missions_daily(aggregate, **filters):
    def rows(start, end):
        return (
            _missions(start, end)
            .filter(**filters)
            .values_list("partner__translation_key", "date")
            .annotate(n=aggregate)
            .order_by()
        )

    return rows


@computation("missions_done", _("Assistance missions done"), daily=_missions_daily(Count("id")))
def missions_done(start, end) -> Values:
    rows = (
        _missions(start, end)
        .values_list("partner__translation_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _decimal(rows)


@computation(
    "mission_days", _("Days of assistance given"), daily=_missions_daily(Sum("duration_days"))
)
def mission_days(start, end) -> Values:
    rows = (
        _missions(start, end)
        .values_list("partner__translation_key")
        .annotate(n=Sum("duration_days"))
        .order_by()
    )
    return _decimal(rows)


@computation(
    "specifications_prepared",
    _("Specifications prepared for companies"),
    daily=_missions_daily(Count("id"), specification_prepared=True),
)
def specifications_prepared(start, end) -> Values:
    rows = (
        _missions(start, end)
        .filter(specification_prepared=True)
        .values_list("partner__translation_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _decimal(rows)


@computation("maturity_gain", _("Average digital-maturity gain of assisted companies (points)"))
def maturity_gain(start, end) -> Values:
    totals: dict[uuid.UUID, list[int]] = defaultdict(list)
    missions = (
        _missions(start, end)
        .filter(maturity_before__isnull=False, maturity_after__isnull=False)
        .select_related("partner", "maturity_before__version", "maturity_after__version")
    )
    for mission in missions:
        if mission.maturity_gain is not None:
            totals[mission.partner.translation_key].append(mission.maturity_gain)
    return {key: Decimal(sum(v)) / len(v) for key, v in totals.items()}


def _event_rows(start, end):
    """(partner key, event, day, participants): one row per event, whatever its number of
    translations (they share their start, a synchronised field)."""
    return (
        EventPage.objects.live()
        .filter(partner__isnull=False, start__date__gte=start, start__date__lte=end)
        .annotate(day=TruncDate("start"))
        .values_list("partner__translation_key", "translation_key", "day")
        .annotate(participants=Max("participants"))
        .order_by()
    )


def _events_daily(start, end):
    return [(partner, day, 1) for partner, _event, day, _n in _event_rows(start, end)]


def _participants_daily(start, end):
    return [(partner, day, n or 0) for partner, _event, day, n in _event_rows(start, end)]


def _sum_daily(rows) -> Values:
    counts: Values = defaultdict(Decimal)
    for partner_key, _day, value in rows:
        counts[partner_key] += value
    return dict(counts)


@computation("events_held", _("Events held"), daily=_events_daily)
def events_held(start, end) -> Values:
    return _sum_daily(_events_daily(start, end))


@computation("event_participants", _("Event participants"), daily=_participants_daily)
def event_participants(start, end) -> Values:
    return _sum_daily(_participants_daily(start, end))


@computation("best_practices_published", _("Best-practice sheets published"))
def best_practices_published(start, end) -> Values:
    rows = (
        BestPracticePage.objects.live()
        .filter(
            partner__isnull=False,
            first_published_at__date__gte=start,
            first_published_at__date__lte=end,
        )
        .values_list("partner__translation_key")
        .annotate(n=Count("translation_key", distinct=True))
        .order_by()
    )
    return _decimal(rows)


def _diagnostics_daily(start, end):
    """(owner partner key, day, answers) of self-diagnostics answered in the range."""
    owners = dict(
        DiagnosticToolPage.objects.filter(partner__isnull=False)
        .values_list("translation_key", "partner__translation_key")
        .distinct()
    )
    rows = (
        # Visitors' self-diagnostics only: survey answers and advisers' maturity scores use
        # the same engine but are counted by the survey and maturity indicators.
        DiagnosticResponse.objects.filter(
            origin=DiagnosticResponse.Origin.VISITOR,
            submitted_on__gte=start,
            submitted_on__lte=end,
        )
        .values_list("version__questionnaire_key", "submitted_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(owners[key], day, n) for key, day, n in rows if key in owners]


@computation("diagnostics_answered", _("Self-diagnostics answered"), daily=_diagnostics_daily)
def diagnostics_answered(start, end) -> Values:
    counts: Values = defaultdict(Decimal)
    for partner_key, _day, n in _diagnostics_daily(start, end):
        counts[partner_key] += n
    return dict(counts)


@computation("survey_satisfaction", _("Average survey satisfaction (%)"))
def survey_satisfaction(start, end) -> Values:
    """Average score (percent of the questionnaire's maximum) of satisfaction surveys'
    answers received in the period, per partner running the survey."""
    invitations = SurveyInvitation.objects.filter(
        survey__kind=Survey.Kind.SATISFACTION,
        response__isnull=False,
        answered_at__date__gte=start,
        answered_at__date__lte=end,
    ).select_related("survey__partner", "response")
    scores: dict[uuid.UUID, list[int]] = defaultdict(list)
    for invitation in invitations:
        scores[invitation.survey.partner.translation_key].append(invitation.response.percent)
    return {key: Decimal(sum(v)) / len(v) for key, v in scores.items()}


@computation("follow_up_score", _("Average follow-up survey score (%)"))
def follow_up_score(start, end) -> Values:
    """Average score of follow-up surveys' answers (e.g. "did you implement the
    recommendations?") received in the period, per partner."""
    invitations = SurveyInvitation.objects.filter(
        survey__kind=Survey.Kind.FOLLOW_UP,
        response__isnull=False,
        answered_at__date__gte=start,
        answered_at__date__lte=end,
    ).select_related("survey__partner", "response")
    scores: dict[uuid.UUID, list[int]] = defaultdict(list)
    for invitation in invitations:
        scores[invitation.survey.partner.translation_key].append(invitation.response.percent)
    return {key: Decimal(sum(v)) / len(v) for key, v in scores.items()}


def _surveys_daily(start, end):
    return (
        SurveyInvitation.objects.filter(answered_at__date__gte=start, answered_at__date__lte=end)
        .annotate(day=TruncDate("answered_at"))
        .values_list("survey__partner__translation_key", "day")
        .annotate(n=Count("id"))
        .order_by()
    )


@computation("surveys_answered", _("Survey answers received"), daily=_surveys_daily)
def surveys_answered(start, end) -> Values:
    counts: Values = defaultdict(Decimal)
    for partner_key, _day, n in _surveys_daily(start, end):
        counts[partner_key] += n
    return dict(counts)


@computation("newsletters_sent", _("Newsletter issues sent"))
def newsletters_sent(start, end) -> Values:
    """Sendings finished in the period, counted for each partner of the segment they went
    to; a sending to the whole list counts for the lead partner."""
    campaigns = Campaign.objects.filter(
        state=Campaign.State.DONE, finished_at__date__gte=start, finished_at__date__lte=end
    ).prefetch_related("segment__partners")
    lead = (
        Partner.objects.filter(key=permissions.lead_partner_key())
        .values_list("translation_key", flat=True)
        .first()
    )
    counts: Values = defaultdict(Decimal)
    for campaign in campaigns:
        keys = (
            {p.translation_key for p in campaign.segment.partners.all()}
            if campaign.segment
            else set()
        )
        for key in keys or ({lead} if lead else set()):
            counts[key] += 1
    return dict(counts)
