"""Semester reports: validation of entered values, submit, approve or return, lock, history."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from monitoring import computed, services
from monitoring.models import Mission, PartnerReport, ReportEvent, ReportLockedError
from toolbox.tests import factories


def _report(world, partner=None):
    return services.report_ensure(partner=partner or world.fr, semester=world.s1)


def test_units_and_negative_counts_are_refused(world):
    report = _report(world)
    for raw, message in (("-3", "negative"), ("2.5", "whole number"), ("abc", "number")):
        with pytest.raises(ValidationError) as exc:
            services.report_save(
                report=report, user=world.fr_user, entries={world.jobs.pk: {"value": raw}}
            )
        assert message in " ".join(exc.value.message_dict["R1"])
    assert report.values.get(indicator=world.jobs).value is None


def test_comment_required_when_off_target_beyond_margin(world, settings):
    settings.MONITORING_OFF_TARGET_MARGIN = "0.2"
    report = _report(world)
    with pytest.raises(ValidationError) as exc:
        services.report_save(
            report=report, user=world.fr_user, entries={world.jobs.pk: {"value": "5"}}, submit=True
        )
    assert "comment" in exc.value.message_dict["R1"][0]
    # Within 20% of the milestone of 10: no comment needed.
    services.report_save(
        report=report, user=world.fr_user, entries={world.jobs.pk: {"value": "9"}}, submit=True
    )
    report.refresh_from_db()
    assert report.status == PartnerReport.Status.SUBMITTED


def test_submit_approve_locks_and_keeps_history(world):
    report = _report(world)
    services.report_save(
        report=report,
        user=world.fr_user,
        entries={world.jobs.pk: {"value": "3", "comment": "Slow start"}},
        submit=True,
    )
    with pytest.raises(PermissionError):
        services.report_approve(report=report, user=world.fr_user)
    services.report_approve(report=report, user=world.lead_user)
    report.refresh_from_db()
    assert report.is_locked
    with pytest.raises(ReportLockedError):
        services.report_save(
            report=report, user=world.fr_user, entries={world.jobs.pk: {"value": "4"}}
        )
    assert report.values.get(indicator=world.jobs).value == Decimal("3.00")
    actions = list(report.events.values_list("action", flat=True))
    assert actions == [ReportEvent.Action.SUBMITTED, ReportEvent.Action.APPROVED]
    assert report.events.last().snapshot["R1"]["value"] == "3.00"


def test_return_needs_a_note_and_reopens_the_report(world):
    report = _report(world)
    services.report_save(
        report=report,
        user=world.fr_user,
        entries={world.jobs.pk: {"value": "10"}},
        submit=True,
    )
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=world.lead_user, note=" ")
    services.report_return(report=report, user=world.lead_user, note="Check R1")
    report.refresh_from_db()
    assert report.status == PartnerReport.Status.RETURNED
    services.report_save(
        report=report, user=world.fr_user, entries={world.jobs.pk: {"value": "11"}}
    )
    assert report.values.get(indicator=world.jobs).value == Decimal("11.00")


def test_computed_values_come_from_missions(world):
    for day in (3, 4, 5):
        Mission.objects.create(
            partner=world.fr,
            company_name=f"SME {day}",
            date=datetime.date(2026, 3, day),
            language="fr",
        )
    Mission.objects.create(
        partner=world.es, company_name="Pyme", date=datetime.date(2026, 3, 1), language="es"
    )
    Mission.objects.create(
        partner=world.fr, company_name="Later", date=datetime.date(2026, 9, 1), language="fr"
    )
    report = _report(world)
    value = report.values.get(indicator=world.missions_indicator)
    assert value.computed and value.value == Decimal(3)
    # The dashboard computes every semester at once: the same figures per semester.
    s1, s2 = computed.compute_periods(
        "missions_done", [(world.s1.start, world.s1.end), (world.s2.start, world.s2.end)]
    )
    assert s1 == {world.fr.translation_key: 3, world.es.translation_key: 1}
    assert s2 == {world.fr.translation_key: 1}


def test_event_indicators_per_semester(world):
    """Events held and their participants, counted once per event whatever its
    translations, per semester of its start's day in Paris (the dashboard computes them all
    at once). Fixed dates in the fixture's 2026 semesters: with dates "N days from now" the
    test only passed in the weeks around a semester's end, and failed from 4 January 2027."""
    section = factories.section(world.fr)
    theme = factories.theme()
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    # 30 June 23:30 in Paris (21:30 UTC): the first semester
    june = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=paris)
    held = factories.event(
        section,
        theme,
        title="Atelier de fin juin",
        start=june,
        end=june + datetime.timedelta(hours=2),
        participants=25,
    )
    factories.publish(held.copy_for_translation(factories.locales()["es"], copy_parents=True))
    # 1 July 00:30 in Paris, still 30 June in UTC: the second semester
    july = datetime.datetime(2026, 7, 1, 0, 30, tzinfo=paris)
    factories.event(
        section, theme, title="Nuit de juillet", start=july, end=july + datetime.timedelta(hours=2)
    )
    s1, s2 = (world.s1.start, world.s1.end), (world.s2.start, world.s2.end)
    other = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    key = world.fr.translation_key
    for name, first, second in (("events_held", 1, 1), ("event_participants", 25, 0)):
        assert computed.compute(name, start=s1[0], end=s1[1]) == {key: first}
        assert computed.compute(name, start=s2[0], end=s2[1]) == {key: second}
        assert computed.compute_periods(name, [other, s1, s2]) == [
            {},
            {key: first},
            {key: second},
        ]
