"""Self-diagnostic questionnaires, their versions and the anonymous answers they collect."""

from __future__ import annotations

import uuid

from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from toolbox import selectors, services
from toolbox.blocks import QuestionnaireBlock
from toolbox.forms import QuestionnaireForm

from .items import ToolboxItemPage


class QuestionnaireAnswerError(ValueError):
    """Submitted answers do not fit the questionnaire version (missing or unknown answers).

    ``errors`` maps question ids to a message, for forms and API problem responses.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{key}: {msg}" for key, msg in errors.items()))


class DiagnosticToolPage(ToolboxItemPage):
    """A self-diagnostic questionnaire: sections of weighted single-choice questions, and per
    section score bands with advice and recommended toolbox items.

    Block ids are shared by all translations, so one ``QuestionnaireVersion`` (identified by
    the structure's ids, weights and thresholds) serves every language. A version is recorded
    whenever a publish changes that structure; stored answers point at the version they were
    scored with, so they keep their meaning when the questionnaire changes later.
    """

    questionnaire = StreamField(
        QuestionnaireBlock(),
        verbose_name=_("questionnaire"),
        help_text=_(
            "Sections of questions. Changing answers, points or bands creates a new version "
            "when published; earlier results keep the version they were scored with."
        ),
    )
    results_intro = RichTextField(
        _("results introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the visitor's scores."),
    )

    content_panels = (
        Page.content_panels
        + ToolboxItemPage.summary_panels
        + ToolboxItemPage.body_panels
        + [FieldPanel("questionnaire"), FieldPanel("results_intro")]
        + ToolboxItemPage.classification_panels
    )
    search_fields = ToolboxItemPage.search_fields + [index.SearchField("questionnaire")]
    api_fields = ToolboxItemPage.api_fields + [
        APIField("questionnaire"),
        APIField("results_intro"),
        APIField("question_count"),
    ]

    parent_page_types = ["toolbox.PartnerSectionPage"]
    subpage_types: list[str] = []
    template = "toolbox/diagnostic_tool_page.html"

    class Meta:
        verbose_name = _("diagnostic tool")
        verbose_name_plural = _("diagnostic tools")

    @property
    def question_count(self) -> int:
        return sum(len(block.value["questions"]) for block in self.questionnaire)

    @property
    def estimated_minutes(self) -> int:
        return max(1, round(self.question_count * 20 / 60))

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            version = services.questionnaire_version_for_post(
                page=self, number=request.POST.get("version")
            )
            form = QuestionnaireForm(request.POST, page=self, version=version)
            if form.is_valid():
                response = services.diagnostic_response_create(
                    version=version,
                    answers=form.answers(),
                    language=self.locale.language_code,
                )
                return redirect(f"{self.get_url(request)}?result={response.public_id}#results")
            request.questionnaire_form = form
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = getattr(request, "questionnaire_form", None)
        if form is None:
            if getattr(request, "is_preview", False):
                # A draft being previewed must not record a version: only publishing does.
                version = services.questionnaire_version_preview(page=self)
            else:
                version = services.questionnaire_version_ensure(page=self)
            form = QuestionnaireForm(page=self, version=version)
        context["form"] = form
        result_id = request.GET.get("result")
        if result_id:
            context["result"] = selectors.diagnostic_result(page=self, public_id=result_id)
        return context


class QuestionnaireVersion(models.Model):
    """A snapshot of a questionnaire's structure (ids, weights, thresholds, texts) as published.

    Shared by every translation of the questionnaire (``questionnaire_key`` is their
    ``translation_key``). ``fingerprint`` hashes what gives scores their meaning, so
    republishing text-only edits or translations reuses the current version.
    """

    questionnaire_key = models.UUIDField(_("questionnaire"), db_index=True)
    number = models.PositiveIntegerField(_("version"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    structure = models.JSONField(_("structure"))
    language = models.CharField(_("language of the snapshot texts"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire_key", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire_key", "number"], name="unique_questionnaire_version"
            ),
            models.UniqueConstraint(
                fields=["questionnaire_key", "fingerprint"],
                name="unique_questionnaire_fingerprint",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_key} v{self.number}"

    def pages(self):
        """Every translation of the questionnaire this version belongs to."""
        return DiagnosticToolPage.objects.filter(translation_key=self.questionnaire_key)


class DiagnosticResponse(models.Model):
    """One visitor's answers, stored anonymously for aggregate statistics (or, by
    ``origin``, a survey answer or an adviser's maturity score given with the same engine).

    Nothing identifies the visitor: no account, address, browser or exact time (only the day).
    ``public_id`` is a random id the visitor keeps in the result link.
    """

    class Origin(models.TextChoices):
        VISITOR = "visitor", _("A visitor's self-diagnostic")
        SURVEY = "survey", _("A survey answer")
        ADVISER = "adviser", _("An adviser's maturity score of a company")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    origin = models.CharField(
        _("origin"),
        max_length=10,
        choices=Origin.choices,
        default=Origin.VISITOR,
        db_index=True,
        help_text=_(
            "The same engine scores visitors' self-diagnostics, survey answers and advisers' "
            "maturity scores; only the first count in the questionnaire's statistics."
        ),
    )
    language = models.CharField(_("language"), max_length=8)
    submitted_on = models.DateField(_("submitted on"))
    answers = models.JSONField(_("answers"), help_text=_("Question id to answer id."))
    score = models.PositiveIntegerField(_("score"))
    max_score = models.PositiveIntegerField(_("maximum score"))

    class Meta:
        verbose_name = _("diagnostic response")
        verbose_name_plural = _("diagnostic responses")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.version} · {self.submitted_on} · {self.score}/{self.max_score}"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class DiagnosticSectionScore(models.Model):
    """The score of one section in one response, kept for per-section statistics."""

    response = models.ForeignKey(
        DiagnosticResponse, on_delete=models.CASCADE, related_name="section_scores"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    section_id = models.CharField(_("section"), max_length=64)
    score = models.PositiveIntegerField(_("score"))
    max_score = models.PositiveIntegerField(_("maximum score"))
    band_id = models.CharField(_("score band"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("section score")
        verbose_name_plural = _("section scores")
        ordering = ["response", "position"]
        indexes = [models.Index(fields=["section_id"])]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.score}/{self.max_score}"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0
