"""Surveys: invitations e-mailed in the contact's language with a single-use link, one
reminder, answers through the toolbox's questionnaire engine feeding result indicators, and
the survey admin scoped to the partner."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from monitoring import computed, surveys, tasks
from monitoring.models import Mission, Survey, SurveyInvitation
from newsletter.models import Company, Contact, Suppression
from toolbox.models import DiagnosticResponse
from toolbox.selectors import diagnostic_statistics
from toolbox.tests import factories


@pytest.fixture
def questionnaire(world):
    section = factories.section(world.fr)
    return factories.diagnostic(section, factories.theme(), title="Satisfaction")


def _answer_url(invitation, language=None):
    with translation.override(language or invitation.language):
        return reverse("monitoring_survey_answer", args=[invitation.token])


def test_invitation_answer_once_and_indicators(client, world, questionnaire, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cybersudoe.example"
    survey = surveys.survey_create(
        name="Satisfaction 2026",
        kind=Survey.Kind.SATISFACTION,
        questionnaire=questionnaire,
        partner=world.fr,
        reminder_after_days=7,
    )
    created = surveys.survey_invite_lines(
        survey=survey,
        lines=[
            "ana@example.es; Ana; es",
            "jean@example.fr;Jean",
            "ANA@example.es; duplicate",
            "not an address",
        ],
    )
    Suppression.objects.create(email="gone@example.org", reason=Suppression.Reason.UNSUBSCRIBED)
    assert surveys.survey_invite(survey=survey, email="gone@example.org") is None
    assert [(i.email, i.language) for i in created] == [
        ("ana@example.es", "es"),
        ("jean@example.fr", "fr"),
    ]
    ana, jean = created

    # The hourly run sends each invitation once, in the contact's language, with its link.
    t0 = timezone.now()
    assert surveys.send_due(now=t0) == (2, 0)
    assert surveys.send_due(now=t0) == (0, 0)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["ana@example.es"].subject == "Transferts LR quiere conocer su opinión"
    assert "Hola, Ana:" in by_address["ana@example.es"].body
    assert f"https://cybersudoe.example/es/survey/{ana.token}/" in by_address["ana@example.es"].body
    assert "Bonjour Jean," in by_address["jean@example.fr"].body
    assert f"/fr/survey/{jean.token}/" in by_address["jean@example.fr"].body

    # The contact answers through the link (the toolbox's form and scoring): 3 of 4 points.
    page = client.get(_answer_url(ana))
    html = page.content.decode()
    assert page.status_code == 200 and "Question 0" in html and "Transferts LR" in html
    assert page["Referrer-Policy"] == "no-referrer"
    assert "noindex" in page["X-Robots-Tag"]
    incomplete = client.post(_answer_url(ana), {"version": 1, "q_q0": "q0a2"})
    assert incomplete.status_code == 200 and "form-errors" in incomplete.content.decode()
    done = client.post(
        _answer_url(ana), {"version": 1, "q_q0": "q0a2", "q_q1": "q0a0"}, follow=True
    )
    assert "form-errors" in done.content.decode()  # an answer of another question
    client.post(_answer_url(ana), {"version": 1, "q_q0": "q0a1", "q_q1": "q1a1"})
    ana.refresh_from_db()
    assert ana.answered_at is not None and ana.response.percent == 75
    # Single use: the link now thanks and takes no more answers.
    again = client.post(_answer_url(ana), {"version": 1, "q_q0": "q0a0", "q_q1": "q1a0"})
    thanks = again.content.decode()
    assert "Gracias" in thanks and "q_q0" not in thanks
    assert DiagnosticResponse.objects.count() == 1
    with pytest.raises(surveys.InvitationUsedError):
        surveys.survey_answer(invitation=ana, version=ana.response.version, answers={})
    assert client.get(_answer_url(ana).replace(ana.token, "unknown-token")).status_code == 404

    # The beat entry runs the task (eagerly here): nothing new to send.
    entry = settings.CELERY_BEAT_SCHEDULE["monitoring-send-surveys"]
    assert entry["task"] == tasks.send_surveys.name
    assert tasks.send_surveys.delay().get() == [0, 0]

    # One reminder, after the survey's delay, to those who did not answer, in their language.
    mail.outbox.clear()
    assert surveys.send_due(now=t0 + datetime.timedelta(days=6)) == (0, 0)
    assert surveys.send_due(now=t0 + datetime.timedelta(days=8)) == (0, 1)
    assert surveys.send_due(now=t0 + datetime.timedelta(days=20)) == (0, 0)
    assert [m.to for m in mail.outbox] == [["jean@example.fr"]]
    assert mail.outbox[0].subject.startswith("Rappel")

    # Answers feed the result indicators of the survey's partner (semester of the answer):
    # the answer's day in Paris (not the day the test reaches this line: midnight may pass).
    today = timezone.localdate(ana.answered_at)
    values = computed.compute("survey_satisfaction", start=today, end=today)
    assert values == {world.fr.translation_key: Decimal(75)}
    answered = computed.compute("surveys_answered", start=today, end=today)
    assert answered == {world.fr.translation_key: Decimal(1)}
    # The dashboard's path: several semesters in one query, the same figures.
    earlier = (today - datetime.timedelta(days=400), today - datetime.timedelta(days=1))
    assert computed.compute_periods("surveys_answered", [earlier, (today, today)]) == [
        {},
        {world.fr.translation_key: Decimal(1)},
    ]
    # ...and are not counted again as self-diagnostics of the questionnaire's owner.
    assert computed.compute("diagnostics_answered", start=today, end=today) == {}
    # ...nor in the toolbox's statistics of the questionnaire (same engine, other origin).
    assert [v.responses for v in diagnostic_statistics(page=questionnaire)] == [0]


def test_invite_assisted_companies_contacts(world, questionnaire):
    company = Company.objects.create(name="Boulangerie Martin", country="FR")
    other = Company.objects.create(name="Panadería Sol", country="ES")
    Contact.objects.create(
        email="marie@martin.fr", first_name="Marie", company=company, language="fr"
    )
    Contact.objects.create(email="pepe@sol.es", company=other, language="es")
    mission = Mission.objects.create(
        partner=world.fr,
        company=company,
        company_name=company.name,
        date=datetime.date(2026, 3, 2),
        language="fr",
    )
    Mission.objects.create(  # another partner's mission: not this survey's contacts
        partner=world.es,
        company=other,
        company_name=other.name,
        date=datetime.date(2026, 3, 2),
        language="es",
    )
    survey = surveys.survey_create(
        name="Suivi", kind=Survey.Kind.FOLLOW_UP, questionnaire=questionnaire, partner=world.fr
    )
    created = surveys.survey_invite_assisted(survey=survey)
    assert [(i.email, i.name, i.mission_id) for i in created] == [
        ("marie@martin.fr", "Marie", mission.pk)
    ]
    assert surveys.survey_invite_assisted(survey=survey) == []  # once per contact


def test_survey_admin_is_partner_scoped(client, world, questionnaire):
    client.force_login(world.fr_user)
    response = client.post(
        reverse("monitoring_survey_add"),
        {
            "name": "Satisfaction ateliers",
            "kind": "satisfaction",
            "questionnaire": questionnaire.pk,
            "partner": world.fr.pk,
            "reminder_after_days": 5,
        },
    )
    survey = Survey.objects.get()
    assert response.url == reverse("monitoring_survey", args=[survey.pk])
    client.post(
        reverse("monitoring_survey", args=[survey.pk]),
        {"contacts": "luis@example.es; Luis; es\nrui@example.pt; Rui; pt"},
    )
    detail = client.get(reverse("monitoring_survey", args=[survey.pk])).content.decode()
    assert "luis@example.es" in detail and "0 sur 2 invités (0 %)" in detail  # the French admin
    assert SurveyInvitation.objects.filter(survey=survey).count() == 2
    # Another partner cannot create a survey for this one, nor see it; outsiders see nothing.
    client.force_login(world.es_user)
    refused = client.post(
        reverse("monitoring_survey_add"),
        {
            "name": "x",
            "kind": "satisfaction",
            "questionnaire": questionnaire.pk,
            "partner": world.fr.pk,
            "reminder_after_days": 5,
        },
    )
    assert refused.status_code == 200 and Survey.objects.count() == 1
    listing = client.get(reverse("monitoring_surveys"), follow=True).content.decode()
    assert "Satisfaction ateliers" not in listing
    assert (
        client.get(reverse("monitoring_survey", args=[survey.pk]), follow=True).status_code == 404
    )
    client.force_login(world.outsider)
    for path in (reverse("monitoring_surveys"), reverse("monitoring_survey", args=[survey.pk])):
        assert client.get(path, follow=True).status_code == 404
    client.force_login(world.lead_user)
    listing = client.get(reverse("monitoring_surveys"), follow=True).content.decode()
    assert "Satisfaction ateliers" in listing
