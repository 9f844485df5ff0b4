"""Admin setup of the monitoring: its menu (shown to partners' staff only) and URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions, views


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.has_access(request.user)


@hooks.register("register_admin_menu_item")
def register_monitoring_menu_item():
    return MonitoringMenuItem(
        _("Monitoring"),
        reverse("monitoring_dashboard"),
        name="monitoring",
        icon_name="table",
        order=250,
    )


urlpatterns = [
    path("", views.dashboard, name="monitoring_dashboard"),
    path("export/<str:code>.<str:fmt>", views.export, name="monitoring_export"),
    path("reports/", views.reports, name="monitoring_reports"),
    path("reports/<str:code>/<int:partner_id>/", views.report, name="monitoring_report"),
    path(
        "reports/<str:code>/<int:partner_id>/<str:decision>/",
        views.report_decide,
        name="monitoring_report_decide",
    ),
    path("missions/", views.missions, name="monitoring_missions"),
    path("missions/add/", views.mission_edit, name="monitoring_mission_add"),
    path("missions/<int:mission_id>/", views.mission_detail, name="monitoring_mission"),
    path("missions/<int:mission_id>/edit/", views.mission_edit, name="monitoring_mission_edit"),
    path(
        "missions/<int:mission_id>/maturity/<str:stage>/",
        views.mission_maturity,
        name="monitoring_mission_maturity",
    ),
    path("missions/<int:mission_id>/report.pdf", views.mission_pdf, name="monitoring_mission_pdf"),
    path("surveys/", views.survey_list, name="monitoring_surveys"),
    path("surveys/add/", views.survey_add, name="monitoring_survey_add"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="monitoring_survey"),
    path(
        "missions/<int:mission_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="monitoring_attachment",
    ),
]


@hooks.register("register_admin_urls")
def register_monitoring_urls():
    return [path("monitoring/", include(urlpatterns))]
