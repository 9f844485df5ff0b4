"""The semester export (Jems indicator lines) opened and checked cell by cell, CSV and XLSX,
against missions and an approved report created in the test."""

from __future__ import annotations

import csv
import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from monitoring import services
from monitoring.models import Mission

O1 = [
    "Output indicators",
    "O1",
    "Assistance missions",
    "Output",
    "number",
    0,
    None,
    "Computed by the platform",
    4,
    750,
    4,
    4,
    "On track",
]
R1 = [
    "Result indicators",
    "R1",
    "Companies adopting a digital tool",
    "Result",
    "number",
    0,
    2025,
    "Entered by partners",
    20,
    300,
    9,
    9,
    "Behind",
]
PARTNER_ROWS = [
    ["CEEI Burgos", "ES", "O1", 2, 1, "Not started"],
    ["CEEI Burgos", "ES", "R1", 10, 0, "Not started"],
    ["Cybermassif", "FR", "O1", 2, 0, "Not started"],
    ["Cybermassif", "FR", "R1", 10, 0, "Not started"],
    ["Transferts LR", "FR", "O1", 2, 3, "Approved"],
    ["Transferts LR", "FR", "R1", 10, 9, "Approved"],
]


def _csv(value) -> str:
    return "" if value is None else str(value)


def test_csv_and_xlsx_cell_by_cell(client, world):
    for partner, days in ((world.fr, (3, 4, 5)), (world.es, (6,))):
        for day in days:
            Mission.objects.create(
                partner=partner,
                company_name=f"SME {day}",
                date=datetime.date(2026, 3, day),
                language="fr",
            )
    report = services.report_ensure(partner=world.fr, semester=world.s1)
    services.report_save(
        report=report,
        user=world.fr_user,
        entries={world.jobs.pk: {"value": "9", "comment": "Slow start"}},
        submit=True,
    )
    services.report_approve(report=report, user=world.lead_user)
    profile = UserProfile.get_for_user(world.lead_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(world.lead_user)

    book = load_workbook(
        io.BytesIO(client.get(reverse("monitoring_export", args=["2026-S1", "xlsx"])).content)
    )
    indicators, partners = book.worksheets
    assert [c.value for c in indicators[1]][:2] == ["Semester", "2026-S1"]
    assert [c.value for c in indicators[3]] == O1
    assert [c.value for c in indicators[4]] == R1
    assert indicators.max_row == 4
    assert [[c.value for c in row] for row in partners.iter_rows(min_row=2)] == PARTNER_ROWS

    text = client.get(reverse("monitoring_export", args=["2026-S1", "csv"])).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Section", "Indicator ID"] and len(rows[0]) == 13
    assert rows[1] == [_csv(v) for v in O1]
    assert rows[2] == [_csv(v) for v in R1]
    assert rows[3] == []
    assert rows[4] == [
        "Partner",
        "Country",
        "Indicator ID",
        "Milestone",
        "Cumulative achieved",
        "Report status",
    ]
    assert rows[5:] == [[_csv(v) for v in row] for row in PARTNER_ROWS]
