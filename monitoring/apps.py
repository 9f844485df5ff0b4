from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Programme monitoring, private to partners: assistance missions with their reports,
    semester indicators with approval, the dashboard and its alerts, follow-up surveys."""

    name = "monitoring"
    verbose_name = _("Programme monitoring")
