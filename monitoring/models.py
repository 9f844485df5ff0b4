"""Programme monitoring models: indicators and their targets, semesters, partner reports with
their approval history, assistance missions with their reports and attachments, surveys.

Everything here is private to partners: who may see what is decided in ``permissions.py`` and
every view, API handler and export goes through it.
"""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from wiki.models import private_storage

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class MonitoringError(Exception):
    """Base of the monitoring services' domain errors."""


class ReportLockedError(MonitoringError):
    """The report is approved (or submitted): its values can no longer be changed."""


class ReportTransitionError(MonitoringError):
    """The report is not in a state that allows this action (approve a draft, ...)."""


# --- Indicators --------------------------------------------------------------------------


class IndicatorDefinition(models.Model):
    """One physical or financial indicator of the programme, as Jems lists them: a code, a
    unit, a baseline and reference year (result indicators), a cumulative milestone per
    semester and a final target. ``source`` says whether the platform computes the value from
    what it records (``computation`` names the function in ``monitoring.computed``) or whether
    partners enter it in their semester report.
    """

    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output")
        RESULT = "result", _("Result")
        IMPACT = "impact", _("Impact")
        FINANCIAL = "financial", _("Financial")

    class Unit(models.TextChoices):
        COUNT = "count", _("number")
        PERCENT = "percent", _("percent")
        EUR = "eur", _("euros")
        DAYS = "days", _("days")
        SCORE = "score", _("score (0-100)")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed by the platform")
        ENTERED = "entered", _("Entered by partners")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum over partners")
        AVERAGE = "average", _("Average over partners")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("The indicator's code in the programme (Jems), e.g. 'RCO 01' or 'O1.2'."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("In English."))
    names = models.JSONField(
        _("translated names"),
        default=dict,
        blank=True,
        help_text=_('The name in other languages: {"fr": "...", "es": "...", "pt": "..."}.'),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.COUNT)
    aggregation = models.CharField(
        _("consolidation"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("How partners' values add up to the programme's value."),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    reference_year = models.PositiveSmallIntegerField(_("reference year"), null=True, blank=True)
    final_target = models.DecimalField(
        _("final target"), max_digits=14, decimal_places=2, default=0
    )
    milestones = models.JSONField(
        _("milestones"),
        default=dict,
        blank=True,
        help_text=_(
            'Cumulative programme target at the end of each semester: {"2026-S1": 120, ...}.'
        ),
    )
    source = models.CharField(
        _("data source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    computation = models.CharField(
        _("computation"),
        max_length=40,
        blank=True,
        help_text=_("For computed indicators: what the platform counts."),
    )
    data_source_note = models.CharField(
        _("data source note"),
        max_length=200,
        blank=True,
        help_text=_("Where the figure comes from, as the programme asks for result indicators."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.label()}"

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        return self.names.get(language) or self.name

    @property
    def is_count(self) -> bool:
        return self.unit in (self.Unit.COUNT, self.Unit.DAYS)

    def milestone(self, semester_code: str) -> Decimal | None:
        value = self.milestones.get(semester_code)
        return None if value is None else Decimal(str(value))


class PartnerTarget(models.Model):
    """A partner's own share of an indicator: its final target and semester milestones."""

    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="partner_targets"
    )
    partner = models.ForeignKey(
        "toolbox.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    final_target = models.DecimalField(_("final target"), max_digits=14, decimal_places=2)
    milestones = models.JSONField(_("milestones"), default=dict, blank=True)

    class Meta:
        verbose_name = _("partner target")
        verbose_name_plural = _("partner targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "partner"], name="unique_partner_target")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.partner}"

    def milestone(self, semester_code: str) -> Decimal | None:
        value = self.milestones.get(semester_code)
        return None if value is None else Decimal(str(value))


class Semester(models.Model):
    """A six-monthly reporting period (DHIS2's six-monthly period type), e.g. 2026-S1."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("e.g. 2026-S1"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("reports due"), help_text=_("When partner reports are due."))

    class Meta:
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        ordering = ["start"]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})


# --- Partner reports ---------------------------------------------------------------------


class PartnerReport(models.Model):
    """One partner's values for one semester: drafted and submitted by the partner, approved
    or returned by the lead partner (DHIS2-style approval). Approved reports are locked; every
    step is kept in ``events`` with a snapshot of the values."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    partner = models.ForeignKey(
        "toolbox.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    semester = models.ForeignKey(
        Semester, verbose_name=_("semester"), on_delete=models.CASCADE, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("partner report")
        verbose_name_plural = _("partner reports")
        ordering = ["semester__start", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "semester"], name="unique_partner_report")
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.semester}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class IndicatorValue(models.Model):
    """The value of one indicator in one partner report (the semester's own figure, not
    cumulative), entered by the partner or computed by the platform."""

    report = models.ForeignKey(PartnerReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True)
    computed = models.BooleanField(_("computed"), default=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="unique_report_value")
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator.code} = {self.value}"


class ReportEvent(models.Model):
    """One step in a report's life (saved, submitted, approved, returned), with the values at
    that moment: the history that stays after the report is locked."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Saved")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    report = models.ForeignKey(PartnerReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("values"), default=dict)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_action_display()}"


# --- Missions ----------------------------------------------------------------------------


class Mission(models.Model):
    """A one-day technical-assistance mission to a small business, with its intervention report.

    Seen only by the partner's staff and the lead partner. The report is written in
    ``language`` (the partner's) and printed in it.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    partner = models.ForeignKey(
        "toolbox.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    company = models.ForeignKey(
        "newsletter.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The company record shared with the newsletter's contacts."),
    )
    company_name = models.CharField(
        _("company name"),
        max_length=200,
        help_text=_("Kept with the mission even if the shared company record changes."),
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(_("date"))
    duration_days = models.DecimalField(
        _("duration (days)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    themes = models.ManyToManyField(
        "toolbox.ThemePage", verbose_name=_("themes"), blank=True, related_name="+"
    )
    needs = models.TextField(_("needs found"), blank=True)
    recommended_solutions = models.TextField(_("recommended solutions"), blank=True)
    specification_prepared = models.BooleanField(_("specification prepared"), default=False)
    follow_up = models.TextField(_("follow-up"), blank=True)
    situation = models.TextField(
        _("situation"), blank=True, help_text=_("The company's starting point.")
    )
    actions = models.TextField(_("actions taken"), blank=True)
    report = RichTextField(
        _("report"), blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"]
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    maturity_before = models.ForeignKey(
        "toolbox.DiagnosticResponse",
        verbose_name=_("digital maturity before"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    maturity_after = models.ForeignKey(
        "toolbox.DiagnosticResponse",
        verbose_name=_("digital maturity after"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["partner", "date"])]

    def __str__(self) -> str:
        return f"{self.company_name} · {self.date}"

    @property
    def maturity_gain(self) -> int | None:
        """Points gained (percent of the maximum) between the before and after scores, when
        both were taken with the same questionnaire."""
        before, after = self.maturity_before, self.maturity_after
        if before and after and before.version.questionnaire_key == after.version.questionnaire_key:
            return after.percent - before.percent
        return None


def mission_attachment_upload_to(instance: MissionAttachment, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:16]
    return f"monitoring/{instance.mission_id}/{uuid.uuid4().hex}{suffix}"


class MissionAttachment(models.Model):
    """A file attached to a mission report. Stored outside MEDIA_ROOT (no public URL) and
    served only by the monitoring download view, which checks the reader's partner."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=mission_attachment_upload_to, storage=private_storage
    )
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


# --- Surveys -----------------------------------------------------------------------------


class Survey(models.Model):
    """A satisfaction or follow-up survey of assisted companies or event participants, asked
    with one of the toolbox's diagnostic questionnaires (one questionnaire engine): answers are
    stored as ``toolbox.DiagnosticResponse`` rows of the questionnaire's current version, and
    their average score feeds result indicators (computation ``survey_satisfaction``)."""

    class Kind(models.TextChoices):
        SATISFACTION = "satisfaction", _("Satisfaction")
        FOLLOW_UP = "follow_up", _("Follow-up")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    questionnaire = models.ForeignKey(
        "toolbox.DiagnosticToolPage",
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A diagnostic tool of the toolbox whose questions the survey asks."),
    )
    partner = models.ForeignKey(
        "toolbox.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    reminder_after_days = models.PositiveSmallIntegerField(_("remind after (days)"), default=7)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SurveyInvitation(models.Model):
    """A single-use link sent to one contact. The token is the only credential."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    mission = models.ForeignKey(
        Mission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    response = models.OneToOneField(
        "toolbox.DiagnosticResponse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="unique_survey_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.email}"

    @property
    def is_used(self) -> bool:
        return self.answered_at is not None


# --- Alerts ------------------------------------------------------------------------------


class Alert(models.Model):
    """One alert e-mailed to one person: a gap against the forecast (an indicator red or
    amber at the end of a semester) or a late semester report. ``key`` names the finding
    (kind, semester, partner, indicator, level); the same finding is never e-mailed twice to
    the same person, so the daily run only sends what is new (or what got worse)."""

    class Kind(models.TextChoices):
        GAP = "gap", _("Gap against the forecast")
        LATE_REPORT = "late_report", _("Late report")

    key = models.CharField(_("finding"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    semester = models.ForeignKey(
        Semester, verbose_name=_("semester"), on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "toolbox.Partner", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        IndicatorDefinition, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, blank=True)
    language = models.CharField(_("language"), max_length=8)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="unique_alert_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id}"
