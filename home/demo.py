"""Demo content for the site itself: locales, the home page in four languages, an admin."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage
from .services import translation_create_or_update

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "cybersudoe-demo")

HOME = {
    "fr": {
        "title": "CyberSudoe",
        "slug": "accueil",
        "tagline": "La boîte à outils numérique partagée des TPE et PME du Sud-Ouest européen",
        "intro": "<p>Guides, vidéos, fiches de bonnes pratiques, événements et autodiagnostics pour accompagner la transformation numérique des petites entreprises.</p>",
    },
    "es": {
        "title": "CyberSudoe",
        "slug": "inicio",
        "tagline": "La caja de herramientas digital compartida de las micro y pequeñas empresas del Sudoeste europeo",
        "intro": "<p>Guías, vídeos, fichas de buenas prácticas, eventos y autodiagnósticos para acompañar la transformación digital de las pequeñas empresas.</p>",
    },
    "pt": {
        "title": "CyberSudoe",
        "slug": "pagina-inicial",
        "tagline": "A caixa de ferramentas digital partilhada das micro e pequenas empresas do Sudoeste europeu",
        "intro": "<p>Guias, vídeos, fichas de boas práticas, eventos e autodiagnósticos para acompanhar a transformação digital das pequenas empresas.</p>",
    },
    "en": {
        "title": "CyberSudoe",
        "slug": "home",
        "tagline": "The shared digital toolbox for small businesses in south-western Europe",
        "intro": "<p>Guides, videos, best-practice sheets, events and self-diagnostics to support the digital transformation of small businesses.</p>",
    },
}


@dataclass
class DemoContext:
    """What every demo loader receives and may extend."""

    user: object
    locales: dict[str, Locale]
    source_locale: Locale
    home: HomePage | None = None
    log: object = print
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n

    @property
    def target_locales(self) -> list[Locale]:
        return [loc for code, loc in self.locales.items() if loc != self.source_locale]


def ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def ensure_admin():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={"email": "admin@cybersudoe.localhost", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save()
    return user, created


def translate_missing(ctx: DemoContext, source, texts: dict[str, dict]) -> None:
    """Create the translations of ``source`` that do not exist yet, from ``texts[locale]``."""
    existing = set(source.get_translations().values_list("locale__language_code", flat=True))
    for locale in ctx.target_locales:
        code = locale.language_code
        if code in existing or code not in texts:
            continue
        translation_create_or_update(
            source=source, locale=locale, fields=texts[code], user=ctx.user, tool_name="load_demo"
        )
        ctx.count(f"{type(source).__name__} translations")


@transaction.atomic
def load(ctx: DemoContext) -> None:
    """Home page in the source locale, made the site root, then translated."""
    root = Page.get_first_root_node()
    source_code = ctx.source_locale.language_code
    home = HomePage.objects.filter(locale=ctx.source_locale).first()
    if home is None:
        fields = HOME.get(source_code, HOME["fr"])
        home = HomePage(locale=ctx.source_locale, **fields)
        root.add_child(instance=home)
        home.save_revision(user=ctx.user).publish()
        ctx.count("home pages")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, site_name="CyberSudoe")
    if site.root_page_id != home.pk:
        previous = site.root_page_id
        site.root_page = home
        site.site_name = "CyberSudoe"
        site.save()
        # Wagtail's placeholder "Welcome" page is replaced by our home page.
        stale = Page.objects.filter(pk=previous, depth=2).exclude(pk=home.pk).first()
        if stale is not None and stale.specific_class is Page:
            stale.delete()
    translate_missing(ctx, home, HOME)
    ctx.home = home
