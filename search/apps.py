from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import health

        from . import signals
        from .health import search_report

        signals.connect()
        if search_report not in health.EXTRA_REPORTERS:
            health.EXTRA_REPORTERS.append(search_report)
