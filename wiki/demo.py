"""Demo content for the partner wiki: people of three partners, two working groups, pages in
French and Spanish with several revisions (one merged), a translation, comments and watches.

Runs after ``toolbox.demo.load`` (it links people to the toolbox's partners). Idempotent:
everything is looked up by a stable key first.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from home.demo import DEMO_ADMIN_PASSWORD
from toolbox.models import Partner

from . import services
from .models import Role, Visibility, Watch, WikiComment, WikiPage, WorkingGroup

PEOPLE = [
    # username, first name, last name, partner key, language, role in the security group
    ("claire.martin", "Claire", "Martin", "cybermassif", "fr", Role.COORDINATOR),
    ("ana.garcia", "Ana", "García", "ceei-burgos", "es", Role.MEMBER),
    ("joao.silva", "João", "Silva", "ciebi", "pt", Role.MEMBER),
    ("marc.dubois", "Marc", "Dubois", "cci-bordeaux", "fr", Role.OBSERVER),
]

GROUPS = [
    {
        "slug": "cybersecurite-tpe",
        "name": "Cybersécurité des TPE",
        "theme_key": "security",
        "visibility": Visibility.GROUP,
        "description": "Guide commun de cybersécurité pour les très petites entreprises.",
    },
    {
        "slug": "gestion-numerique",
        "name": "Gestion numérique",
        "theme_key": "business-management",
        "visibility": Visibility.PARTNERS,
        "description": "Fiches de bonnes pratiques sur la facturation et la comptabilité en ligne.",
    },
]

GUIDE_V1 = """# Sauvegarder ses données

Une entreprise qui perd ses données perd souvent ses clients.

## La règle 3-2-1

Trois copies, sur deux supports différents, dont une hors site.

## Tester la restauration

Une sauvegarde qui n'a jamais été restaurée n'est pas une sauvegarde.
"""

GUIDE_EDITS = [
    (
        "ana.garcia",
        "Précise la règle 3-2-1",
        lambda t: t.replace(
            "dont une hors site.",
            "dont une hors site et déconnectée (protection contre les rançongiciels).",
        ),
    ),
    (
        "joao.silva",
        "Ajoute la fréquence des tests",
        lambda t: t.replace(
            "n'est pas une sauvegarde.",
            "n'est pas une sauvegarde. Testez au moins une fois par trimestre.",
        ),
    ),
]

GUIDE_ES = """# Copias de seguridad

Una empresa que pierde sus datos suele perder a sus clientes.

## La regla 3-2-1

Tres copias, en dos soportes distintos, una de ellas fuera de la empresa.

## Probar la restauración

Una copia que nunca se ha restaurado no es una copia.
"""

CHECKLIST_ES = """# Lista de comprobación para autónomos

- Contraseñas distintas para cada servicio
- Doble factor en el correo y el banco
- Copias de seguridad automáticas

Ver también [[Copias de seguridad]] y [[Phishing: ejemplos reales]].
"""

INVOICING_FR = """# Facturation électronique : calendrier

La facturation électronique devient obligatoire par étapes à partir de 2026.

## Ce que les TPE doivent préparer

- Choisir une plateforme agréée
- Vérifier les mentions obligatoires
"""


def _people(ctx) -> dict:
    User = get_user_model()
    people = {}
    for username, first, last, partner_key, language, _role in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@cybersudoe.localhost",
            },
        )
        if created:
            user.set_password(DEMO_ADMIN_PASSWORD)
            user.save()
            ctx.count("wiki people")
        partner = Partner.objects.filter(key=partner_key).order_by("id").first()
        profile = getattr(user, "wiki_profile", None)
        if profile is None or (partner and profile.partner_id is None):
            services.profile_update(user=user, partner=partner, language=language)
        people[username] = user
    return people


@transaction.atomic
def load(ctx) -> None:
    """Working groups, members, pages (fr/es) with revisions, a translation, comments."""
    people = _people(ctx)
    groups = {}
    for spec in GROUPS:
        group, created = WorkingGroup.objects.get_or_create(slug=spec["slug"], defaults=spec)
        if created:
            ctx.count("working groups")
        groups[spec["slug"]] = group
        for username, *_rest, role in PEOPLE:
            if not group.memberships.filter(user=people[username]).exists():
                services.membership_set(group=group, user=people[username], role=role)
        # The README's admin login is the editorial lead: it sees and coordinates every group
        # (superusers get nothing extra in the wiki, see wiki/permissions.py).
        if ctx.user is not None and not group.memberships.filter(user=ctx.user).exists():
            services.membership_set(group=group, user=ctx.user, role=Role.COORDINATOR)

    security = groups["cybersecurite-tpe"]
    guide = WikiPage.objects.filter(
        group=security, language="fr", title="Sauvegarder ses données"
    ).first()
    if guide is None:
        guide = services.page_create(
            group=security,
            title="Sauvegarder ses données",
            language="fr",
            content=GUIDE_V1,
            summary="Premier jet",
            author=people["claire.martin"],
        )
        base = guide.current_revision_id
        # Two partners edit the same revision at once: the second save is merged.
        for username, summary, change in GUIDE_EDITS:
            services.page_save(
                page=guide,
                base_revision_id=base,
                content=change(GUIDE_V1),
                summary=summary,
                author=people[username],
            )
        guide.refresh_from_db()
        ctx.count("wiki pages")
        spanish = services.page_create(
            group=security,
            title="Copias de seguridad",
            language="es",
            content=GUIDE_ES,
            author=people["ana.garcia"],
            translation_of=guide,
        )
        # The French source changes again: the Spanish translation shows as outdated.
        services.page_save(
            page=guide,
            base_revision_id=guide.current_revision_id,
            content=guide.content
            + "\n## Chiffrer les sauvegardes\n\nUne copie volée ne doit pas être lisible.\n",
            summary="Ajoute le chiffrement",
            author=people["claire.martin"],
        )
        services.page_create(
            group=security,
            title="Lista de comprobación para autónomos",
            language="es",
            content=CHECKLIST_ES,
            parent=spanish,
            author=people["joao.silva"],
        )
        ctx.count("wiki pages", 2)
        first = services.comment_create(
            page=guide,
            author=people["joao.silva"],
            body="@ana.garcia peux-tu relire la partie sur la règle 3-2-1 ?",
        )
        services.comment_create(
            page=guide,
            author=people["ana.garcia"],
            body="C'est fait, j'ai précisé le hors-ligne.",
            parent=first,
        )
        services.comment_create(
            page=guide,
            author=people["marc.dubois"],
            body="Très clair. Prêt pour la relecture éditoriale ?",
        )
        ctx.count("wiki comments", 3)
        Watch.objects.get_or_create(user=people["ana.garcia"], group=security)

    management = groups["gestion-numerique"]
    if not WikiPage.objects.filter(group=management).exists():
        services.page_create(
            group=management,
            title="Facturation électronique : calendrier",
            language="fr",
            content=INVOICING_FR,
            author=people["claire.martin"],
        )
        ctx.count("wiki pages")
    assert WikiComment.objects.filter(page__group=security).exists()
