from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = _("Partner wiki")

    def ready(self):
        from celery.schedules import crontab

        from cms.celery import app

        # Daily digests at 07:00 (Celery beat); also available as manage.py wiki_send_digests.
        app.conf.beat_schedule.setdefault(
            "wiki-daily-digests",
            {"task": "wiki.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
        )
