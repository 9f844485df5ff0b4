"""The printable mission report: HTML rendered in the report's language, printed by WeasyPrint
(Debian's pango and DejaVu fonts, see scripts/setup.sh)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from .models import Mission


def mission_report_pdf(*, mission: Mission, base_url: str = "") -> bytes:
    """PDF bytes of the mission's report; call inside ``translation.override(language)``."""
    html = render_to_string("monitoring/mission_report_pdf.html", {"mission": mission})
    return HTML(string=html, base_url=base_url or None).write_pdf()
