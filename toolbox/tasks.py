"""Background tasks of the toolbox (thin: each calls a command or a service)."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="toolbox.publish_scheduled")
def publish_scheduled() -> None:
    """Publish pages whose go-live date has passed and unpublish expired ones.

    Wagtail's scheduled publishing needs ``publish_scheduled`` to run regularly; Celery beat
    runs this task every minute (``CELERY_BEAT_SCHEDULE`` in settings), or cron can call the
    command directly.
    """
    call_command("publish_scheduled", verbosity=0)
