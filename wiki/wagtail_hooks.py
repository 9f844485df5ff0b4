"""Admin setup for the wiki: working groups with their members, and people's wiki profiles.

Pages, revisions, comments and attachments are deliberately not in the admin: group-only
material stays visible to the group's members only, whatever someone's CMS role.
"""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import WikiProfile, WorkingGroup


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "group"
    list_display = ["name", "theme_key", "visibility"]
    list_filter = ["visibility", "theme_key"]
    search_fields = ["name", "description"]


class WikiProfileViewSet(SnippetViewSet):
    model = WikiProfile
    icon = "user"
    list_display = ["user", "partner", "language", "delivery"]
    list_filter = ["language", "delivery"]


class WikiViewSetGroup(SnippetViewSetGroup):
    items = (WorkingGroupViewSet, WikiProfileViewSet)
    menu_icon = "doc-full"
    menu_label = "Wiki"
    menu_name = "wiki"
    menu_order = 300


register_snippet(WikiViewSetGroup)
