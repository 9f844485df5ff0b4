"""Toolbox content: themes and the items editors publish under them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


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

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

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
