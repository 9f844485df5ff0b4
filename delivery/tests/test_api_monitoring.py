"""/api/v1/monitoring/: the dashboard's figures and the missions of a partner, for its staff,
the lead partner and keys issued to them; a 404 for other partners and anonymous callers."""

from __future__ import annotations

import datetime

import pytest

from delivery.models import PartnerAPIKey
from monitoring import services
from monitoring.models import Mission
from monitoring.tests.fixtures import world  # noqa: F401


@pytest.fixture
def figures(world):  # noqa: F811
    Mission.objects.create(
        partner=world.fr,
        company_name="Boulangerie Martin",
        date=datetime.date(2026, 2, 10),
        language="fr",
        needs="Site web vieillissant",
        report="<p>Rapport détaillé</p>",
    )
    Mission.objects.create(
        partner=world.fr,
        company_name="Garage Dupont",
        date=datetime.date(2026, 9, 1),
        language="fr",
    )
    Mission.objects.create(
        partner=world.es,
        company_name="Panadería Gómez",
        date=datetime.date(2026, 3, 1),
        language="es",
    )
    report = services.report_ensure(partner=world.fr, semester=world.s1)
    services.report_save(
        report=report,
        user=world.fr_user,
        entries={world.jobs.pk: {"value": "7", "comment": "Deux entreprises en attente"}},
        submit=True,
    )
    return world


def _key(partner):
    key, plaintext = PartnerAPIKey.issue(name=f"{partner.name} site", partner=partner)
    key.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def _indicators(client, partner, semester="2026-S1", **headers):
    return client.get(
        f"/api/v1/monitoring/partners/{partner.key}/indicators/?semester={semester}", **headers
    )


def test_partner_staff_read_their_indicators(client, figures):
    client.force_login(figures.fr_user)
    response = _indicators(client, figures.fr, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["partner"] == "transferts-lr"
    assert body["semester"]["code"] == "2026-S1"
    assert body["report_status"] == "submitted"
    by_code = {row["code"]: row for row in body["indicators"]}
    assert by_code["O1"] == {
        "code": "O1",
        "name": "Missions d'accompagnement",
        "kind": "output",
        "unit": "count",
        "source": "computed",
        "milestone": 2.0,
        "final_target": 100.0,
        "actual": 1.0,  # the February mission; September's is in S2
        "gap": -1.0,
        "rag": "red",
    }
    assert by_code["R1"]["actual"] == 7.0 and by_code["R1"]["rag"] == "amber"  # 7 of 10


def test_partner_staff_read_their_missions(client, figures):
    client.force_login(figures.fr_user)
    response = client.get("/api/v1/monitoring/partners/transferts-lr/missions/")
    assert response.status_code == 200
    names = [m["company_name"] for m in response.json()["results"]]
    assert names == ["Garage Dupont", "Boulangerie Martin"]
    only_s1 = client.get("/api/v1/monitoring/partners/transferts-lr/missions/?semester=2026-S1")
    assert [m["company_name"] for m in only_s1.json()["results"]] == ["Boulangerie Martin"]
    mission = Mission.objects.get(company_name="Boulangerie Martin")
    detail = client.get(f"/api/v1/monitoring/partners/transferts-lr/missions/{mission.pk}/")
    assert detail.json()["report"] == "<p>Rapport détaillé</p>"
    assert detail.json()["needs"] == "Site web vieillissant"
    bad = client.get("/api/v1/monitoring/partners/transferts-lr/missions/?semester=2031-S9")
    assert bad.status_code == 400 and "semester" in bad.json()["errors"]


def test_other_partners_and_anonymous_get_404(client, figures):
    fr_mission = Mission.objects.get(company_name="Boulangerie Martin")
    paths = [
        "/api/v1/monitoring/partners/transferts-lr/indicators/",
        "/api/v1/monitoring/partners/transferts-lr/semesters/",
        "/api/v1/monitoring/partners/transferts-lr/missions/",
        f"/api/v1/monitoring/partners/transferts-lr/missions/{fr_mission.pk}/",
    ]
    for path in paths:
        assert client.get(path).status_code == 404, path  # anonymous
    for user in (figures.es_user, figures.outsider):
        client.force_login(user)
        for path in paths:
            assert client.get(path).status_code == 404, (user, path)
    client.force_login(figures.es_user)
    # its own mission id, asked through another partner's address, is not there either
    es_mission = Mission.objects.get(company_name="Panadería Gómez")
    path = f"/api/v1/monitoring/partners/transferts-lr/missions/{es_mission.pk}/"
    assert client.get(path).status_code == 404
    assert client.get("/api/v1/monitoring/partners/ceei-burgos/missions/").status_code == 200


def test_partner_keys(client, figures):
    fr_key = _key(figures.fr)
    assert _indicators(client, figures.fr, **fr_key).status_code == 200
    assert _indicators(client, figures.es, **fr_key).status_code == 404
    unbound, plaintext = PartnerAPIKey.issue(name="Some site")
    unbound.save()
    assert (
        _indicators(client, figures.fr, HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 404
    )
    lead_key = _key(figures.lead)
    for partner in (figures.fr, figures.es):
        assert _indicators(client, partner, **lead_key).status_code == 200


def test_lead_partner_reads_every_partner(client, figures):
    client.force_login(figures.lead_user)
    body = _indicators(client, figures.es).json()
    assert body["report_status"] == ""
    semesters = client.get("/api/v1/monitoring/partners/ceei-burgos/semesters/").json()
    assert [s["code"] for s in semesters] == ["2026-S1", "2026-S2"]
