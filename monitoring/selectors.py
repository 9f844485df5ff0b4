"""Reads of the programme monitoring: the dashboard's figures (target vs actual per indicator,
partner and semester, gaps and red/amber/green), mission lists and quotas, export rows.

The dashboard's cost does not grow with the number of partners or missions: entered values
come from one grouped query, each computed indicator from one or two grouped queries."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from toolbox import services as toolbox_services
from toolbox.models import DiagnosticResponse, DiagnosticToolPage, Partner, QuestionnaireVersion
from toolbox.selectors import QuestionStatistics, answer_distribution

from . import computed, permissions
from .models import (
    IndicatorDefinition,
    IndicatorValue,
    Mission,
    PartnerReport,
    PartnerTarget,
    Semester,
    Survey,
)

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
RAG_LABELS = {
    GREEN: _("On track"),
    AMBER: _("Slightly behind"),
    RED: _("Behind"),
    NONE: _("No target"),
}
QUOTA_BY_COUNTRY = {"FR": 100, "ES": 75, "PT": 75}


def rag_thresholds() -> tuple[Decimal, Decimal]:
    """(green, amber) as fractions of the target reached; below amber is red."""
    green, amber = getattr(settings, "MONITORING_RAG_THRESHOLDS", ("0.9", "0.7"))
    return Decimal(str(green)), Decimal(str(amber))


def rag(actual: Decimal | None, target: Decimal | None) -> str:
    if target is None or target == 0:
        return NONE
    green, amber = rag_thresholds()
    ratio = (actual or Decimal(0)) / target
    return GREEN if ratio >= green else AMBER if ratio >= amber else RED


def monitoring_partners(user=None) -> list[Partner]:
    """One row per partner organisation (the source translation), those ``user`` may see."""
    seen: set[uuid.UUID] = set()
    result = []
    visible = None if user is None else permissions.visible_partner_keys(user)
    for partner in Partner.objects.order_by("id"):
        if partner.translation_key in seen:
            continue
        seen.add(partner.translation_key)
        if visible is None or partner.translation_key in visible:
            result.append(partner)
    return sorted(result, key=lambda p: p.name)


@dataclass
class Cell:
    actual: Decimal | None
    target: Decimal | None
    status: str = ""

    @property
    def gap(self) -> Decimal | None:
        if self.target is None or self.actual is None:
            return None
        return self.actual - self.target

    @property
    def rag(self) -> str:
        return rag(self.actual, self.target)

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return int(100 * (self.actual or 0) / self.target)


@dataclass
class IndicatorRow:
    indicator: IndicatorDefinition
    total: Cell
    semester_value: Decimal | None
    partners: dict[uuid.UUID, Cell] = field(default_factory=dict)
    series: list[dict] = field(default_factory=list)  # per semester: target, actual


@dataclass
class Dashboard:
    semester: Semester
    semesters: list[Semester]
    partners: list[Partner]
    rows: list[IndicatorRow]
    reports: dict[uuid.UUID, PartnerReport]

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = {GREEN: 0, AMBER: 0, RED: 0, NONE: 0}
        for row in self.rows:
            counts[row.total.rag] += 1
        return counts


def _per_semester_values(semesters: list[Semester], partner_keys) -> dict:
    """{(indicator_id, partner_key, semester_id): value} for entered and stored values."""
    values = IndicatorValue.objects.filter(
        report__semester__in=semesters, value__isnull=False
    ).values_list("indicator_id", "report__partner__translation_key", "report__semester_id")
    if partner_keys is not None:
        values = values.filter(report__partner__translation_key__in=partner_keys)
    rows = values.annotate(total=Sum("value")).order_by()
    return {(i, p, s): v for i, p, s, v in rows}


def dashboard(*, user, semester: Semester) -> Dashboard:
    """Target against actual for every indicator up to ``semester``, consolidated and per
    partner the user may see. Computed indicators come live from the platform's records;
    entered ones from the partners' reports (draft values included, with the report's status
    shown beside them). ``user=None`` is the platform itself (alerts): every partner."""
    semesters = list(Semester.objects.filter(start__lte=semester.start).order_by("start"))
    partners = monitoring_partners(user)
    keys = {p.translation_key for p in partners}
    visible = None if user is None else permissions.visible_partner_keys(user)
    stored = _per_semester_values(semesters, visible)
    live: dict[tuple[str, int], dict] = {}
    indicators = list(IndicatorDefinition.objects.all())
    periods = [(s.start, s.end) for s in semesters]
    for name in {i.computation for i in indicators if i.source == i.Source.COMPUTED}:
        if name in computed.REGISTRY:
            for s, values in zip(semesters, computed.compute_periods(name, periods), strict=True):
                live[(name, s.pk)] = values
    targets = defaultdict(dict)
    for target in PartnerTarget.objects.filter(partner__translation_key__in=keys).select_related(
        "partner"
    ):
        targets[target.indicator_id][target.partner.translation_key] = target
    reports = {
        r.partner.translation_key: r
        for r in PartnerReport.objects.filter(semester=semester).select_related("partner")
        if r.partner.translation_key in keys
    }

    rows = []
    for indicator in indicators:
        is_computed = indicator.source == indicator.Source.COMPUTED

        def value_of(partner_key, s, indicator=indicator, is_computed=is_computed):
            if is_computed:
                return live.get((indicator.computation, s.pk), {}).get(partner_key)
            return stored.get((indicator.pk, partner_key, s.pk))

        summed = indicator.aggregation == indicator.Aggregation.SUM
        row_partners = {}
        for partner in partners:
            key = partner.translation_key
            per_semester = [value_of(key, s) for s in semesters]
            if summed:
                actual = sum((v or 0 for v in per_semester), Decimal(0))
            else:
                actual = per_semester[-1]
            target = targets[indicator.pk].get(key)
            row_partners[key] = Cell(
                actual=actual,
                target=target.milestone(semester.code) if target else None,
                status=reports[key].status if key in reports else "",
            )
        series = []
        for s in semesters:
            values = [value_of(p.translation_key, s) for p in partners]
            present = [v for v in values if v is not None]
            series.append(
                {
                    "semester": s.code,
                    "value": float(sum(present))
                    if summed
                    else (float(sum(present) / len(present)) if present else None),
                    "target": float(indicator.milestone(s.code))
                    if indicator.milestone(s.code) is not None
                    else None,
                }
            )
        if summed:
            running = Decimal(0)
            for point in series:
                running += Decimal(str(point["value"] or 0))
                point["cumulative"] = float(running)
            total_actual = running
        else:
            for point in series:
                point["cumulative"] = point["value"]
            last = series[-1]["value"] if series else None
            total_actual = None if last is None else Decimal(str(last))
        if visible is None:
            total_target = indicator.milestone(semester.code)
        else:
            partner_targets = [c.target for c in row_partners.values() if c.target is not None]
            total_target = sum(partner_targets, Decimal(0)) if partner_targets else None
        rows.append(
            IndicatorRow(
                indicator=indicator,
                total=Cell(actual=total_actual, target=total_target),
                semester_value=Decimal(str(series[-1]["value"]))
                if series and series[-1]["value"] is not None
                else None,
                partners=row_partners,
                series=series,
            )
        )
    return Dashboard(
        semester=semester, semesters=semesters, partners=partners, rows=rows, reports=reports
    )


# --- Missions ----------------------------------------------------------------------------


def missions_for(user) -> QuerySet[Mission]:
    return permissions.filter_by_partner(Mission.objects.select_related("partner"), user)


@dataclass
class Quota:
    partner: Partner
    quota: int
    done: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.quota)) if self.quota else 0


def mission_quotas(user) -> list[Quota]:
    """Missions done per partner against its quota (100 per French partner, 75 otherwise)."""
    partners = monitoring_partners(user)
    done = dict(
        Mission.objects.filter(status=Mission.Status.DONE)
        .values_list("partner__translation_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        Quota(
            partner=p,
            quota=QUOTA_BY_COUNTRY.get(p.country, 75),
            done=done.get(p.translation_key, 0),
        )
        for p in partners
    ]


def maturity_questionnaires(*, language: str) -> QuerySet[DiagnosticToolPage]:
    """The platform's live diagnostic questionnaires in ``language``, to score a company."""
    return (
        DiagnosticToolPage.objects.live().filter(locale__language_code=language).order_by("title")
    )


