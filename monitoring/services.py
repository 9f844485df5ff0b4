"""Writes of the programme monitoring: semester reports (fill, submit, approve, return),
missions and their attachments (surveys are in ``surveys.py``). Views, the API, tasks and the demo all call
these, so every path gets the same rules."""

from __future__ import annotations

import datetime
import mimetypes
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from toolbox import services as toolbox_services
from toolbox.models import DiagnosticResponse, Partner, QuestionnaireVersion

from . import computed, permissions
from .models import (
    IndicatorDefinition,
    IndicatorValue,
    Mission,
    MissionAttachment,
    MonitoringError,
    PartnerReport,
    PartnerTarget,
    ReportEvent,
    ReportLockedError,
    ReportTransitionError,
    Semester,
)

Status = PartnerReport.Status


def off_target_margin() -> Decimal:
    """How far (a fraction of the target) a value may be from it without a comment."""
    return Decimal(str(getattr(settings, "MONITORING_OFF_TARGET_MARGIN", "0.2")))


def source_partner(partner: Partner) -> Partner:
    """The one row that stands for a partner in monitoring: its first (source) translation."""
    return Partner.objects.filter(translation_key=partner.translation_key).order_by("id").first()


# --- Semester reports --------------------------------------------------------------------


def _snapshot(report: PartnerReport) -> dict:
    return {
        value.indicator.code: {
            "value": None if value.value is None else str(value.value),
            "comment": value.comment,
            "computed": value.computed,
        }
        for value in report.values.select_related("indicator")
    }


def _log(report: PartnerReport, action: str, user, note: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, action=action, user=user, note=note, snapshot=_snapshot(report)
    )


@transaction.atomic
def report_ensure(*, partner: Partner, semester: Semester) -> PartnerReport:
    """The partner's report for the semester, with a value row per indicator; computed values
    are refreshed from the platform while the report can still change."""
    partner = source_partner(partner)
    report, _created = PartnerReport.objects.get_or_create(partner=partner, semester=semester)
    existing = {v.indicator_id: v for v in report.values.all()}
    indicators = list(IndicatorDefinition.objects.all())
    missing = [
        IndicatorValue(report=report, indicator=i, computed=i.source == i.Source.COMPUTED)
        for i in indicators
        if i.pk not in existing
    ]
    IndicatorValue.objects.bulk_create(missing)
    if report.is_editable:
        report_refresh_computed(report=report)
    return report


def report_refresh_computed(*, report: PartnerReport) -> None:
    """Store the platform's figures for the report's computed indicators."""
    semester = report.semester
    key = report.partner.translation_key
    cache: dict[str, dict] = {}
    values = report.values.select_related("indicator").filter(
        indicator__source=IndicatorDefinition.Source.COMPUTED
    )
    for value in values:
        name = value.indicator.computation
        if name not in computed.REGISTRY:
            continue
        if name not in cache:
            cache[name] = computed.compute(name, start=semester.start, end=semester.end)
        new = cache[name].get(key, Decimal(0)).quantize(Decimal("0.01"))
        if value.value != new or not value.computed:
            value.value, value.computed = new, True
            value.save(update_fields=["value", "computed"])


def cumulative_before(*, partner: Partner, indicator: IndicatorDefinition, semester: Semester):
    """Sum of the partner's values for the indicator in earlier semesters."""
    earlier = IndicatorValue.objects.filter(
        indicator=indicator,
        report__partner__translation_key=partner.translation_key,
        report__semester__start__lt=semester.start,
        value__isnull=False,
    ).values_list("value", flat=True)
    return sum(earlier, Decimal(0))


def partner_milestone(*, partner: Partner, indicator: IndicatorDefinition, semester: Semester):
    target = PartnerTarget.objects.filter(
        indicator=indicator, partner__translation_key=partner.translation_key
    ).first()
    return target.milestone(semester.code) if target else None


def parse_value(indicator: IndicatorDefinition, raw) -> Decimal | None:
    """The value as typed, checked against the indicator's unit; ValidationError otherwise."""
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("Enter a number.")) from exc
    if not value.is_finite():
        raise ValidationError(_("Enter a number."))
    if value < 0:
        raise ValidationError(_("A value cannot be negative."))
    if indicator.unit == IndicatorDefinition.Unit.COUNT and value != value.to_integral_value():
        raise ValidationError(_("A count is a whole number."))
    if indicator.unit in (IndicatorDefinition.Unit.PERCENT, IndicatorDefinition.Unit.SCORE):
        if value > 100:
            raise ValidationError(_("A percentage or score is at most 100."))
    if value >= Decimal("1e12"):
        raise ValidationError(_("This value is too large."))
    return value.quantize(Decimal("0.01"))


def off_target(
    *, partner: Partner, indicator: IndicatorDefinition, semester: Semester, value: Decimal
) -> bool:
    """True when the value is further from the partner's milestone than the margin allows.
    Summed indicators compare the cumulative total, averaged ones the semester's value."""
    milestone = partner_milestone(partner=partner, indicator=indicator, semester=semester)
    if milestone is None or milestone == 0:
        return False
    actual = value
    if indicator.aggregation == IndicatorDefinition.Aggregation.SUM:
        actual += cumulative_before(partner=partner, indicator=indicator, semester=semester)
    return abs(actual - milestone) > off_target_margin() * milestone


