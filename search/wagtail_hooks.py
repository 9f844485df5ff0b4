"""Admin: the multilingual thesaurus (snippets) and the report of search queries."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ThesaurusConcept
from .views import query_report


class ThesaurusConceptViewSet(SnippetViewSet):
    model = ThesaurusConcept
    icon = "list-ul"
    menu_label = _("Search thesaurus")
    add_to_admin_menu = True
    menu_order = 800
    list_display = ["name", "terms_fr", "terms_es", "terms_pt", "terms_en"]


register_snippet(ThesaurusConceptViewSet)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("search-queries/", query_report, name="search_query_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Search queries"), reverse("search_query_report"), icon_name="search", order=900
    )
