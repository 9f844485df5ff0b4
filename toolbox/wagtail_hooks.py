"""Admin setup for the toolbox."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Partner


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "country", "region", "locale"]
    list_filter = ["country", "locale"]
    search_fields = ["name", "acronym", "region"]


register_snippet(PartnerViewSet)
