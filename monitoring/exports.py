"""A semester's figures as CSV and XLSX, laid out as Jems' indicator lines: one line per
indicator (ID, name, measurement unit, baseline, reference year, milestone, final target,
achieved in the semester, cumulative), outputs and results in their own sections, then the
same figures per partner."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import IndicatorDefinition
from .selectors import RAG_LABELS, Dashboard

SECTIONS = [
    ("output", [IndicatorDefinition.Kind.OUTPUT]),
    ("result", [IndicatorDefinition.Kind.RESULT, IndicatorDefinition.Kind.IMPACT]),
    ("financial", [IndicatorDefinition.Kind.FINANCIAL]),
]


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def headers() -> list[str]:
    return [
        _("Section"),
        _("Indicator ID"),
        _("Indicator name"),
        _("Type"),
        _("Measurement unit"),
        _("Baseline"),
        _("Reference year"),
        _("Data source"),
        _("Milestone"),
        _("Final target"),
        _("Achieved in the semester"),
        _("Cumulative achieved"),
        _("Status"),
    ]


def section_label(section: str) -> str:
    return {
        "output": _("Output indicators"),
        "result": _("Result indicators"),
        "financial": _("Financial indicators"),
    }[section]


def indicator_lines(board: Dashboard) -> list[list]:
    lines = []
    for section, kinds in SECTIONS:
        for row in board.rows:
            indicator = row.indicator
            if indicator.kind not in kinds:
                continue
            lines.append(
                [
                    section_label(section),
                    indicator.code,
                    indicator.label(),
                    indicator.get_kind_display(),
                    indicator.get_unit_display(),
                    _number(indicator.baseline),
                    indicator.reference_year,
                    indicator.data_source_note or indicator.get_source_display(),
                    _number(row.total.target),
                    _number(indicator.final_target),
                    _number(row.semester_value),
                    _number(row.total.actual),
                    str(RAG_LABELS[row.total.rag]),
                ]
            )
    return lines


def partner_headers() -> list[str]:
    return [
        _("Partner"),
        _("Country"),
        _("Indicator ID"),
        _("Milestone"),
        _("Cumulative achieved"),
        _("Report status"),
    ]


def partner_lines(board: Dashboard) -> list[list]:
    lines = []
    for partner in board.partners:
        for row in board.rows:
            cell = row.partners[partner.translation_key]
            report = board.reports.get(partner.translation_key)
            lines.append(
                [
                    partner.name,
                    partner.country,
                    row.indicator.code,
                    _number(cell.target),
                    _number(cell.actual),
                    report.get_status_display() if report else _("Not started"),
                ]
            )
    return lines


def to_csv(board: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    writer.writerows(indicator_lines(board))
    writer.writerow([])
    writer.writerow(partner_headers())
    writer.writerows(partner_lines(board))
    return out.getvalue()


def to_xlsx(board: Dashboard) -> bytes:
    """The workbook, written in openpyxl's streaming mode (several times faster)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Indicators")[:31])
    sheet.append([_("Semester"), board.semester.code])
    sheet.append(_bold(sheet, headers()))
    for line in indicator_lines(board):
        sheet.append(line)
    partners = book.create_sheet(_("By partner")[:31])
    partners.append(_bold(partners, partner_headers()))
    for line in partner_lines(board):
        partners.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, values: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells
