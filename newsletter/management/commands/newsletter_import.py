"""``manage.py newsletter_import FILE --partner KEY|ID [--dry-run] [--format csv|xlsx]``

A partner's contact file imported from the command line, through the same service as the admin
import (``newsletter.importing.contacts_import``): every row is checked first and one bad row
refuses the whole file (the refused ``ImportBatch`` with its errors is kept, as in the admin;
no contact, company or source is written). Per-row errors go to stderr and the command exits
non-zero; a good file prints a one-line summary.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from newsletter import importing
from toolbox.models import Partner


class Command(BaseCommand):
    help = "Import a partner's contact file (CSV or XLSX), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) or XLSX file with a header row.")
        parser.add_argument(
            "--partner", required=True, help="The partner's key (e.g. cci-toulouse) or id."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and count, write nothing."
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            default="",
            help="File format (default: from the file's extension).",
        )
        parser.add_argument(
            "--consent-source", default="", help="Consent source for rows that give none."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": path})
        partner = self.partner_find(options["partner"])
        try:
            dataset = importing.dataset_load(path, file_format=options["format"])
        except Exception as error:  # unreadable: say so, write nothing
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error}
            ) from None
        # On a terminal only (disable=None): logs get the summary line, not a redrawn bar.
        with tqdm(
            total=len(dataset),
            unit="row",
            desc="newsletter_import",
            file=sys.stderr,
            disable=None,
            leave=False,
        ) as bar:
            try:
                batch = importing.contacts_import(
                    dataset=dataset,
                    partner=partner,
                    file_name=path.name,
                    dry_run=options["dry_run"],
                    consent_source_default=options["consent_source"],
                    progress=bar.update,
                )
            except importing.ImportRefused as refused:
                bar.close()
                for line in importing.error_lines(refused.batch):
                    self.stderr.write(line)
                raise CommandError(
                    _("%(count)s error(s) in %(file)s: nothing was imported.")
                    % {"count": len(refused.batch.errors), "file": path.name}
                ) from None
        summary = _(
            "%(created)s created, %(merged)s merged, %(suppressed)s suppressed skipped, "
            "%(duplicates)s possible duplicate companies flagged."
        ) % {
            "created": batch.created_contacts,
            "merged": batch.merged_contacts,
            "suppressed": batch.suppressed_rows,
            "duplicates": batch.duplicate_companies,
        }
        if options["dry_run"]:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)

    def partner_find(self, value: str) -> Partner:
        """A partner by key (any translation; the lowest id) or by id."""
        partner = Partner.objects.filter(key=value).order_by("pk").first()
        if partner is None and value.isdigit():
            partner = Partner.objects.filter(pk=int(value)).first()
        if partner is None:
            raise CommandError(_("Unknown partner: %(partner)s") % {"partner": value})
        return partner
