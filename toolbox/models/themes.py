"""Themes, partners, audiences and the pages that organise the toolbox."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from toolbox import selectors
from toolbox.registry import model_labels

from .localization import localized_instance


class ThemePage(Page):
    """A theme of the toolbox (general or sectoral). Themes are content, not code."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General theme")
        SECTORAL = "sectoral", _("Sectoral theme")

    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_(
            "Stable identifier shared by every translation of this theme, used in the API "
            "and search filters (e.g. 'security')."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.GENERAL,
        help_text=_("General themes apply to every business; sectoral themes to one sector."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown on theme cards and in search results."),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Introduces the theme on its page."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("key"),
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("intro"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("intro"),
        index.FilterField("kind"),
        index.FilterField("key"),
    ]
    api_fields = [APIField("key"), APIField("kind"), APIField("summary"), APIField("intro")]
    override_translatable_fields = [SynchronizedField("key"), SynchronizedField("kind")]

    parent_page_types = ["home.HomePage"]
    # Items are filed under their partner's section and point to their theme (see
    # docs/toolbox.md): a theme lists them, it does not contain them.
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = selectors.items_for_theme(theme=self)
        filters = selectors.ItemFilters.from_query(request.GET)
        shown = filters.apply(items)
        context["items_by_type"] = selectors.group_items_by_type(shown)
        context["item_count"] = len(shown)
        context["filters"] = filters
        context["filter_choices"] = selectors.item_filter_choices(items)
        return context

    def clean(self):
        super().clean()
        clash = (
            ThemePage.objects.filter(key=self.key, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        )
        if clash:
            raise ValidationError({"key": _("Another theme already uses this key.")})


class Partner(TranslatableMixin, index.Indexed, models.Model):
    """A partner organisation of the network (chamber of commerce, technology centre, agency).

    Referenced by events, best practices and toolbox items, and by working groups in the wiki.
    Translatable so that its description reads in the visitor's language; ``key`` is shared by
    every translation.
    """

    class Country(models.TextChoices):
        FRANCE = "FR", _("France")
        SPAIN = "ES", _("Spain")
        PORTUGAL = "PT", _("Portugal")
        ANDORRA = "AD", _("Andorra")

    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_("Stable identifier shared by every translation (e.g. 'cci-toulouse')."),
    )
    name = models.CharField(_("organisation"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("What the organisation does for small businesses."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    # The group whose members edit this partner's section of the toolbox; shared by every
    # translation (see services.partner_editor_group_ensure).
    editor_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("editor group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("country"),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("contact_email"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("acronym", boost=3),
        index.SearchField("description"),
        index.FilterField("country"),
        index.FilterField("key"),
        index.FilterField("locale_id"),
    ]
    override_translatable_fields = [
        SynchronizedField("key"),
        SynchronizedField("name"),
        SynchronizedField("acronym"),
        SynchronizedField("region"),
        SynchronizedField("contact_email"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="unique_partner_key_per_locale"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Audience(TranslatableMixin, models.Model):
    """A target audience of toolbox items (micro-enterprises, women-led young companies...).

    Audiences are content: editors add them as snippets and translate their names.
    """

    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_("Stable identifier shared by every translation (e.g. 'micro-enterprises')."),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)

    panels = [FieldPanel("key"), FieldPanel("name"), FieldPanel("description")]
    override_translatable_fields = [SynchronizedField("key", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("target audience")
        verbose_name_plural = _("target audiences")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "locale"], name="unique_audience_key_per_locale"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerSectionPage(Page):
    """One partner's part of the toolbox: its items live here, and so do its editors' rights.

    Page permissions are granted on this subtree to the partner's editor group (one section
    per partner and locale), which is Wagtail's own way of letting a team edit only its pages.
    A section without a partner holds network-wide items, edited by coordinators.
    """

    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sections",
        help_text=_("Leave empty for the network's shared section."),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Introduces the partner's contributions to the toolbox."),
    )

    content_panels = Page.content_panels + [FieldPanel("partner"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("partner")]
    api_fields = [
        APIField("partner_key"),
        APIField("intro"),
    ]
    override_translatable_fields = [SynchronizedField("partner", overridable=False)]

    parent_page_types = ["home.HomePage"]
    subpage_types = model_labels()

    class Meta:
        verbose_name = _("partner section")
        verbose_name_plural = _("partner sections")

    def clean(self):
        super().clean()
        if self.partner_id:
            partner_key = self.partner.key
            clash = (
                PartnerSectionPage.objects.filter(
                    partner__key=partner_key, locale_id=self.locale_id
                )
                .exclude(pk=self.pk)
                .exclude(translation_key=self.translation_key)
                .exists()
            )
            if clash:
                raise ValidationError({"partner": _("This partner already has a section.")})

    def save(self, *args, **kwargs):
        if self.partner_id and self.locale_id:
            self.partner = localized_instance(self.partner, self.locale)
        return super().save(*args, **kwargs)

    @property
    def partner_key(self) -> str | None:
        return self.partner.key if self.partner_id else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = selectors.items_in_section(section=self)
        context["items_by_type"] = selectors.group_items_by_type(items)
        return context


class HomeListingPage(Page):
    """A page under the home page that lists content of the whole network (partner directory,
    event calendar, charter): one per home page, no children, an ``intro`` defined by each
    subclass (its wording and allowed formats differ)."""

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class PartnerIndexPage(HomeListingPage):
    """The partner directory: every partner of the network, in the visitor's language."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Introduces the network above the list of partners."),
    )

    class Meta:
        verbose_name = _("partner directory")
        verbose_name_plural = _("partner directories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        country = request.GET.get("country", "")
        if country not in Partner.Country.values:
            country = ""
        context["countries"] = Partner.Country.choices
        context["selected_country"] = country
        context["partners"] = selectors.partner_directory(locale=self.locale, country=country)
        return context
