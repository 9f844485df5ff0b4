"""A small catalogue for the delivery API tests, and helpers to read the API like a partner.

Built with the toolbox's own factories: the fr site with its es/pt/en translations, two themes,
a partner, an audience, and items of every type, some translated, plus content that must never
appear anywhere (a draft, a private guide, an unpublished translation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from wagtail.models import PageViewRestriction

from home.services import translation_create_or_update
from toolbox.models import GuidePage
from toolbox.tests import factories as f

SECRET = "Confidentiel"  # appears only in content nobody outside may see


@dataclass
class Catalogue:
    locales: dict
    security: object
    tourism: object
    partner: object
    audience: object
    section: object
    guide: object
    guide_es: object
    guide_pt: object
    video: object
    best_practice: object
    event: object
    event_es: object
    past_event: object
    diagnostic: object
    draft: object
    private: object
    unpublished_es: object
    extra: dict = field(default_factory=dict)


def build_catalogue() -> Catalogue:
    cache.clear()
    locs = f.locales()
    for code in ("es", "pt", "en"):
        f.home(code)
    security = f.theme()
    tourism = f.theme(key="tourism", kind="sectoral", title="Tourisme")
    for code, title in (("es", "Seguridad"), ("pt", "Segurança"), ("en", "Security")):
        translation_create_or_update(
            source=security, locale=locs[code], fields={"title": title, "slug": f"sec-{code}"}
        )
    translation_create_or_update(
        source=tourism, locale=locs["es"], fields={"title": "Turismo", "slug": "turismo"}
    )
    partner = f.partner()
    partner_es = partner.copy_for_translation(locs["es"])
    partner_es.description = "<p>Socio</p>"
    partner_es.save()
    audience = f.audience()
    section = f.section(partner)

    guide = f.guide(section, security, title="Guide des sauvegardes", level="intermediate")
    guide.tags.add("ransomware", "backup")
    guide.audiences.add(audience)
    guide.sectors.add(tourism)
    f.publish(guide)
    guide_es = translation_create_or_update(
        source=guide,
        locale=locs["es"],
        fields={"title": "Guía de copias", "summary": "Copias de seguridad de la empresa."},
    )
    guide_pt = translation_create_or_update(
        source=guide, locale=locs["pt"], fields={"title": "Guia de cópias"}
    )
    video = f.video(section, security, title="Rançongiciels en 3 minutes")
    best_practice = f.best_practice(
        section, tourism, title="Ateliers du tourisme", is_golden_rule=True, golden_rule="Former"
    )
    event = f.event(section, security, title="Conférence cybersécurité", days=30)
    event_es = translation_create_or_update(
        source=event, locale=locs["es"], fields={"title": "Conferencia ciberseguridad"}
    )
    past_event = f.event(section, security, title="Atelier passé", days=-30)
    diagnostic = f.diagnostic(
        section,
        security,
        questionnaire=f.questionnaire_data(recommended=[guide.pk]),
    )

    # A draft: created unpublished (Page.live defaults to True, so say it), saved as a revision.
    draft = GuidePage(title=f"{SECRET} brouillon", theme=security, summary=SECRET, live=False)
    section.add_child(instance=draft)
    draft.save_revision()
    private = f.guide(section, security, title=f"{SECRET} réservé aux partenaires")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    unpublished_es = translation_create_or_update(
        source=video,
        locale=locs["es"],
        fields={"title": f"{SECRET} traducción"},
        publish=False,
    )
    assert not GuidePage.objects.get(pk=draft.pk).live
    cache.clear()
    return Catalogue(
        locales=locs,
        security=security,
        tourism=tourism,
        partner=partner,
        audience=audience,
        section=section,
        guide=guide,
        guide_es=guide_es,
        guide_pt=guide_pt,
        video=video,
        best_practice=best_practice,
        event=event,
        event_es=event_es,
        past_event=past_event,
        diagnostic=diagnostic,
        draft=draft,
        private=private,
        unpublished_es=unpublished_es,
        extra={"partner_es": partner_es},
    )


def results(response) -> list[dict]:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response.json()["results"]


def titles(response) -> list[str]:
    return [item["title"] for item in results(response)]


def problem(response, status: int = 400) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert body["status"] == status
    return body
