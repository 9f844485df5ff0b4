"""Send the wiki's daily digests now (run once a day, e.g. from cron or Celery beat)."""

from django.core.management.base import BaseCommand

from wiki.tasks import send_daily_digests


class Command(BaseCommand):
    help = "E-mail each daily-digest reader the wiki notifications they have not received yet."

    def handle(self, *args, **options):
        sent = send_daily_digests()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))
