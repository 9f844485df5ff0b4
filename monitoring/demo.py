"""Demo data of the programme monitoring (``manage.py load_demo``, after the toolbox's
partners): two semesters, a dozen indicators with the programme's and each partner's targets,
a few assistance missions of three partners (reports in their languages), the first
semester's reports approved and the second one's submitted or in draft, and one partner
user (``demo-transferts``) to see the partner's side. Idempotent: codes, keys and
(partner, company, date) identify what already exists. Not run with ``--minimal``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from home.demo import DEMO_ADMIN_PASSWORD
from toolbox import services as toolbox_services
from toolbox.models import Partner

from . import services
from .models import IndicatorDefinition, Mission, PartnerReport, PartnerTarget, Semester

Kind, Unit, Source, Aggregation = (
    IndicatorDefinition.Kind,
    IndicatorDefinition.Unit,
    IndicatorDefinition.Source,
    IndicatorDefinition.Aggregation,
)

SEMESTERS = [
    ("2026-S1", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), datetime.date(2026, 7, 31)),
    ("2026-S2", datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), datetime.date(2027, 1, 31)),
]

# code, English name, {fr, es, pt}, kind, unit, source, computation, final target,
# milestones (cumulative, programme), aggregation
INDICATORS = [
    (
        "O1",
        "One-day assistance missions to SMEs",
        {
            "fr": "Missions d'accompagnement d'une journée",
            "es": "Misiones de asistencia de un día",
            "pt": "Missões de apoio de um dia",
        },
        Kind.OUTPUT,
        Unit.COUNT,
        Source.COMPUTED,
        "missions_done",
        750,
        {"2026-S1": 60, "2026-S2": 180},
        Aggregation.SUM,
    ),
    (
        "O2",
        "Days of assistance",
        {"fr": "Jours d'accompagnement", "es": "Días de asistencia", "pt": "Dias de apoio"},
        Kind.OUTPUT,
        Unit.DAYS,
        Source.COMPUTED,
        "mission_days",
        750,
        {"2026-S1": 60, "2026-S2": 180},
        Aggregation.SUM,
    ),
    (
        "O3",
        "Events held",
        {"fr": "Événements organisés", "es": "Eventos celebrados", "pt": "Eventos realizados"},
        Kind.OUTPUT,
        Unit.COUNT,
        Source.COMPUTED,
        "events_held",
        60,
        {"2026-S1": 8, "2026-S2": 18},
        Aggregation.SUM,
    ),
    (
        "O4",
        "Event participants",
        {
            "fr": "Participants aux événements",
            "es": "Participantes en eventos",
            "pt": "Participantes em eventos",
        },
        Kind.OUTPUT,
        Unit.COUNT,
        Source.COMPUTED,
        "event_participants",
        2400,
        {"2026-S1": 300, "2026-S2": 700},
        Aggregation.SUM,
    ),
    (
        "O5",
        "Best-practice sheets published",
        {
            "fr": "Fiches de bonnes pratiques publiées",
            "es": "Fichas de buenas prácticas publicadas",
            "pt": "Fichas de boas práticas publicadas",
        },
        Kind.OUTPUT,
        Unit.COUNT,
        Source.COMPUTED,
        "best_practices_published",
        90,
        {"2026-S1": 10, "2026-S2": 30},
        Aggregation.SUM,
    ),
    (
        "O6",
        "Newsletter issues sent",
        {
            "fr": "Lettres d'information envoyées",
            "es": "Boletines enviados",
            "pt": "Newsletters enviadas",
        },
        Kind.OUTPUT,
        Unit.COUNT,
        Source.COMPUTED,
        "newsletters_sent",
        12,
        {"2026-S1": 2, "2026-S2": 4},
        Aggregation.SUM,
    ),
    (
        "O7",
        "Self-diagnostics answered",
        {
            "fr": "Autodiagnostics réalisés",
            "es": "Autodiagnósticos realizados",
            "pt": "Autodiagnósticos realizados",
        },
        Kind.OUTPUT,
        Unit.COUNT,
        Source.COMPUTED,
        "diagnostics_answered",
        1500,
        {"2026-S1": 150, "2026-S2": 400},
        Aggregation.SUM,
    ),
    (
        "R1",
        "SMEs adopting a new digital tool after support",
        {
            "fr": "PME adoptant un nouvel outil numérique après accompagnement",
            "es": "Pymes que adoptan una nueva herramienta digital tras la asistencia",
            "pt": "PME que adotam uma nova ferramenta digital após o apoio",
        },
        Kind.RESULT,
        Unit.COUNT,
        Source.ENTERED,
        "",
        300,
        {"2026-S1": 20, "2026-S2": 70},
        Aggregation.SUM,
    ),
    (
        "R2",
        "Satisfaction of assisted companies",
        {
            "fr": "Satisfaction des entreprises accompagnées",
            "es": "Satisfacción de las empresas asistidas",
            "pt": "Satisfação das empresas apoiadas",
        },
        Kind.RESULT,
        Unit.PERCENT,
        Source.COMPUTED,
        "survey_satisfaction",
        80,
        {"2026-S1": 80, "2026-S2": 80},
        Aggregation.AVERAGE,
    ),
    (
        "R3",
        "Digital-maturity gain of assisted SMEs (points)",
        {
            "fr": "Gain de maturité numérique des PME accompagnées (points)",
            "es": "Ganancia de madurez digital de las pymes asistidas (puntos)",
            "pt": "Ganho de maturidade digital das PME apoiadas (pontos)",
        },
        Kind.RESULT,
        Unit.SCORE,
        Source.COMPUTED,
        "maturity_gain",
        15,
        {"2026-S1": 10, "2026-S2": 12},
        Aggregation.AVERAGE,
    ),
    (
        "I1",
        "SMEs reporting fewer security incidents",
        {
            "fr": "PME déclarant moins d'incidents de sécurité",
            "es": "Pymes que declaran menos incidentes de seguridad",
            "pt": "PME que declaram menos incidentes de segurança",
        },
        Kind.IMPACT,
        Unit.COUNT,
        Source.ENTERED,
        "",
        150,
        {"2026-S1": 5, "2026-S2": 25},
        Aggregation.SUM,
    ),
    (
        "F1",
        "Eligible expenditure declared",
        {
            "fr": "Dépenses éligibles déclarées",
            "es": "Gastos subvencionables declarados",
            "pt": "Despesas elegíveis declaradas",
        },
        Kind.FINANCIAL,
        Unit.EUR,
        Source.ENTERED,
        "",
        1800000,
        {"2026-S1": 250000, "2026-S2": 600000},
        Aggregation.SUM,
    ),
]

# partner key -> missions: (company, day, language, needs, solutions, specification)
MISSIONS = {
    "transferts-lr": [
        (
            "Boulangerie Martin",
            datetime.date(2026, 2, 12),
            "fr",
            "Site vitrine ancien, pas de commande en ligne.",
            "Module de click-and-collect, sauvegardes externalisées.",
            True,
        ),
        (
            "Menuiserie Roux",
            datetime.date(2026, 3, 20),
            "fr",
            "Devis faits à la main, mots de passe partagés.",
            "Logiciel de devis, gestionnaire de mots de passe.",
            False,
        ),
        (
            "Cabinet Durand",
            datetime.date(2026, 5, 6),
            "fr",
            "Messagerie sans double authentification.",
            "Activation de la MFA, sensibilisation au hameçonnage.",
            False,
        ),
        (
            "Camping Les Pins",
            datetime.date(2026, 9, 15),
            "fr",
            "Réservations par téléphone uniquement.",
            "Moteur de réservation en ligne.",
            True,
        ),
    ],
    "ceei-burgos": [
        (
            "Panadería Sol",
            datetime.date(2026, 2, 24),
            "es",
            "Sin copia de seguridad de la facturación.",
            "Copias automáticas en la nube y plan de recuperación.",
            False,
        ),
        (
            "Talleres Ortega",
            datetime.date(2026, 4, 8),
            "es",
            "Red wifi abierta en el taller.",
            "Segmentación de la red y wifi de invitados.",
            True,
        ),
        (
            "Bodega Ribera",
            datetime.date(2026, 10, 2),
            "es",
            "Tienda en línea sin certificado.",
            "Certificado TLS y revisión del comercio electrónico.",
            False,
        ),
    ],
    "ciebi": [
        (
            "Pastelaria Aurora",
            datetime.date(2026, 3, 11),
            "pt",
            "Faturação em papel.",
            "Software de faturação certificado.",
            True,
        ),
        (
            "Oficina Bragança",
            datetime.date(2026, 11, 5),
            "pt",
            "Computadores sem atualizações.",
            "Política de atualizações e antivírus gerido.",
            False,
        ),
    ],
}
# partner key -> semester -> entered values (R1, I1, F1) and what the lead does with it
REPORTS = {
    "transferts-lr": {"2026-S1": ((4, 1, 42000), "approve"), "2026-S2": ((9, 3, 61000), "submit")},
    "ceei-burgos": {"2026-S1": ((3, 0, 30500), "approve"), "2026-S2": ((5, 2, 40000), "draft")},
    "ciebi": {"2026-S1": ((2, 1, 18000), "approve")},
}
QUOTA = {"FR": 100, "ES": 75, "PT": 75}
DEMO_PARTNER_USER = "demo-transferts"


def _partner(ctx, key: str) -> Partner | None:
    return Partner.objects.filter(key=key, locale=ctx.source_locale).first()


def load(ctx) -> None:
    semesters = {}
    for code, start, end, due in SEMESTERS:
        semester, created = Semester.objects.get_or_create(
            code=code, defaults={"start": start, "end": end, "due": due}
        )
        semesters[code] = semester
        if created:
            ctx.count("semesters")
    indicators = {}
    for position, spec in enumerate(INDICATORS, start=1):
        code, name, names, kind, unit, source, computation, final, milestones, agg = spec
        indicator, created = IndicatorDefinition.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "names": names,
                "kind": kind,
                "unit": unit,
                "source": source,
                "computation": computation,
                "final_target": Decimal(final),
                "milestones": milestones,
                "aggregation": agg,
                "baseline": Decimal(0),
                "reference_year": 2025 if kind == Kind.RESULT else None,
                "position": position,
            },
        )
        indicators[code] = indicator
        if created:
            ctx.count("indicators")
    partners = [
        p for p in Partner.objects.filter(locale=ctx.source_locale).order_by("id") if p.country
    ]
    for partner in partners:
        quota = QUOTA.get(partner.country, 75)
        for code in ("O1", "O2"):
            _, created = PartnerTarget.objects.get_or_create(
                indicator=indicators[code],
                partner=partner,
                defaults={
                    "final_target": quota,
                    "milestones": {"2026-S1": round(quota * 0.08), "2026-S2": round(quota * 0.24)},
                },
            )
            if created:
                ctx.count("partner targets")
        for code, share in (("R1", 0.1), ("I1", 0.05), ("F1", 0.11)):
            indicator = indicators[code]
            _, created = PartnerTarget.objects.get_or_create(
                indicator=indicator,
                partner=partner,
                defaults={
                    "final_target": round(indicator.final_target * Decimal(str(share))),
                    "milestones": {k: round(v * share) for k, v in indicator.milestones.items()},
                },
            )
            if created:
                ctx.count("partner targets")
    for key, rows in MISSIONS.items():
        partner = _partner(ctx, key)
        if partner is None:
            continue
        for company, day, language, needs, solutions, specification in rows:
            _, created = Mission.objects.get_or_create(
                partner=partner,
                company_name=company,
                date=day,
                defaults={
                    "language": language,
                    "needs": needs,
                    "recommended_solutions": solutions,
                    "specification_prepared": specification,
                    "status": Mission.Status.DONE
                    if day <= timezone.localdate()
                    else Mission.Status.PLANNED,
                    "report": f"<p>{needs}</p><p>{solutions}</p>",
                    "adviser": ctx.user,
                },
            )
            if created:
                ctx.count("missions")
    for key, by_semester in REPORTS.items():
        partner = _partner(ctx, key)
        if partner is None:
            continue
        for code, (values, action) in by_semester.items():
            semester = semesters[code]
            if PartnerReport.objects.filter(partner=partner, semester=semester).exists():
                continue
            report = services.report_ensure(partner=partner, semester=semester)
            entries = {
                indicators[c].pk: {"value": str(v), "comment": "Démo"}
                for c, v in zip(("R1", "I1", "F1"), values, strict=True)
            }
            services.report_save(
                report=report, user=ctx.user, entries=entries, submit=action != "draft"
            )
            if action == "approve":
                services.report_approve(report=report, user=ctx.user)
            ctx.count("semester reports")
    _partner_user(ctx)


def _partner_user(ctx) -> None:
    """A member of Transferts LR's staff, to see monitoring as a partner sees it."""
    partner = _partner(ctx, "transferts-lr")
    if partner is None:
        return
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_PARTNER_USER,
        defaults={"email": f"{DEMO_PARTNER_USER}@cybersudoe.localhost", "is_staff": True},
    )
    if created:
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save()
        ctx.count("demo partner users")
    user.groups.add(toolbox_services.partner_editor_group_ensure(partner=partner))
