"""Toolbox items: the common base page and the guide, video and best-practice types."""

from __future__ import annotations

import math
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from toolbox import selectors
from toolbox.blocks import BodyBlock, DownloadBlock, IndicatorBlock
from toolbox.forms import BestPracticePageForm, ToolboxItemPageForm, VideoPageForm
from toolbox.pictures import PICTURE_SPEC, THUMBNAIL_SPEC, PictureRenditionField
from toolbox.registry import item_type_for_model

from .localization import localized_instance
from .themes import Audience, HomeListingPage, Partner, PartnerSectionPage, ThemePage

WORDS_PER_MINUTE = 200
VIDEO_EXTENSIONS = {".mp4", ".webm", ".ogv", ".ogg", ".m4v"}
SUBTITLE_EXTENSIONS = {".vtt"}


def document_extension(document) -> str:
    return PurePosixPath(document.file.name).suffix.lower() if document and document.file else ""


class ToolboxItemTag(TaggedItemBase):
    """Tags of toolbox items (django-taggit through model)."""

    content_object = ParentalKey(
        "toolbox.ToolboxItemPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ToolboxItemPage(Page):
    """What every toolbox item has: theme, sectors, audiences, tags, summary, body and key.

    A concrete (multi-table) base rather than an abstract one, so that "every item" is one
    queryset (``ToolboxItemPage.objects``) for listings, the key's uniqueness across types,
    feeds, import/export and the API. It is never created directly.

    Items live under their partner's ``PartnerSectionPage`` (which carries editing rights) and
    point to their theme with ``theme``; ``partner`` is derived from the section on save.
    """

    key = models.SlugField(
        _("key"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_(
            "Stable identifier shared by every translation, used by the API and imports. "
            "Leave empty to derive it from the title."
        ),
    )
    theme = models.ForeignKey(
        ThemePage,
        verbose_name=_("theme"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="items",
        help_text=_("The main theme the item belongs to."),
    )
    sectors = ParentalManyToManyField(
        ThemePage,
        verbose_name=_("sectors"),
        blank=True,
        related_name="sector_items",
        limit_choices_to={"kind": ThemePage.Kind.SECTORAL},
        help_text=_("Sectors the item is especially useful for, if any."),
    )
    audiences = ParentalManyToManyField(
        Audience,
        verbose_name=_("target audiences"),
        blank=True,
        related_name="items",
        help_text=_("Who the item is written for."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"),
        through=ToolboxItemTag,
        blank=True,
        help_text=_("Keywords, shared by every translation (e.g. 'ransomware', 'GDPR')."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown on cards, in search results and in feeds."),
    )
    picture = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown as a thumbnail on cards and at the top of the item's page. Landscape, "
            "at least 1200×675 pixels; the image's description is its alternative text."
        ),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="items",
    )

    summary_panels = [FieldPanel("summary"), FieldPanel("picture")]
    body_panels = [FieldPanel("body")]
    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("theme", widget=forms.Select),
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("key"),
            ],
            heading=_("Classification"),
        )
    ]
    content_panels = Page.content_panels + summary_panels + body_panels + classification_panels

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.AutocompleteField("summary"),
        index.SearchField("body"),
        index.FilterField("key"),
        index.FilterField("theme"),
        index.FilterField("partner"),
        index.RelatedFields(
            "tags", [index.SearchField("name", boost=2), index.FilterField("slug")]
        ),
        index.RelatedFields("theme", [index.SearchField("title"), index.FilterField("key")]),
    ]
    api_fields = [
        APIField("key"),
        APIField("item_type"),
        APIField(
            "theme", serializer=serializers.SlugRelatedField(slug_field="key", read_only=True)
        ),
        APIField(
            "sectors",
            serializer=serializers.SlugRelatedField(slug_field="key", many=True, read_only=True),
        ),
        APIField(
            "audiences",
            serializer=serializers.SlugRelatedField(slug_field="key", many=True, read_only=True),
        ),
        APIField("tags"),
        APIField("summary"),
        # the picture to show (a video without one: its poster), as renditions
        APIField(
            "picture", serializer=PictureRenditionField(PICTURE_SPEC, source="display_picture")
        ),
        APIField(
            "picture_thumbnail",
            serializer=PictureRenditionField(THUMBNAIL_SPEC, source="display_picture"),
        ),
        APIField("body"),
        APIField(
            "partner", serializer=serializers.SlugRelatedField(slug_field="key", read_only=True)
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("key", overridable=False),
        SynchronizedField("theme", overridable=False),
        SynchronizedField("sectors", overridable=False),
        SynchronizedField("audiences", overridable=False),
        # the same picture in every language; a translator may still swap it for one whose
        # text is in their language
        SynchronizedField("picture"),
    ]

    base_form_class = ToolboxItemPageForm
    is_creatable = False
    parent_page_types = ["toolbox.PartnerSectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("toolbox item")
        verbose_name_plural = _("toolbox items")

    # --- rules ---------------------------------------------------------------------------

    def clean(self):
        super().clean()
        if not self.key:
            self.key = self.derive_key()
        clash = (
            ToolboxItemPage.objects.filter(key=self.key)
            .exclude(translation_key=self.translation_key)
            .exclude(alias_of__isnull=False)
            .exists()
        )
        if clash:
            raise ValidationError(
                {
                    "key": _("Another toolbox item already uses the key “%(key)s”.")
                    % {"key": self.key}
                }
            )

    def derive_key(self) -> str:
        """A key from the title, made unique among items by a numeric suffix."""
        base = (slugify(self.title) or "item")[:72].strip("-")
        taken = set(
            ToolboxItemPage.objects.filter(key__startswith=base)
            .exclude(translation_key=self.translation_key)
            .values_list("key", flat=True)
        )
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def save(self, *args, **kwargs):
        if not self.key and self.title:
            self.key = self.derive_key()
        if self.locale_id:
            self.localize_references()
        return super().save(*args, **kwargs)

    def localize_references(self) -> None:
        """Point theme, sectors, audiences and partner at objects in this item's locale."""
        locale = self.locale
        if self.theme_id:
            self.theme = localized_instance(self.theme, locale)
        section = self.section
        if section is not None:
            self.partner = (
                localized_instance(section.partner, locale) if section.partner_id else None
            )
        for name in ("sectors", "audiences"):
            current = list(getattr(self, name).all())
            localized = [localized_instance(obj, locale) for obj in current]
            if [o.pk for o in localized] != [o.pk for o in current]:
                setattr(self, name, localized)

    # --- reads ---------------------------------------------------------------------------

    @property
    def section(self) -> PartnerSectionPage | None:
        if not self.path or self.depth is None or self.depth < 2:
            return None
        parent = Page.objects.filter(path=self.path[: -self.steplen]).specific().first()
        return parent if isinstance(parent, PartnerSectionPage) else None

    @property
    def item_type(self) -> str:
        """The item's type as a stable name (``toolbox.registry``): guide, video, ..."""
        return item_type_for_model(self.specific_class).name

    @property
    def display_picture(self):
        """The image that stands for the item on cards and its page (None if it has none)."""
        return self.picture

    @property
    def localized_sectors(self) -> list[ThemePage]:
        return [s.localized for s in self.sectors.all()]

    @property
    def localized_audiences(self) -> list[Audience]:
        return [a.localized for a in self.audiences.all()]


class GuidePage(ToolboxItemPage):
    """A methodological guide with downloadable documents (PDF)."""

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    level = models.CharField(
        _("level"),
        max_length=16,
        choices=Level.choices,
        default=Level.BEGINNER,
        help_text=_("How much the reader needs to know already."),
    )
    documents = StreamField(
        [("document", DownloadBlock())],
        verbose_name=_("documents"),
        blank=True,
        help_text=_("The guide itself and its annexes, to download (PDF preferred)."),
    )
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )

    content_panels = (
        Page.content_panels
        + ToolboxItemPage.summary_panels
        + [FieldPanel("level")]
        + ToolboxItemPage.body_panels
        + [FieldPanel("documents")]
        + ToolboxItemPage.classification_panels
    )
    search_fields = ToolboxItemPage.search_fields + [
        index.FilterField("level"),
        index.SearchField("documents"),
    ]
    api_fields = ToolboxItemPage.api_fields + [
        APIField("level"),
        APIField("documents"),
        APIField("reading_time"),
    ]

    parent_page_types = ["toolbox.PartnerSectionPage"]
    subpage_types: list[str] = []
    template = "toolbox/guide_page.html"

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def save(self, *args, **kwargs):
        self.reading_time = self.compute_reading_time()
        return super().save(*args, **kwargs)

    def compute_reading_time(self) -> int:
        """Minutes to read the summary and body at 200 words a minute (at least one)."""
        texts = [self.summary or ""]
        texts += self.body.stream_block.get_searchable_content(self.body)
        words = sum(len(strip_tags(str(text)).split()) for text in texts)
        return max(1, math.ceil(words / WORDS_PER_MINUTE))


class VideoPage(ToolboxItemPage):
    """An awareness video, uploaded or hosted elsewhere, with transcript and subtitles.

    The transcript is translated like any text; subtitle tracks are WebVTT documents, one per
    language, shared by every translation of the page.
    """

    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An MP4 or WebM file uploaded as a document. Or give a URL below."),
    )
    video_url = models.URLField(
        _("video URL"),
        blank=True,
        help_text=_("The video's page on PeerTube, YouTube or Vimeo, if not uploaded."),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The still image shown before the video plays."),
    )
    duration = models.DurationField(
        _("duration"),
        null=True,
        blank=True,
        help_text=_("Length of the video, as hh:mm:ss."),
    )
    transcript = RichTextField(
        _("transcript"),
        blank=True,
        features=["bold", "italic", "link", "h3", "ul"],
        help_text=_("Everything said in the video, in this page's language."),
    )

    content_panels = (
        Page.content_panels
        + ToolboxItemPage.summary_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("video_file"),
                    FieldPanel("video_url"),
                    FieldRowPanel([FieldPanel("poster"), FieldPanel("duration")]),
                ],
                heading=_("Video"),
            ),
            InlinePanel("subtitle_tracks", heading=_("Subtitles (WebVTT)"), label=_("track")),
            FieldPanel("transcript"),
        ]
        + ToolboxItemPage.body_panels
        + ToolboxItemPage.classification_panels
    )
    search_fields = ToolboxItemPage.search_fields + [index.SearchField("transcript")]
    api_fields = ToolboxItemPage.api_fields + [
        APIField("video_file"),
        APIField("video_url"),
        APIField("poster"),
        APIField("duration"),
        APIField("transcript"),
        APIField("subtitle_tracks"),
    ]

    base_form_class = VideoPageForm
    parent_page_types = ["toolbox.PartnerSectionPage"]
    subpage_types: list[str] = []
    template = "toolbox/video_page.html"

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def clean(self):
        super().clean()
        if not self.video_file_id and not self.video_url:
            raise ValidationError(
                {"video_url": _("Upload a video file or give the URL of a hosted video.")}
            )
        if self.video_file_id and self.video_url:
            raise ValidationError(
                {"video_url": _("Give either an uploaded file or a URL, not both.")}
            )
        if self.video_file_id and document_extension(self.video_file) not in VIDEO_EXTENSIONS:
            raise ValidationError({"video_file": _("The video file must be MP4, WebM or Ogg.")})
        if self.duration is not None and self.duration.total_seconds() <= 0:
            raise ValidationError({"duration": _("The duration must be positive.")})

    @property
    def display_picture(self):
        """The item's picture, else the video's poster."""
        return self.picture or self.poster

    @property
    def video_mime_type(self) -> str:
        extension = document_extension(self.video_file)
        return {".webm": "video/webm", ".ogv": "video/ogg", ".ogg": "video/ogg"}.get(
            extension, "video/mp4"
        )

    @property
    def duration_display(self) -> str:
        if self.duration is None:
            return ""
        seconds = int(self.duration.total_seconds())
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"

    @property
    def duration_iso(self) -> str:
        """ISO 8601 duration for <time datetime> and structured data."""
        if self.duration is None:
            return ""
        return f"PT{int(self.duration.total_seconds())}S"


