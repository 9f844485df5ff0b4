"""Who sees what: the partner's staff their own, the lead partner everything, others a 404 on
every path (dashboard, reports, missions, PDF, attachments, exports)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from monitoring import services
from monitoring.models import Mission


@pytest.fixture
def mission(world):
    m = Mission.objects.create(
        partner=world.fr,
        company_name="Boulangerie Martin",
        date=datetime.date(2026, 2, 10),
        language="fr",
        needs="Site web vieillissant",
        report="<p>Rapport détaillé</p>",
    )
    services.mission_attachment_add(
        mission=m, upload=SimpleUploadedFile("notes.txt", b"secret notes", "text/plain")
    )
    return m


def _paths(world, mission):
    attachment = mission.attachments.get()
    return [
        reverse("monitoring_mission", args=[mission.pk]),
        reverse("monitoring_mission_edit", args=[mission.pk]),
        reverse("monitoring_mission_pdf", args=[mission.pk]),
        reverse("monitoring_attachment", args=[mission.pk, attachment.pk]),
    ]


def test_other_partner_and_outsider_get_404(client, world, mission):
    for user in (world.es_user, world.outsider):
        client.force_login(user)
        for path in _paths(world, mission):
            assert client.get(path, follow=True).status_code == 404, (user, path)
    client.force_login(world.outsider)
    for name, args in (
        ("monitoring_dashboard", []),
        ("monitoring_reports", []),
        ("monitoring_missions", []),
        ("monitoring_export", ["2026-S1", "csv"]),
        ("monitoring_report", ["2026-S1", world.fr.pk]),
    ):
        assert client.get(reverse(name, args=args), follow=True).status_code == 404
    # Search: missions are never indexed, for anyone (public search and the admin's).
    for user in (world.outsider, world.fr_user):
        client.force_login(user)
        with translation.override("fr"):
            found = client.get("/fr/search/", {"q": "vieillissant"}, follow=True)
        admin_found = client.get("/admin/pages/search/", {"q": "vieillissant"}, follow=True)
        for html in (found.content.decode(), admin_found.content.decode()):
            assert "Boulangerie Martin" not in html and "Rapport détaillé" not in html
            assert f"/monitoring/missions/{mission.pk}/" not in html


def test_partner_and_lead_see_the_mission(client, world, mission):
    for user in (world.fr_user, world.lead_user):
        client.force_login(user)
        page = client.get(reverse("monitoring_mission", args=[mission.pk]))
        assert "Boulangerie Martin" in page.content.decode()
        download = client.get(_paths(world, mission)[3])
        assert b"".join(download.streaming_content) == b"secret notes"
    client.force_login(world.es_user)
    listing = client.get(reverse("monitoring_missions")).content.decode()
    assert "Boulangerie Martin" not in listing
    assert "CEEI Burgos" in listing and "Transferts LR" not in listing


def test_spanish_partner_cannot_read_french_report(client, world):
    services.report_ensure(partner=world.fr, semester=world.s1)
    client.force_login(world.es_user)
    assert (
        client.get(
            reverse("monitoring_report", args=["2026-S1", world.fr.pk]), follow=True
        ).status_code
        == 404
    )


def test_mission_pdf_in_report_language(client, world, mission):
    client.force_login(world.fr_user)
    response = client.get(reverse("monitoring_mission_pdf", args=[mission.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_xlsx_export_cells(client, world, mission):
    profile = UserProfile.get_for_user(world.lead_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(world.lead_user)
    response = client.get(reverse("monitoring_export", args=["2026-S1", "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Semester" and sheet["B1"].value == "2026-S1"
    assert sheet["B2"].value == "Indicator ID"
    assert [sheet["B3"].value, sheet["E3"].value, sheet["I3"].value, sheet["L3"].value] == [
        "O1",
        "number",
        4,
        1,
    ]
    assert sheet["A3"].value == "Output indicators"
    assert sheet["B4"].value == "R1" and sheet["A4"].value == "Result indicators"
    assert sheet["F4"].value == 0 and sheet["G4"].value == 2025
    partners = book.worksheets[1]
    rows = [[c.value for c in r] for r in partners.iter_rows(min_row=2)]
    assert ["Transferts LR", "FR", "O1", 2, 1, "Not started"] in rows


def test_csv_export_is_partner_scoped(client, world, mission):
    client.force_login(world.es_user)
    text = client.get(reverse("monitoring_export", args=["2026-S1", "csv"])).content.decode()
    assert "CEEI Burgos" in text and "Transferts LR" not in text


def test_dashboard_shows_rag_and_quota(client, world, mission):
    client.force_login(world.lead_user)
    html = client.get(reverse("monitoring_dashboard")).content.decode()
    assert "monitoring/vendor/chart.umd.min.js" in html
    assert "1 / 100" in html  # Transferts LR: one mission of its 100
    assert "rag-red" in html