@transaction.atomic
def report_save(*, report: PartnerReport, user, entries: dict[int, dict], submit: bool = False):
    """Store the partner's entered values (``{indicator_id: {"value": raw, "comment": str}}``).

    Checks every value (unit, no negative counts) and, on submit, that every entered
    indicator has a value and that off-target values carry a comment. Raises
    ``ValidationError`` with one message per indicator code (nothing is saved then), or
    ``ReportLockedError`` when the report is submitted or approved.
    """
    report = PartnerReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise ReportLockedError(_("This report is submitted or approved and can no longer change."))
    errors: dict[str, list[str]] = {}
    rows = list(report.values.select_related("indicator"))
    for row in rows:
        indicator = row.indicator
        if row.computed:
            continue
        entry = entries.get(indicator.pk, {})
        comment = (entry.get("comment") or "").strip()
        try:
            value = parse_value(indicator, entry.get("value"))
        except ValidationError as exc:
            errors[indicator.code] = exc.messages
            continue
        if submit and value is None:
            errors[indicator.code] = [_("Enter a value before submitting.")]
            continue
        if (
            submit
            and value is not None
            and not comment
            and off_target(
                partner=report.partner, indicator=indicator, semester=report.semester, value=value
            )
        ):
            errors[indicator.code] = [
                _("This value is off target by more than %(margin)s%%: explain why in a comment.")
                % {"margin": int(off_target_margin() * 100)}
            ]
            continue
        row.value, row.comment = value, comment
    if errors:
        raise ValidationError(errors)
    IndicatorValue.objects.bulk_update([r for r in rows if not r.computed], ["value", "comment"])
    if submit:
        report_refresh_computed(report=report)
        report.status = Status.SUBMITTED
        report.save(update_fields=["status", "updated_at"])
        _log(report, ReportEvent.Action.SUBMITTED, user)
    else:
        report.save(update_fields=["updated_at"])
        _log(report, ReportEvent.Action.SAVED, user)
    return report


@transaction.atomic
def report_approve(*, report: PartnerReport, user) -> PartnerReport:
    """The lead partner approves a submitted report: it is locked from then on."""
    if not permissions.is_lead(user):
        raise PermissionError("only the lead partner approves reports")
    report = PartnerReport.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.SUBMITTED:
        raise ReportTransitionError(_("Only a submitted report can be approved."))
    report.status = Status.APPROVED
    report.save(update_fields=["status", "updated_at"])
    _log(report, ReportEvent.Action.APPROVED, user)
    return report


@transaction.atomic
def report_return(*, report: PartnerReport, user, note: str) -> PartnerReport:
    """The lead partner sends a submitted report back to the partner with a reason."""
    if not permissions.is_lead(user):
        raise PermissionError("only the lead partner returns reports")
    if not note.strip():
        raise ValidationError({"note": [_("Say what the partner should change.")]})
    report = PartnerReport.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.SUBMITTED:
        raise ReportTransitionError(_("Only a submitted report can be returned."))
    report.status = Status.RETURNED
    report.save(update_fields=["status", "updated_at"])
    _log(report, ReportEvent.Action.RETURNED, user, note=note.strip())
    return report


# --- Missions ----------------------------------------------------------------------------


def mission_attachment_add(*, mission: Mission, upload) -> MissionAttachment:
    content_type = getattr(upload, "content_type", "") or mimetypes.guess_type(upload.name)[0] or ""
    return MissionAttachment.objects.create(
        mission=mission, name=upload.name[:200], file=upload, content_type=content_type[:120]
    )


class MaturityStage:
    BEFORE = "before"
    AFTER = "after"
    ALL = (BEFORE, AFTER)


class MaturityQuestionnaireError(MonitoringError):
    """The "after" score must use the same questionnaire as the "before" one."""


@transaction.atomic
def mission_maturity_record(
    *, mission: Mission, stage: str, version: QuestionnaireVersion, answers: dict[str, str]
) -> DiagnosticResponse:
    """Score the company's digital maturity before or after the mission with one of the
    platform's diagnostic questionnaires (the toolbox's engine: same versions, same scoring,
    each section a dimension). Both scores must come from the same questionnaire so that the
    gain means something. Replaces an earlier score of the same stage."""
    if stage not in MaturityStage.ALL:
        raise ValueError(stage)
    other = mission.maturity_after if stage == MaturityStage.BEFORE else mission.maturity_before
    if other is not None and other.version.questionnaire_key != version.questionnaire_key:
        raise MaturityQuestionnaireError(
            _("Score before and after the support with the same questionnaire.")
        )
    response = toolbox_services.diagnostic_response_create(
        version=version,
        answers=answers,
        language=mission.language,
        origin=DiagnosticResponse.Origin.ADVISER,
    )
    setattr(mission, f"maturity_{stage}", response)
    mission.save(update_fields=[f"maturity_{stage}"])
    return response


def semester_for(day: datetime.date) -> Semester | None:
    return Semester.objects.filter(start__lte=day, end__gte=day).first()
