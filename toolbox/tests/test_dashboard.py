"""Admin dashboard panels for editors: pending reviews, stale translations and upcoming events,
in the editor's language, each showing only what the editor may act on."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from home.services import translation_create_or_update
from toolbox import services

from . import factories

HEADINGS = {
    "fr": ("Mes relectures en attente", "Traductions obsolètes", "Prochains événements"),
    "es": ("Mis revisiones pendientes", "Traducciones desactualizadas", "Próximos eventos"),
    "pt": ("As minhas revisões pendentes", "Traduções desatualizadas", "Próximos eventos"),
}


def speaking(user, language: str):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def newsroom(tree):
    """Two partners with an editor each and a coordinator; per partner a stale translated guide,
    an upcoming event and a past one; a Cybermassif draft submitted for review."""
    User = get_user_model()
    services.toolbox_access_ensure()
    leitat = factories.partner(key="leitat", name="LEITAT", country="ES")
    sections = {"cyber": tree["section"], "leitat": factories.section(leitat)}
    coordinator = User.objects.create_user("coord", password="pw")
    coordinator.groups.add(Group.objects.get(name=services.COORDINATORS_GROUP))
    editors = {}
    for key, partner in (("cyber", tree["partner"]), ("leitat", leitat)):
        partner.refresh_from_db()
        editors[key] = User.objects.create_user(f"{key}-editor", password="pw")
        editors[key].groups.add(partner.editor_group)
    es = factories.locales()["es"]
    for key, section in sections.items():
        guide = factories.guide(section, tree["security"], title=f"Guide {key}", key=f"g-{key}")
        translation_create_or_update(source=guide, locale=es, fields={"title": f"Guía {key}"})
        guide.summary = "Nouveau résumé."
        factories.publish(guide)
        factories.event(section, tree["security"], title=f"Atelier {key}", days=10)
        factories.event(section, tree["security"], title=f"Passé {key}", days=-10)
    draft = factories.guide(sections["cyber"], tree["security"], title="À relire", live=False)
    draft.get_workflow().start(draft, editors["cyber"])
    return {"coordinator": coordinator, **editors}


def panel(html: str, panel_id: str) -> str:
    start = html.index(f'id="{panel_id}-section"')
    return html[start : html.index("</section>", start)]


def test_each_editor_sees_what_he_may_act_on_in_his_language(client, newsroom):
    seen = {}
    for who, language in (("coordinator", "es"), ("cyber", "pt"), ("leitat", "fr")):
        client.force_login(speaking(newsroom[who], language))
        response = client.get("/admin/")
        assert response.status_code == 200
        html = response.content.decode()
        for heading in HEADINGS[language]:
            assert heading in html, (who, heading)
        assert "Awaiting your review" not in html  # Wagtail's own panel gave way to ours
        seen[who] = {
            name: panel(html, f"toolbox-{name}")
            for name in ("pending-reviews", "stale-translations", "upcoming-events")
        }

    coordinator = seen["coordinator"]
    assert "À relire" in coordinator["pending-reviews"]  # coordinators review every partner
    assert "cyber-editor" in coordinator["pending-reviews"]  # who submitted it
    assert "Guide cyber" in coordinator["stale-translations"]
    assert "Guide leitat" in coordinator["stale-translations"]
    assert "Atelier cyber" in coordinator["upcoming-events"]
    assert "Atelier leitat" in coordinator["upcoming-events"]
    assert "Passé" not in coordinator["upcoming-events"]

    cyber = seen["cyber"]
    assert "Nada aguarda a sua revisão." in cyber["pending-reviews"]  # editors only submit
    assert "Guide cyber" in cyber["stale-translations"]
    assert "Guide leitat" not in cyber["stale-translations"]
    assert "Atelier cyber" in cyber["upcoming-events"]
    assert "Atelier leitat" not in cyber["upcoming-events"]

    leitat = seen["leitat"]
    assert "Guide leitat" in leitat["stale-translations"]
    assert "Español" in leitat["stale-translations"]  # the stale translation's language
    assert "/admin/reports/translation-status/" in leitat["stale-translations"]
    assert "Guide cyber" not in leitat["stale-translations"]
    assert "Atelier leitat" in leitat["upcoming-events"]
    assert "Atelier cyber" not in leitat["upcoming-events"]
