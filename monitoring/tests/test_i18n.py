"""The monitoring speaks the partner's language: a French partner's staff member whose admin
language is French sees the dashboard, its statuses and its indicator names in French."""

from __future__ import annotations

from django.urls import reverse
from wagtail.users.models import UserProfile


def _prefer(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_french_partner_sees_the_dashboard_in_french(client, world):
    _prefer(world.fr_user, "fr")
    client.force_login(world.fr_user)
    html = client.get(reverse("monitoring_dashboard")).content.decode()
    assert "Tableau de bord du programme" in html
    assert "Missions par rapport aux quotas" in html
    assert "Indicateurs jusqu&#x27;à 2026-S2" in html or "Indicateurs jusqu'à 2026-S2" in html
    assert "Missions d&#x27;accompagnement" in html or "Missions d'accompagnement" in html
    assert "Réalisation" in html  # the kind of the output indicator
    assert "Programme dashboard" not in html


def test_spanish_partner_sees_the_reports_in_spanish(client, world):
    _prefer(world.es_user, "es")
    client.force_login(world.es_user)
    html = client.get(reverse("monitoring_reports")).content.decode()
    assert "Informes semestrales" in html
    assert "Semester reports" not in html
