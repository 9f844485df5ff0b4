"""Demo data of the newsletter (``manage.py load_demo``, after the toolbox): two published
issues in French translated into Spanish, Portuguese and English (an editorial, toolbox items
and an upcoming event of the demo toolbox, free text), and four demo contacts, one per language
and country, each with a basis its country's rules accept, so that an admin can preview an
issue, send a test and start a sending at once.

Idempotent: an issue is found by its translation key (derived from a fixed demo key, so it
survives an editor renaming it), a contact by its address; translations are only added where
missing (``home.demo.translate_missing``). Addresses are on subdomains of example.org (reserved
by RFC 2606): no real mailbox. An address on the suppression list (a demo contact that
unsubscribed or was erased) is not brought back. Not run with ``--minimal``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from home.demo import translate_missing
from toolbox.models import Partner, ToolboxItemPage

from .models import (
    Company,
    Contact,
    ContactSource,
    Country,
    LegalBasis,
    NewsletterIssuePage,
    Suppression,
)

ID_NAMESPACE = uuid.UUID("0c4b5f0e-3f7a-4d0e-9a55-6a2f1d9b8e31")
LANGUAGES = ("fr", "es", "pt", "en")


def tr(fr: str, es: str, pt: str, en: str) -> dict[str, str]:
    """One text in the four languages of the demo."""
    return dict(zip(LANGUAGES, (fr, es, pt, en), strict=True))


# Each issue: a fixed key, how many days before the load it came out, its texts per language
# and its blocks: ("text", heading, rich text), ("item" | "event", toolbox item key, comment).
ISSUES = [
    {
        "key": "issue-1",
        "days_ago": 30,
        "title": tr(
            "Lettre n° 1 : bienvenue dans la boîte à outils",
            "Boletín n.º 1: bienvenidos a la caja de herramientas",
            "Newsletter n.º 1: bem-vindos à caixa de ferramentas",
            "Newsletter no. 1: welcome to the toolbox",
        ),
        "slug": tr(
            "lettre-cybersudoe-1",
            "boletin-cybersudoe-1",
            "newsletter-cybersudoe-1",
            "cybersudoe-newsletter-1",
        ),
        "subject": tr(
            "CyberSudoe n° 1 : la boîte à outils numérique des TPE est en ligne",
            "CyberSudoe n.º 1: la caja de herramientas digital de las pymes ya está en línea",
            "CyberSudoe n.º 1: a caixa de ferramentas digital das PME já está online",
            "CyberSudoe no. 1: the small businesses' digital toolbox is online",
        ),
        "preheader": tr(
            "Guides, vidéos, bonnes pratiques et un autodiagnostic en trois langues",
            "Guías, vídeos, buenas prácticas y un autodiagnóstico en tres idiomas",
            "Guias, vídeos, boas práticas e um autodiagnóstico em três línguas",
            "Guides, videos, best practices and a self-diagnostic in three languages",
        ),
        "intro": tr(
            "Les partenaires du réseau CyberSudoe ouvrent leur boîte à outils commune : "
            "des ressources pratiques pour les petites entreprises de France, d'Espagne et du "
            "Portugal.",
            "Los socios de la red CyberSudoe abren su caja de herramientas común: recursos "
            "prácticos para las pequeñas empresas de Francia, España y Portugal.",
            "Os parceiros da rede CyberSudoe abrem a sua caixa de ferramentas comum: recursos "
            "práticos para as pequenas empresas de França, Espanha e Portugal.",
            "The partners of the CyberSudoe network open their shared toolbox: practical "
            "resources for small businesses in France, Spain and Portugal.",
        ),
        "blocks": [
            (
                "text",
                tr("Édito", "Editorial", "Editorial", "Editorial"),
                tr(
                    "<p>Chaque mois, cette lettre vous signale les nouvelles ressources de la "
                    "boîte à outils et les prochains événements près de chez vous.</p>",
                    "<p>Cada mes, este boletín le presenta los nuevos recursos de la caja de "
                    "herramientas y los próximos eventos cerca de usted.</p>",
                    "<p>Todos os meses, esta newsletter apresenta-lhe os novos recursos da "
                    "caixa de ferramentas e os próximos eventos perto de si.</p>",
                    "<p>Every month, this newsletter points you to the toolbox's new resources "
                    "and to the next events near you.</p>",
                ),
            ),
            (
                "item",
                "security-self-diagnostic",
                tr(
                    "Vingt minutes pour savoir où en est la sécurité de votre entreprise.",
                    "Veinte minutos para saber cómo está la seguridad de su empresa.",
                    "Vinte minutos para saber como está a segurança da sua empresa.",
                    "Twenty minutes to find out where your business stands on security.",
                ),
            ),
            (
                "item",
                "business-watch-club",
                tr(
                    "Une bonne pratique à reprendre dans votre territoire.",
                    "Una buena práctica para reproducir en su territorio.",
                    "Uma boa prática a reproduzir no seu território.",
                    "A best practice to take up in your area.",
                ),
            ),
        ],
    },
    {
        "key": "issue-2",
        "days_ago": 0,
        "title": tr(
            "Lettre n° 2 : mots de passe et hameçonnage",
            "Boletín n.º 2: contraseñas y phishing",
            "Newsletter n.º 2: palavras-passe e phishing",
            "Newsletter no. 2: passwords and phishing",
        ),
        "slug": tr(
            "lettre-cybersudoe-2",
            "boletin-cybersudoe-2",
            "newsletter-cybersudoe-2",
            "cybersudoe-newsletter-2",
        ),
        "subject": tr(
            "CyberSudoe n° 2 : protégez vos comptes en une matinée",
            "CyberSudoe n.º 2: proteja sus cuentas en una mañana",
            "CyberSudoe n.º 2: proteja as suas contas numa manhã",
            "CyberSudoe no. 2: protect your accounts in a morning",
        ),
        "preheader": tr(
            "Un guide, une vidéo et une conférence à Clermont-Ferrand",
            "Una guía, un vídeo y una conferencia en Clermont-Ferrand",
            "Um guia, um vídeo e uma conferência em Clermont-Ferrand",
            "A guide, a video and a conference in Clermont-Ferrand",
        ),
        "intro": tr(
            "Huit attaques sur dix commencent par un mot de passe volé ou un courriel piégé. "
            "Ce mois-ci, les partenaires vous aident à fermer ces deux portes.",
            "Ocho de cada diez ataques empiezan con una contraseña robada o un correo trampa. "
            "Este mes, los socios le ayudan a cerrar esas dos puertas.",
            "Oito em cada dez ataques começam com uma palavra-passe roubada ou um e-mail "
            "armadilhado. Este mês, os parceiros ajudam-no a fechar essas duas portas.",
            "Eight attacks out of ten start with a stolen password or a booby-trapped e-mail. "
            "This month, the partners help you close both doors.",
        ),
        "blocks": [
            (
                "item",
                "passwords-guide",
                tr(
                    "Le guide à imprimer pour toute l'équipe.",
                    "La guía para imprimir para todo el equipo.",
                    "O guia para imprimir para toda a equipa.",
                    "The guide to print for the whole team.",
                ),
            ),
            (
                "item",
                "phishing-video",
                tr(
                    "Quatre signes qui trahissent un courriel piégé, en moins de deux minutes.",
                    "Cuatro señales que delatan un correo trampa, en menos de dos minutos.",
                    "Quatro sinais que denunciam um e-mail armadilhado, em menos de dois minutos.",
                    "Four signs that give a booby-trapped e-mail away, in under two minutes.",
                ),
            ),
            (
                "event",
                "event-cyber-clermont",
                tr(
                    "Inscription gratuite, places limitées.",
                    "Inscripción gratuita, plazas limitadas.",
                    "Inscrição gratuita, lugares limitados.",
                    "Free registration, limited places.",
                ),
            ),
            (
                "text",
                tr(
                    "Votre avis nous intéresse",
                    "Su opinión nos interesa",
                    "A sua opinião interessa-nos",
                    "Tell us what you think",
                ),
                tr(
                    "<p>Quel sujet aimeriez-vous voir traité dans la prochaine lettre ? "
                    "Répondez simplement à ce courriel.</p>",
                    "<p>¿Qué tema le gustaría ver en el próximo boletín? Basta con responder "
                    "a este correo.</p>",
                    "<p>Que tema gostaria de ver tratado na próxima newsletter? Basta "
                    "responder a este e-mail.</p>",
                    "<p>Which subject would you like the next newsletter to cover? Just reply "
                    "to this e-mail.</p>",
                ),
            ),
        ],
    },
]

# One contact per language and per country, each on a basis its country accepts
# (newsletter.conf.DEFAULT_CONSENT_RULES): France's B2B legitimate interest, prior consent with
# its date and proof elsewhere. ``partner`` None: a subscription made on the public form.
CONTACTS = [
    {
        "email": "marie.dupont@boulangerie-dupont.example.org",
        "first_name": "Marie",
        "last_name": "Dupont",
        "company": "Boulangerie Dupont",
        "country": Country.FRANCE,
        "region": "Auvergne-Rhône-Alpes",
        "sector": "commerce",
        "language": "fr",
        "themes": ["security", "business-management"],
        "partner": "cybermassif",
        "legal_basis": LegalBasis.LEGITIMATE_INTEREST,
        "consent_days_ago": None,
        "proof": "Fichier des entreprises accompagnées par Cybermassif (démo)",
    },
    {
        "email": "lucia.fernandez@talleres-fernandez.example.org",
        "first_name": "Lucía",
        "last_name": "Fernández",
        "company": "Talleres Fernández S.L.",
        "country": Country.SPAIN,
        "region": "Asturias",
        "sector": "industry",
        "language": "es",
        "themes": ["security", "industry"],
        "partner": "cci-gijon",
        "legal_basis": LegalBasis.CONSENT,
        "consent_days_ago": 120,
        "proof": "Formulario de inscripción a un taller de la Cámara de Gijón, casilla marcada "
        "(demo)",
    },
    {
        "email": "joao.almeida@conservas-almeida.example.org",
        "first_name": "João",
        "last_name": "Almeida",
        "company": "Conservas Almeida Lda.",
        "country": Country.PORTUGAL,
        "region": "Centro",
        "sector": "agri-food",
        "language": "pt",
        "themes": ["business-management", "agri-food"],
        "partner": "ciebi",
        "legal_basis": LegalBasis.CONSENT,
        "consent_days_ago": 90,
        "proof": "Ficha de inscrição num evento do CIEBI, consentimento assinado (demo)",
    },
    {
        "email": "jordi.puig@hotel-puig.example.org",
        "first_name": "Jordi",
        "last_name": "Puig",
        "company": "Hotel Puig",
        "country": Country.ANDORRA,
        "region": "Andorra la Vella",
        "sector": "tourism",
        "language": "en",
        "themes": ["mobility", "tourism"],
        "partner": None,
        "legal_basis": LegalBasis.CONSENT,
        "consent_days_ago": 45,
        "proof": "Public form, double opt-in confirmed (demo)",
    },
]


@transaction.atomic
def load(ctx) -> None:
    """The demo issues (published, translated) and the demo contacts."""
    for spec in ISSUES:
        load_issue(ctx, spec)
    for spec in CONTACTS:
        load_contact(ctx, spec)


# --- Issues -------------------------------------------------------------------------------


def issue_translation_key(spec: dict) -> uuid.UUID:
    return uuid.uuid5(ID_NAMESPACE, spec["key"])


def block_id(*parts) -> str:
    """A stable block id, the same in every language, so translations line up."""
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(str(p) for p in parts)))


def issue_body(spec: dict, code: str, page_ids: dict[str, int]) -> list[dict]:
    """The issue's StreamField in ``code`` (raw data), items by their source-locale page."""
    raw = []
    for i, block in enumerate(spec["blocks"]):
        if block[0] == "text":
            _kind, heading, text = block
            value = {"heading": heading[code], "text": text[code]}
        else:
            _kind, key, comment = block
            if key not in page_ids:
                raise RuntimeError(
                    f"The newsletter demo needs the toolbox demo item {key!r}: "
                    "load the toolbox demo first."
                )
            value = {"page": page_ids[key], "comment": comment[code]}
        raw.append({"type": block[0], "id": block_id(spec["key"], i), "value": value})
    return raw


