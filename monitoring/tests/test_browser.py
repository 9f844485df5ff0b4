"""In headless Chromium: a partner fills its semester report in one form (a refused value,
then a comment), submits it, and the lead partner approves it; the report is then locked
for the partner. Computed indicators show what the platform recorded in the test."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from monitoring.models import Mission, PartnerReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _browser_for(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context = chromium(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.pages[0] if context.pages else context.new_page()


def _fr(text: str) -> str:
    with translation.override("fr"):
        return translation.gettext(text)


def test_partner_fills_semester_and_lead_approves(live_server, chromium, world):
    for day in (5, 6, 7):
        Mission.objects.create(
            partner=world.fr,
            company_name=f"PME {day}",
            date=datetime.date(2026, 3, day),
            language="fr",
        )
    url = live_server.url + reverse("monitoring_report", args=["2026-S1", world.fr.pk])
    partner = _browser_for(chromium, live_server, world.fr_user)
    partner.goto(url)
    # The computed indicator shows the three missions done in the semester.
    assert partner.locator(f"#value-{world.missions_indicator.pk}").inner_text() == "3"
    value = partner.locator(f"input[name=value-{world.jobs.pk}]")
    value.fill("4")  # milestone 10: off target by more than 20% and no comment
    partner.get_by_role("button", name=_fr("Submit to the lead partner")).click()
    partner.locator(".error-message").wait_for()
    assert "commentaire" in partner.locator(".error-message").inner_text()
    assert partner.locator(f"input[name=value-{world.jobs.pk}]").input_value() == "4"
    partner.locator(f"textarea[name=comment-{world.jobs.pk}]").fill("Démarrage lent au printemps")
    partner.get_by_role("button", name=_fr("Submit to the lead partner")).click()
    expect(partner.locator("#report-status")).to_have_text(_fr("Submitted"))

    lead = _browser_for(chromium, live_server, world.lead_user)
    lead.goto(url)
    lead.get_by_role("button", name=_fr("Approve and lock")).click()
    expect(lead.locator("#report-status")).to_have_text(_fr("Approved"))
    report = PartnerReport.objects.get(partner=world.fr, semester=world.s1)
    assert report.is_locked
    assert [e.action for e in report.events.all()] == ["submitted", "approved"]

    # Locked: the partner sees the values but no longer an input or a submit button.
    partner.goto(url)
    assert partner.locator(f"input[name=value-{world.jobs.pk}]").count() == 0
    assert partner.get_by_role("button", name=_fr("Submit to the lead partner")).count() == 0
    row = partner.locator("tr", has_text="R1").inner_text()
    assert "4" in row and "Démarrage lent au printemps" in row