def questionnaire_in(*, key, language: str) -> DiagnosticToolPage | None:
    """The questionnaire ``key`` (a translation_key) in ``language``, else in any language."""
    pages = DiagnosticToolPage.objects.filter(translation_key=key)
    return pages.filter(locale__language_code=language).first() or pages.order_by("id").first()


@dataclass
class MaturityLine:
    title: str
    before: int | None
    after: int | None

    @property
    def gain(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def maturity_comparison(mission: Mission) -> list[MaturityLine]:
    """Per dimension (questionnaire section) and overall, the before and after percentages
    of a mission's maturity scores; titles in the active language where translated."""
    responses = {"before": mission.maturity_before, "after": mission.maturity_after}
    present = [r for r in responses.values() if r is not None]
    if not present:
        return []
    structure = present[0].version.structure
    page = questionnaire_in(
        key=present[0].version.questionnaire_key, language=(get_language() or "en")[:2]
    )
    titles = {s["id"]: s["title"] for s in structure["sections"]}
    if page is not None:
        titles.update(
            {
                s["id"]: s["title"]
                for s in toolbox_services.questionnaire_structure(page=page)["sections"]
            }
        )
    percents: dict[str, dict[str, int]] = {}
    for stage, response in responses.items():
        if response is None:
            continue
        for section in response.section_scores.all():
            percent = round(100 * section.score / section.max_score) if section.max_score else 0
            percents.setdefault(section.section_id, {})[stage] = percent
    lines = [
        MaturityLine(
            title=titles.get(section_id, section_id),
            before=values.get("before"),
            after=values.get("after"),
        )
        for section_id, values in percents.items()
    ]
    lines.append(
        MaturityLine(
            title=str(_("Overall")),
            before=responses["before"].percent if responses["before"] else None,
            after=responses["after"].percent if responses["after"] else None,
        )
    )
    return lines


def reports_for(user) -> QuerySet[PartnerReport]:
    return permissions.filter_by_partner(
        PartnerReport.objects.select_related("partner", "semester"), user
    )


def pending_reports(semester: Semester) -> QuerySet[PartnerReport]:
    return PartnerReport.objects.filter(semester=semester).filter(
        ~Q(status=PartnerReport.Status.APPROVED)
    )


# --- Surveys -----------------------------------------------------------------------------


def surveys_for(user) -> QuerySet[Survey]:
    return permissions.filter_by_partner(Survey.objects.all(), user)


@dataclass
class SurveyStatistics:
    invited: int
    answered: int
    average_percent: int | None

    @property
    def response_rate(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def survey_statistics(survey: Survey) -> SurveyStatistics:
    """How many were invited and answered, and the answers' average score (percent)."""
    invitations = survey.invitations.select_related("response")
    percents = [i.response.percent for i in invitations if i.response is not None]
    return SurveyStatistics(
        invited=len(invitations),
        answered=sum(1 for i in invitations if i.answered_at is not None),
        average_percent=round(sum(percents) / len(percents)) if percents else None,
    )


@dataclass
class SurveyVersionResults:
    number: int
    responses: int
    questions: list[QuestionStatistics]


def survey_results(
    survey: Survey, *, page: DiagnosticToolPage | None = None
) -> list[SurveyVersionResults]:
    """The survey's answers question by question, per version of its questionnaire (a
    questionnaire changed during the survey gives two tables), texts in ``page``'s language."""
    responses = DiagnosticResponse.objects.filter(
        pk__in=survey.invitations.exclude(response=None).values("response")
    )
    versions = QuestionnaireVersion.objects.filter(pk__in=responses.values("version"))
    return [
        SurveyVersionResults(
            number=version.number,
            responses=responses.filter(version=version).count(),
            questions=answer_distribution(version=version, responses=responses, page=page),
        )
        for version in versions.order_by("number")
    ]