def issue_fields(spec: dict, code: str, page_ids: dict[str, int]) -> dict:
    return {
        "title": spec["title"][code],
        "slug": spec["slug"][code],
        "subject": spec["subject"][code],
        "preheader": spec["preheader"][code],
        "intro": spec["intro"][code],
        "body": issue_body(spec, code, page_ids),
    }


def load_issue(ctx, spec: dict) -> NewsletterIssuePage:
    source_code = ctx.source_locale.language_code
    keys = {key for kind, key, *_rest in spec["blocks"] if kind != "text"}
    page_ids = dict(
        ToolboxItemPage.objects.filter(locale=ctx.source_locale, key__in=keys).values_list(
            "key", "pk"
        )
    )
    translation_key = issue_translation_key(spec)
    issue = NewsletterIssuePage.objects.filter(
        translation_key=translation_key, locale=ctx.source_locale
    ).first()
    if issue is None:
        issue = NewsletterIssuePage(
            locale=ctx.source_locale,
            translation_key=translation_key,
            **issue_fields(spec, source_code, page_ids),
        )
        ctx.home.add_child(instance=issue)
        issue.save_revision(user=ctx.user).publish()
        ctx.count("newsletter issues")
    translate_missing(
        ctx, issue, {code: issue_fields(spec, code, page_ids) for code in ctx.locales}
    )
    if spec["days_ago"]:
        # An earlier issue: every translation came out that day (the archive's date).
        came_out = timezone.now() - dt.timedelta(days=spec["days_ago"])
        NewsletterIssuePage.objects.filter(
            translation_key=translation_key, first_published_at__gt=came_out
        ).update(first_published_at=came_out, last_published_at=came_out)
    return issue


