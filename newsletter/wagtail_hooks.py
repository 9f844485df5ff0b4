"""Admin setup of the newsletter: its menu (sendings, statistics, import), its URLs, and an
"E-mail preview and test" button on the issue pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button

from . import admin_views
from .models import NewsletterIssuePage


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def _menu_items():
    return [
        PermissionMenuItem(
            _("Sendings"),
            reverse("newsletter_campaigns"),
            name="newsletter-sendings",
            icon_name="mail",
            order=10,
            permission=admin_views.CAMPAIGN_PERMISSION,
        ),
        PermissionMenuItem(
            _("Statistics"),
            reverse("newsletter_statistics"),
            name="newsletter-statistics",
            icon_name="table",
            order=20,
            permission=admin_views.CAMPAIGN_PERMISSION,
        ),
        PermissionMenuItem(
            _("Import contacts"),
            reverse("newsletter_import"),
            name="newsletter-import",
            icon_name="upload",
            order=30,
            permission=admin_views.IMPORT_PERMISSION,
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_newsletter_menu():
    return SubmenuMenuItem(
        _("Newsletter"), Menu(items=_menu_items()), name="newsletter", icon_name="mail", order=260
    )


urlpatterns = [
    path("", admin_views.campaigns, name="newsletter_campaigns"),
    path("sendings/new/", admin_views.campaign_new, name="newsletter_campaign_new"),
    path(
        "sendings/<int:pk>/<str:action>/",
        admin_views.campaign_action,
        name="newsletter_campaign_action",
    ),
    path("issues/<int:pk>/preview/", admin_views.issue_preview, name="newsletter_preview"),
    path(
        "issues/<int:pk>/preview/<str:language>.html",
        admin_views.issue_preview_html,
        name="newsletter_preview_html",
    ),
    path("statistics/", admin_views.statistics, name="newsletter_statistics"),
    path("statistics/<int:pk>/", admin_views.issue_statistics, name="newsletter_issue_statistics"),
    path("import/", admin_views.contacts_import, name="newsletter_import"),
    path("import/confirm/", admin_views.contacts_import_confirm, name="newsletter_import_confirm"),
]


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [path("newsletter/", include(urlpatterns))]


@hooks.register("register_page_header_buttons")
def newsletter_preview_button(page, user, view_name=None, next_url=None):
    if issubclass(page.specific_class or object, NewsletterIssuePage) and user.has_perm(
        admin_views.CAMPAIGN_PERMISSION
    ):
        yield Button(
            _("E-mail preview and test send"),
            reverse("newsletter_preview", args=[page.pk]),
            icon_name="mail",
            priority=25,
        )
