"""Admin setup for the toolbox (partner and audience snippets), and the toolbox's part of the
public site through the hooks that ``home`` offers (home page sections, language switcher)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import (
    dashboard,
    reports,  # noqa: F401  (translation status report: menu item and URLs)
    selectors,
)
from .fallback import fallback_url_for
from .models import Audience, Partner, TagLabel, ThemePage


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "country", "region", "locale"]
    list_filter = ["country", "locale"]
    search_fields = ["name", "acronym", "region"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "key", "locale"]
    list_filter = ["locale"]


class TagLabelViewSet(SnippetViewSet):
    model = TagLabel
    icon = "tag"
    list_display = ["tag", "language", "label"]
    list_filter = ["language"]


register_snippet(PartnerViewSet)
register_snippet(AudienceViewSet)
register_snippet(TagLabelViewSet)


@hooks.register("home_page_context")
def home_page_themes(page, request) -> dict:
    """The home page lists the themes under it (general ones first), featured and latest
    items and the next events."""
    themes = ThemePage.objects.child_of(page).live().public().specific().order_by("path")
    return {
        "general_themes": [t for t in themes if t.kind == ThemePage.Kind.GENERAL],
        "sectoral_themes": [t for t in themes if t.kind == ThemePage.Kind.SECTORAL],
        **selectors.home_sections(locale=page.locale),
    }


@hooks.register("page_fallback_url")
def toolbox_item_fallback_url(page, language_code: str) -> str | None:
    """The language switcher sends a visitor to an item's fallback in a missing language."""
    return fallback_url_for(page, language_code)


@hooks.register("construct_homepage_panels")
def editor_dashboard_panels(request, panels) -> None:
    """The editor's dashboard: pending reviews, stale translations, upcoming events
    (``dashboard.py``). Our review panel replaces Wagtail's "Awaiting your review"."""
    panels[:] = [panel for panel in panels if panel.name != "workflow_objects_to_moderate"]
    panels.extend(
        [
            dashboard.PendingReviewsPanel(),
            dashboard.StaleTranslationsPanel(),
            dashboard.UpcomingEventsPanel(),
        ]
    )
