"""``manage.py import_toolbox FILE``: create or update toolbox items from a JSON file.

The format is described in docs/import-format.md. All or nothing: an error names the entry
and the field and nothing is changed. ``--dry-run`` reports what an import would do.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override
from tqdm import tqdm
from wagtail.search import index

from toolbox.exchange import ImportFileError, parse_document, toolbox_import
from toolbox.models import ToolboxItemPage


@contextmanager
def search_auto_update_paused():
    """Wagtail's search backends index every saved page at once, not when the transaction
    commits: an engine (OpenSearch) would keep what a dry run or a refused file rolled back.
    Pause them in this process while importing; the imported items are indexed after commit."""
    backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {})
    previous = {name: conf.get("AUTO_UPDATE", None) for name, conf in backends.items()}
    for conf in backends.values():
        conf["AUTO_UPDATE"] = False
    try:
        yield
    finally:
        for name, conf in backends.items():
            if previous[name] is None:
                conf.pop("AUTO_UPDATE", None)
            else:
                conf["AUTO_UPDATE"] = previous[name]


def search_index_update(keys: list[str]) -> None:
    for page in ToolboxItemPage.objects.filter(key__in=keys).specific():
        index.insert_or_update_object(page)


class Command(BaseCommand):
    help = (
        "Create or update toolbox items and their translations by key from a JSON file "
        "(docs/import-format.md). All or nothing; --dry-run reports what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to import, or - for standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would be created, updated or left unchanged, "
            "without changing anything.",
        )
        parser.add_argument(
            "--user", help="Username recorded as the author of the revisions (default: none)."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, file, dry_run=False, user=None, no_progress=False, **options):
        verbosity = options.get("verbosity", 1)
        text = self.read(file)
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"Unknown user “{user}”.")
        try:
            total = len(parse_document(text))
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}") from None
        bar = self.progress_bar(total, enabled=verbosity > 0 and not no_progress)
        try:
            # Messages (model validation) in English, like the rest of the command's output.
            with override("en"), search_auto_update_paused():
                result = toolbox_import(
                    text=text, user=author, dry_run=dry_run, progress=lambda _r: bar.update(1)
                )
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}. Nothing was imported.") from None
        finally:
            bar.close()
        if not result.dry_run:
            search_index_update([entry.key for entry in result.entries if entry.changed])
        self.report(result, verbosity)

    def read(self, file: str) -> str:
        if file == "-":
            return sys.stdin.read()
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from None

    def progress_bar(self, total: int, *, enabled: bool):
        # On a terminal only (disable=None): CI logs get the summary lines, not a redrawn bar.
        return tqdm(
            total=total,
            unit="item",
            desc="import_toolbox",
            file=sys.stderr,
            disable=None if enabled else True,
            leave=False,
        )

    def report(self, result, verbosity: int) -> None:
        prefix = "Would be " if result.dry_run else ""
        for entry in result.entries:
            if verbosity >= 2 or (verbosity >= 1 and (result.dry_run or entry.changed)):
                statuses = ", ".join(f"{code} {status}" for code, status in entry.locales.items())
                self.stdout.write(f"items[{entry.index}] {entry.key} ({entry.type}): {statuses}")
        summary = (
            f"{prefix}created: {result.count('created')}, "
            f"updated: {result.count('updated')}, "
            f"unchanged: {result.count('unchanged')} "
            f"(per item and locale, {len(result.entries)} items)"
        )
        if verbosity >= 1:
            if result.dry_run:
                self.stdout.write(f"Dry run, nothing changed. {summary}")
            else:
                self.stdout.write(self.style.SUCCESS(f"Imported. {summary}"))
