"""Shared fixtures of the monitoring tests (also imported by the API's tests in delivery/):
three partners (the lead, one French, one Spanish), a member of each, an outsider, two
semesters and a few indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from monitoring.models import IndicatorDefinition, PartnerTarget, Semester
from toolbox import services as toolbox_services
from toolbox.tests import factories


def _member(username: str, partner, language: str = "fr"):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-secret-123", is_staff=True
    )
    group = toolbox_services.partner_editor_group_ensure(partner=partner)
    user.groups.add(group)
    return user


@pytest.fixture
def world(db):
    lead = factories.partner(key="cybermassif", name="Cybermassif", country="FR")
    fr = factories.partner(key="transferts-lr", name="Transferts LR", country="FR")
    es = factories.partner(key="ceei-burgos", name="CEEI Burgos", country="ES")
    s1 = Semester.objects.create(
        code="2026-S1",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 6, 30),
        due=datetime.date(2026, 7, 31),
    )
    s2 = Semester.objects.create(
        code="2026-S2",
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 12, 31),
        due=datetime.date(2027, 1, 31),
    )
    missions = IndicatorDefinition.objects.create(
        code="O1",
        name="Assistance missions",
        names={"fr": "Missions d'accompagnement", "es": "Misiones de asistencia"},
        kind=IndicatorDefinition.Kind.OUTPUT,
        source=IndicatorDefinition.Source.COMPUTED,
        computation="missions_done",
        final_target=Decimal(750),
        milestones={"2026-S1": 4, "2026-S2": 8},
        position=1,
    )
    jobs = IndicatorDefinition.objects.create(
        code="R1",
        name="Companies adopting a digital tool",
        names={"fr": "Entreprises adoptant un outil numérique"},
        kind=IndicatorDefinition.Kind.RESULT,
        baseline=Decimal(0),
        reference_year=2025,
        final_target=Decimal(300),
        milestones={"2026-S1": 20, "2026-S2": 40},
        position=2,
    )
    for partner in (lead, fr, es):
        PartnerTarget.objects.create(
            indicator=jobs, partner=partner, final_target=100, milestones={"2026-S1": 10}
        )
        PartnerTarget.objects.create(
            indicator=missions, partner=partner, final_target=100, milestones={"2026-S1": 2}
        )

    class World:
        pass

    w = World()
    w.lead, w.fr, w.es, w.s1, w.s2 = lead, fr, es, s1, s2
    w.missions_indicator, w.jobs = missions, jobs
    w.lead_user = _member("lea", lead)
    w.fr_user = _member("francois", fr)
    w.es_user = _member("elena", es, "es")
    w.outsider = get_user_model().objects.create_user(
        username="olga", email="olga@example.org", password="pw-secret-123", is_staff=True
    )
    other = Group.objects.get_or_create(name="Editors · other")[0]
    other.permissions.add(Permission.objects.get(codename="access_admin"))
    w.outsider.groups.add(other)
    return w