class VideoSubtitleTrack(Orderable):
    """A WebVTT subtitle track of a video in one language."""

    page = ParentalKey(VideoPage, on_delete=models.CASCADE, related_name="subtitle_tracks")
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("Language spoken in the subtitles."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("WebVTT file"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A .vtt subtitle file uploaded as a document."),
    )

    panels = [FieldPanel("language"), FieldPanel("document")]
    api_fields = [APIField("language"), APIField("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("subtitle track")
        verbose_name_plural = _("subtitle tracks")

    def clean(self):
        super().clean()
        if self.document_id and document_extension(self.document) not in SUBTITLE_EXTENSIONS:
            raise ValidationError({"document": _("Subtitles must be a WebVTT (.vtt) file.")})

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)


class BestPracticePage(ToolboxItemPage):
    """The evaluation sheet of an awareness action run somewhere, and whether it yields a
    golden rule for the network's charter."""

    class BudgetRange(models.TextChoices):
        UNKNOWN = "unknown", _("Not known")
        UNDER_5K = "lt-5k", _("Under €5,000")
        FROM_5K = "5k-20k", _("€5,000 to €20,000")
        FROM_20K = "20k-50k", _("€20,000 to €50,000")
        FROM_50K = "50k-100k", _("€50,000 to €100,000")
        OVER_100K = "gt-100k", _("Over €100,000")

    action_name = models.CharField(
        _("action name"), max_length=200, help_text=_("The name of the evaluated action.")
    )
    leading_organisation = models.CharField(
        _("leading organisation"),
        max_length=200,
        help_text=_("Who ran the action (not necessarily a partner of the network)."),
    )
    country = models.CharField(_("country"), max_length=2, choices=Partner.Country.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    # year and rating may be empty in a draft (a wiki hand-off does not know them): null=True
    # lets Wagtail defer their requiredness to publishing (blank=False keeps it there).
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Year the action took place (or started)."),
    )
    target = models.CharField(
        _("target"),
        max_length=300,
        help_text=_("Who the action was aimed at, e.g. 'craft businesses of the region'."),
    )
    budget_range = models.CharField(
        _("budget range"), max_length=16, choices=BudgetRange.choices, default=BudgetRange.UNKNOWN
    )
    results = RichTextField(
        _("results"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("What the action achieved."),
    )
    indicators = StreamField(
        [("indicator", IndicatorBlock())],
        verbose_name=_("indicators"),
        blank=True,
        help_text=_("Measured results, e.g. 'Companies reached: 240'."),
    )
    strengths = RichTextField(_("strengths"), blank=True, features=["bold", "italic", "ul"])
    weaknesses = RichTextField(_("weaknesses"), blank=True, features=["bold", "italic", "ul"])
    transferability = RichTextField(
        _("transferability"),
        blank=True,
        features=["bold", "italic", "ul"],
        help_text=_("What another partner needs to run the same action."),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        choices=[(n, str(n)) for n in range(1, 6)],
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Overall assessment, from 1 (weak) to 5 (exemplary)."),
    )
    is_golden_rule = models.BooleanField(
        _("golden rule"),
        default=False,
        help_text=_("Tick to list this practice's rule in the network's charter."),
    )
    golden_rule = models.CharField(
        _("golden rule statement"),
        max_length=300,
        blank=True,
        help_text=_("The rule in one sentence, as it appears in the charter."),
    )

    content_panels = (
        Page.content_panels
        + ToolboxItemPage.summary_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("action_name"),
                    FieldPanel("leading_organisation"),
                    FieldRowPanel(
                        [FieldPanel("country"), FieldPanel("region"), FieldPanel("year")]
                    ),
                    FieldPanel("target"),
                    FieldPanel("budget_range"),
                ],
                heading=_("The action"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("results"),
                    FieldPanel("indicators"),
                    FieldPanel("strengths"),
                    FieldPanel("weaknesses"),
                    FieldPanel("transferability"),
                    FieldPanel("rating"),
                ],
                heading=_("Evaluation"),
            ),
            MultiFieldPanel(
                [FieldPanel("is_golden_rule"), FieldPanel("golden_rule")],
                heading=_("Charter"),
            ),
        ]
        + ToolboxItemPage.body_panels
        + ToolboxItemPage.classification_panels
    )
    search_fields = ToolboxItemPage.search_fields + [
        index.SearchField("action_name", boost=2),
        index.SearchField("leading_organisation"),
        index.SearchField("results"),
        index.SearchField("golden_rule"),
        index.FilterField("country"),
        index.FilterField("year"),
        index.FilterField("rating"),
        index.FilterField("is_golden_rule"),
    ]
    api_fields = ToolboxItemPage.api_fields + [
        APIField("action_name"),
        APIField("leading_organisation"),
        APIField("country"),
        APIField("region"),
        APIField("year"),
        APIField("target"),
        APIField("budget_range"),
        APIField("results"),
        APIField("indicators"),
        APIField("strengths"),
        APIField("weaknesses"),
        APIField("transferability"),
        APIField("rating"),
        APIField("is_golden_rule"),
        APIField("golden_rule"),
    ]
    override_translatable_fields = ToolboxItemPage.override_translatable_fields + [
        SynchronizedField("leading_organisation"),
        SynchronizedField("region"),
    ]

    base_form_class = BestPracticePageForm
    parent_page_types = ["toolbox.PartnerSectionPage"]
    subpage_types: list[str] = []
    template = "toolbox/best_practice_page.html"

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")

    def clean(self):
        super().clean()
        if self.is_golden_rule and not self.golden_rule.strip():
            raise ValidationError(
                {"golden_rule": _("State the golden rule to list it in the charter.")}
            )
        if self.year and self.year > timezone.localdate().year + 1:
            raise ValidationError({"year": _("The year cannot be in the future.")})


class CharterPage(HomeListingPage):
    """The charter of golden rules: every best practice flagged as a golden rule."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Explains what the charter commits the partners to."),
    )

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rules"] = selectors.golden_rules(locale=self.locale)
        return context
