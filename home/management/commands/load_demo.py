"""Load the trilingual demo content. Safe to run again: nothing is duplicated."""

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.module_loading import import_string
from wagtail.models import Locale

from home.demo import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    DemoContext,
    ensure_admin,
    ensure_locales,
)

# Each loader takes a DemoContext; order matters (themes need the home page).
LOADERS = [
    "home.demo.load",
    "toolbox.demo.load",
    "newsletter.demo.load",
    "wiki.demo.load",
    "monitoring.demo.load",
]
# --minimal: the site and its themes only (fast; used by tests of the site skeleton).
MINIMAL_LOADERS = ["home.demo.load", "toolbox.demo.load_themes"]


class Command(BaseCommand):
    help = "Create locales, the site, the themes and demo content in fr, es, pt and en."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-index", action="store_true", help="Skip rebuilding the search index."
        )
        parser.add_argument(
            "--minimal", action="store_true", help="Only the home page and the themes."
        )

    def handle(self, *args, **options):
        locales = ensure_locales()
        try:
            source_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        except Locale.DoesNotExist as exc:
            raise CommandError(
                f"The default language {settings.LANGUAGE_CODE!r} has no locale."
            ) from exc
        user, created = ensure_admin()
        ctx = DemoContext(
            user=user, locales=locales, source_locale=source_locale, log=self.stdout.write
        )
        loaders = MINIMAL_LOADERS if options["minimal"] else LOADERS
        # The demo's notifications (wiki edits, mentions...) go to demo addresses: kept in memory
        # when tasks run in this process, so the console backend does not print every e-mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            outbox = mail.__dict__.setdefault("outbox", [])
            before = len(outbox)
            for step, dotted in enumerate(loaders, start=1):
                self.stdout.write(f"[{step}/{len(loaders)}] {dotted} …")
                import_string(dotted)(ctx)
            held = len(mail.outbox) - before
        if held:
            self.stdout.write(f"{held} demo notification e-mails not sent (demo addresses).")
        if ctx.created:
            summary = ", ".join(f"{n} {what}" for what, n in sorted(ctx.created.items()))
            total = sum(ctx.created.values())
            self.stdout.write(self.style.SUCCESS(f"Created {total} demo objects."))
            if options["verbosity"] > 1:
                self.stdout.write(summary)
        else:
            self.stdout.write(self.style.SUCCESS("Demo content already present: nothing to add."))
        call_command("rebuild_references_index", verbosity=0)
        if not options["no_index"]:
            self.stdout.write("Rebuilding the search index …")
            call_command("update_index", verbosity=0)
        password = (
            DEMO_ADMIN_PASSWORD if created else f"{DEMO_ADMIN_PASSWORD} (unless changed since)"
        )
        self.stdout.write(f"Admin login: {DEMO_ADMIN_USERNAME} / {password}")
