"""``manage.py export_toolbox [FILE]``: write every toolbox item in the import format."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from toolbox.exchange import dumps, toolbox_export


class Command(BaseCommand):
    help = (
        "Write toolbox items and their translations as JSON in the format import_toolbox "
        "reads (docs/import-format.md), to FILE or standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write (default: standard output).")
        parser.add_argument(
            "--key", action="append", dest="keys", help="Only this item (repeatable)."
        )

    def handle(self, *args, file=None, keys=None, **options):
        document = toolbox_export(keys=keys)
        text = dumps(document)
        if not file or file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(file, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise CommandError(f"Cannot write {file}: {exc.strerror}") from None
        if options.get("verbosity", 1) >= 1:
            self.stderr.write(f"{len(document['items'])} items written to {file}")
