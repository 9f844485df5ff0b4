"""The site's entry point: one home page per locale."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """Root of the public site in each locale; introduces the network and lists the themes."""

    tagline = models.CharField(
        _("tagline"),
        max_length=255,
        blank=True,
        help_text=_("One sentence under the site title, e.g. what the toolbox offers."),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short paragraph welcoming visitors."),
    )

    content_panels = Page.content_panels + [FieldPanel("tagline"), FieldPanel("intro")]
    search_fields = Page.search_fields + [
        index.SearchField("tagline"),
        index.SearchField("intro"),
    ]
    api_fields = [APIField("tagline"), APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        """The apps above ``home`` contribute the page's sections through the
        ``home_page_context`` hook: ``fn(page, request) -> dict`` (the toolbox adds its themes)."""
        context = super().get_context(request, *args, **kwargs)
        for contribute in hooks.get_hooks("home_page_context"):
            context.update(contribute(self, request))
        return context
