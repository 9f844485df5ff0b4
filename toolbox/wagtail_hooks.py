"""Admin setup for the toolbox: partner and audience snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import reports  # noqa: F401  (translation status report: menu item and URLs)
from .models import Audience, Partner


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


register_snippet(PartnerViewSet)
register_snippet(AudienceViewSet)
