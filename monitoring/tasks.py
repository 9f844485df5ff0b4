"""Background tasks of the monitoring (thin: each calls a module function)."""

from __future__ import annotations

from celery import shared_task

from . import alerts, surveys


@shared_task(name="monitoring.send_alerts")
def send_alerts() -> int:
    """E-mail new gaps against the forecast and late reports (Celery beat, daily)."""
    return alerts.send_alerts()


@shared_task(name="monitoring.send_surveys")
def send_surveys() -> list[int]:
    """E-mail new survey invitations and due reminders (Celery beat, hourly)."""
    invited, reminded = surveys.send_due()
    return [invited, reminded]
