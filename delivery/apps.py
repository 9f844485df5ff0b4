from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """Headless delivery: the JSON APIs (/api/v1, /api/v2), partner keys and quotas, webhooks
    and embeddable widgets. The apps below it know nothing of HTTP APIs."""

    name = "delivery"
    verbose_name = _("Headless delivery")

    def ready(self):
        from . import signals

        signals.connect()
