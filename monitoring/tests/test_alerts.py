"""Alerts: gaps against the forecast and late reports are e-mailed to the partner's staff and
to the lead partner, each in the recipient's language, and never twice for the same finding."""

from __future__ import annotations

import datetime

from django.core import mail
from wagtail.users.models import UserProfile

from monitoring import alerts, services, tasks
from monitoring.models import Alert

AFTER_S1_DUE = datetime.date(2026, 8, 15)


def _prefer(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def _mail_to(user):
    found = [m for m in mail.outbox if m.to == [user.email]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def test_alerts_in_the_recipients_language_and_not_resent(world):
    _prefer(world.es_user, "es")  # French partner's staff: no preference, the country's language
    _prefer(world.lead_user, "en")
    sent = alerts.send_alerts(today=AFTER_S1_DUE)
    assert sent == 3

    fr = _mail_to(world.fr_user)
    assert "nouvelle" in fr.subject.lower()
    assert "Missions d'accompagnement" in fr.body
    assert "En retard" in fr.body  # red, in French
    assert "le rapport pour 2026-S1" in fr.body
    assert "31 juillet 2026" in fr.body
    assert "CEEI Burgos" not in fr.body  # only its own partner's findings

    es = _mail_to(world.es_user)
    assert "nueva" in es.subject.lower()
    assert "Misiones de asistencia" in es.body
    assert "Con retraso" in es.body
    assert "el informe de 2026-S1" in es.body
    assert "Transferts LR" not in es.body

    lead = _mail_to(world.lead_user)  # the lead hears about every partner
    assert "Transferts LR" in lead.body and "CEEI Burgos" in lead.body
    assert "the report for 2026-S1" in lead.body

    assert Alert.objects.filter(recipient=world.fr_user, language="fr").exists()
    assert Alert.objects.filter(recipient=world.es_user, language="es").exists()

    mail.outbox.clear()
    assert alerts.send_alerts(today=AFTER_S1_DUE) == 0
    assert mail.outbox == []


def test_a_submitted_report_is_no_longer_late_and_new_findings_are_sent(world):
    report = services.report_ensure(partner=world.fr, semester=world.s1)
    services.report_save(
        report=report,
        user=world.fr_user,
        entries={world.jobs.pk: {"value": "10", "comment": ""}},
        submit=True,
    )
    alerts.send_alerts(today=AFTER_S1_DUE)
    fr = _mail_to(world.fr_user)
    assert "2026-S1" in fr.body
    assert "le rapport pour 2026-S1" not in fr.body  # submitted: not late
    assert "Entreprises adoptant" not in fr.body  # 10 of 10: on track

    mail.outbox.clear()
    services.report_return(report=report, user=world.lead_user, note="Détaillez")
    alerts.send_alerts(today=AFTER_S1_DUE)
    fr = _mail_to(world.fr_user)  # returned: late again, a new finding
    assert "le rapport pour 2026-S1" in fr.body
    assert "Missions d'accompagnement" not in fr.body  # already sent


def test_beat_task_runs(world):
    assert tasks.send_alerts.delay().get() >= 0
