from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from cms.celery import app

        from . import api_signals

        api_signals.connect()
        # Periodic tasks (the services' worker runs beat): webhook deliveries whose task was
        # lost in a broker outage, and partner-key usage counters written to the database.
        app.conf.beat_schedule.setdefault(
            "home-send-due-webhooks", {"task": "home.send_due_webhooks", "schedule": 300.0}
        )
        app.conf.beat_schedule.setdefault(
            "home-flush-api-key-usage", {"task": "home.flush_api_key_usage", "schedule": 600.0}
        )
