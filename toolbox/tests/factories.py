"""Small builders for toolbox tests: a site in four locales, themes, partners and items."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from home.services import translation_create_or_update
from toolbox.models import (
    Audience,
    BestPracticePage,
    DiagnosticToolPage,
    EventPage,
    GuidePage,
    Partner,
    PartnerSectionPage,
    ThemePage,
    VideoPage,
)


def locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def home(locale_code: str = "fr") -> HomePage:
    existing = HomePage.objects.filter(locale__language_code=locale_code).first()
    if existing:
        return existing
    locs = locales()
    fr_home = HomePage.objects.filter(locale=locs["fr"]).first()
    if fr_home is None:
        root = Page.get_first_root_node()
        fr_home = HomePage(title="CyberSudoe", slug="accueil", locale=locs["fr"])
        root.add_child(instance=fr_home)
        publish(fr_home)
        site = Site.objects.get(is_default_site=True)
        site.root_page = fr_home
        site.save()
    if locale_code == "fr":
        return fr_home
    return translation_create_or_update(
        source=fr_home, locale=locs[locale_code], fields={"slug": f"home-{locale_code}"}
    )


def theme(key="security", kind=ThemePage.Kind.GENERAL, title="Sécurité", parent=None) -> ThemePage:
    parent = parent or home()
    page = ThemePage(key=key, kind=kind, title=title, slug=key, summary=title)
    parent.add_child(instance=page)
    return publish(page)


def partner(key="cybermassif", name="Cybermassif", country="FR", locale_code="fr") -> Partner:
    return Partner.objects.create(
        key=key, name=name, country=country, locale=locales()[locale_code]
    )


def audience(key="micro", name="Micro-entreprises", locale_code="fr") -> Audience:
    return Audience.objects.create(key=key, name=name, locale=locales()[locale_code])


def section(partner_obj=None, parent=None, slug=None) -> PartnerSectionPage:
    parent = parent or home()
    title = partner_obj.name if partner_obj else "Réseau"
    page = PartnerSectionPage(
        title=title,
        slug=slug or (partner_obj.key if partner_obj else "reseau"),
        partner=partner_obj,
    )
    parent.add_child(instance=page)
    return publish(page)


def paragraph(text: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>")]


def guide(parent, theme_page, title="Guide des sauvegardes", live=True, **fields) -> GuidePage:
    fields.setdefault("summary", "Sauvegarder les données de l'entreprise.")
    fields.setdefault("body", paragraph("Une sauvegarde régulière protège l'entreprise."))
    page = GuidePage(title=title, theme=theme_page, live=live, **fields)
    parent.add_child(instance=page)
    if not live:
        page.save_revision()
        return page
    return publish(page)


def video(parent, theme_page, title="Rançongiciels", **fields) -> VideoPage:
    fields.setdefault("summary", "Se protéger des rançongiciels.")
    fields.setdefault("video_url", "https://peertube.example/w/ransomware")
    page = VideoPage(title=title, theme=theme_page, **fields)
    parent.add_child(instance=page)
    return publish(page)


def best_practice(parent, theme_page, title="Ateliers cybersécurité", **fields) -> BestPracticePage:
    defaults = {
        "summary": "Des ateliers pratiques pour les artisans.",
        "action_name": "Cyber-ateliers",
        "leading_organisation": "Cybermassif",
        "country": "FR",
        "year": 2024,
        "target": "Artisans",
        "rating": 4,
    }
    page = BestPracticePage(title=title, theme=theme_page, **{**defaults, **fields})
    parent.add_child(instance=page)
    return publish(page)


def event(parent, theme_page, title="Conférence cybersécurité", days=30, **fields) -> EventPage:
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    defaults = {
        "summary": "Une conférence pour les TPE.",
        "start": start,
        "end": start + dt.timedelta(hours=2),
        "city": "Clermont-Ferrand",
        "country": "FR",
    }
    page = EventPage(title=title, theme=theme_page, **{**defaults, **fields})
    parent.add_child(instance=page)
    return publish(page)


def questionnaire_data(weights=((0, 1, 2), (0, 2)), bands=(0, 50, 80), recommended=None):
    """A one-section questionnaire as StreamField raw data, with fixed ids for tests."""
    questions = []
    for qi, answer_weights in enumerate(weights):
        questions.append(
            {
                "type": "item",
                "id": f"q{qi}",
                "value": {
                    "text": f"Question {qi}",
                    "help": "",
                    "answers": [
                        {
                            "type": "item",
                            "id": f"q{qi}a{ai}",
                            "value": {"text": f"Réponse {ai}", "weight": w},
                        }
                        for ai, w in enumerate(answer_weights)
                    ],
                },
            }
        )
    return [
        {
            "type": "section",
            "id": "s0",
            "value": {
                "title": "Sauvegardes",
                "intro": "",
                "questions": questions,
                "bands": [
                    {
                        "type": "item",
                        "id": f"b{bi}",
                        "value": {
                            "min_percent": start,
                            "label": f"Niveau {bi}",
                            "advice": f"<p>Conseil {bi}</p>",
                            "recommended": list(recommended or []),
                        },
                    }
                    for bi, start in enumerate(bands)
                ],
            },
        }
    ]


def diagnostic(parent, theme_page, title="Autodiagnostic sécurité", **fields) -> DiagnosticToolPage:
    fields.setdefault("summary", "Évaluez votre sécurité en cinq minutes.")
    fields.setdefault("questionnaire", questionnaire_data())
    page = DiagnosticToolPage(title=title, theme=theme_page, **fields)
    parent.add_child(instance=page)
    return publish(page)
