"""Before/after digital-maturity score of a mission, answered by the adviser with one of the
platform's diagnostic questionnaires (the toolbox's engine), per dimension and overall, and
the computed maturity-gain indicator; other partners get a 404."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from monitoring import computed
from monitoring.models import Mission
from toolbox.tests import factories


def test_adviser_scores_before_and_after(client, world):
    tool = factories.diagnostic(factories.section(world.fr), factories.theme(), title="Maturité")
    factories.diagnostic(
        factories.section(world.es, slug="es-section"),
        factories.theme(key="data", title="Données"),
        title="Autre outil",
    )
    mission = Mission.objects.create(
        partner=world.fr,
        company_name="Menuiserie Roux",
        date=datetime.date(2026, 3, 2),
        language="fr",
    )
    url = reverse("monitoring_mission_maturity", args=[mission.pk, "before"])
    client.force_login(world.fr_user)
    choices = client.get(url, follow=True).content.decode()
    assert "Maturité" in choices and "Autre outil" in choices
    form_url = f"{url}?questionnaire={tool.pk}"
    assert "Question 1" in client.get(form_url, follow=True).content.decode()
    client.post(form_url, {"version": 1, "q_q0": "q0a1", "q_q1": "q1a0"})
    # The "after" score reuses the questionnaire of the "before" one: no choice offered.
    after_url = reverse("monitoring_mission_maturity", args=[mission.pk, "after"])
    after_page = client.get(after_url, follow=True).content.decode()
    assert "Autre outil" not in after_page and "Question 0" in after_page
    client.post(after_url, {"version": 1, "q_q0": "q0a2", "q_q1": "q1a1"})
    mission.refresh_from_db()
    assert (mission.maturity_before.percent, mission.maturity_after.percent) == (25, 100)
    assert mission.maturity_gain == 75
    detail = client.get(reverse("monitoring_mission", args=[mission.pk]), follow=True)
    html = detail.content.decode()
    assert "Sauvegardes" in html and "+75" in html  # the dimension and the gain

    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    assert computed.compute("maturity_gain", start=start, end=end) == {
        world.fr.translation_key: Decimal(75)
    }
    # The adviser's scoring is not a visitor's self-diagnostic.
    assert computed.compute("diagnostics_answered", start=start, end=end) == {}

    client.force_login(world.es_user)
    assert client.get(url, follow=True).status_code == 404
    assert client.post(after_url, {"version": 1}, follow=True).status_code == 404