# --- Contacts -----------------------------------------------------------------------------


def load_contact(ctx, spec: dict) -> Contact | None:
    email = spec["email"]
    if Suppression.objects.filter(email=email).exists():
        return None  # it unsubscribed or was erased: not brought back
    contact = Contact.objects.filter(email=email).first()
    if contact is not None:
        return contact
    now = timezone.now()
    consent_at = (
        now - dt.timedelta(days=spec["consent_days_ago"])
        if spec["consent_days_ago"] is not None
        else None
    )
    company, _created = Company.objects.get_or_create(
        name=spec["company"],
        country=spec["country"],
        defaults={"region": spec["region"], "sector": spec["sector"]},
    )
    partner = (
        Partner.objects.filter(key=spec["partner"], locale=ctx.source_locale).first()
        if spec["partner"]
        else None
    )
    contact = Contact.objects.create(
        email=email,
        company=company,
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        language=spec["language"],
        country=spec["country"],
        region=spec["region"],
        sector=spec["sector"],
        themes=spec["themes"],
        status=Contact.Status.ACTIVE,
        legal_basis=spec["legal_basis"],
        consent_at=consent_at,
        consent_source=spec["proof"],
        confirmed_at=consent_at if partner is None else None,
    )
    ContactSource.objects.create(
        contact=contact,
        partner=partner,
        legal_basis=spec["legal_basis"],
        consent_at=consent_at,
        consent_source=spec["proof"],
    )
    ctx.count("newsletter contacts")
    return contact
