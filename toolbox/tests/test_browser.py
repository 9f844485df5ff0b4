"""End to end in a real headless Chromium: an editor writes a guide in French, has it translated
into Spanish and publishes it; a visitor reads it at its Spanish URL and answers a diagnostic
questionnaire.

The browser is the shared ``chromium`` fixture (Debian's Chromium, see the root conftest.py).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections

from home.services import translation_create_or_update
from toolbox import services
from toolbox.models import DiagnosticResponse, GuidePage
from toolbox.tests import factories

pytestmark = pytest.mark.browser

PASSWORD = "e2e-secret-pw"
TIMEOUT_MS = 20_000

GUIDE_FR = {
    "title": "Sécuriser le Wi-Fi de l'entreprise",
    "summary": "Mot de passe robuste, réseau invité et mises à jour de la box.",
    "paragraph": "Un réseau invité sépare les visiteurs des ordinateurs de l'entreprise.",
}
# What the translator types for each French segment, in the translation editor.
GUIDE_ES = {
    GUIDE_FR["title"]: "Proteger la wifi de la empresa",
    GUIDE_FR["summary"]: "Contraseña robusta, red de invitados y actualizaciones del router.",
    GUIDE_FR[
        "paragraph"
    ]: "Una red de invitados separa a los visitantes de los ordenadores de la empresa.",
}
ES_SLUG = "proteger-la-wifi-de-la-empresa"

QUESTIONNAIRE_ES = {
    "Sauvegardes": "Copias de seguridad",
    "Question 0": "¿Con qué frecuencia hace copias de seguridad?",
    "Question 1": "¿Guarda una copia fuera de la oficina?",
    "Réponse 0": "Nunca",
    "Réponse 1": "A veces",
    "Réponse 2": "Siempre",
    "Niveau 0": "En riesgo",
    "Niveau 1": "En progreso",
    "Niveau 2": "Sólido",
    "<p>Conseil 0</p>": "<p>Empiece hoy con una copia automática.</p>",
    "<p>Conseil 1</p>": "<p>Guarde una copia sin conexión.</p>",
    "<p>Conseil 2</p>": "<p>Comparta su método con sus socios.</p>",
}


def spanish_questionnaire(data: list[dict]) -> list[dict]:
    """The French test questionnaire with the same ids and Spanish texts."""

    def translate(value):
        if isinstance(value, dict):
            return {k: translate(v) for k, v in value.items()}
        if isinstance(value, list):
            return [translate(v) for v in value]
        if isinstance(value, str):
            return QUESTIONNAIRE_ES.get(value, value)
        return value

    return translate(copy.deepcopy(data))


@pytest.fixture
def site(transactional_db):
    """fr and es home pages, the security theme, Cybermassif and its section in both
    languages, a published questionnaire in both, and a coordinator account."""
    locales = factories.locales()
    home = factories.home("fr")
    factories.home("es")
    security = factories.theme(title="Sécurité des systèmes d'information")
    translation_create_or_update(
        source=security,
        locale=locales["es"],
        fields={"title": "Seguridad de los sistemas de información", "slug": "seguridad"},
    )
    partner = factories.partner()
    partner.copy_for_translation(locales["es"]).save()
    section = factories.section(partner)
    translation_create_or_update(source=section, locale=locales["es"], fields={})
    guide = factories.guide(section, security, title="Guide des sauvegardes")
    questionnaire = factories.questionnaire_data(recommended=[guide.pk])
    diagnostic = factories.diagnostic(section, security, questionnaire=questionnaire)
    es_diagnostic = translation_create_or_update(
        source=diagnostic,
        locale=locales["es"],
        fields={
            "title": "Autodiagnóstico de seguridad",
            "slug": "autodiagnostico-seguridad",
            "summary": "Evalúe su seguridad en cinco minutos.",
            "questionnaire": spanish_questionnaire(questionnaire),
        },
    )
    services.toolbox_access_ensure()
    editor = get_user_model().objects.create_user(
        "editrice", email="editrice@example.org", password=PASSWORD, is_staff=True
    )
    editor.groups.add(Group.objects.get(name=services.COORDINATORS_GROUP))
    return {"home": home, "section": section, "es_diagnostic": es_diagnostic, "editor": editor}


@pytest.fixture
def browser_page(chromium):
    """A page in a fresh headless Chromium profile, in English, 1280 px wide."""
    context = chromium(
        locale="en-GB", viewport={"width": 1280, "height": 1000}, default_timeout_ms=TIMEOUT_MS
    )
    return context.new_page()


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def create_french_guide(page, base_url: str, section_id: int) -> None:
    page.goto(f"{base_url}/admin/pages/add/toolbox/guidepage/{section_id}/")
    page.locator("#id_title").fill(GUIDE_FR["title"])
    page.locator("#id_summary").fill(GUIDE_FR["summary"])
    page.locator("#id_theme").select_option(label="Sécurité des systèmes d'information")
    body = page.locator("[data-contentpath='body']")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Text").click()
    editor = body.locator(".DraftEditor-root [contenteditable='true']").first
    editor.wait_for()
    for _attempt in range(3):  # Draftail may still be mounting when it first shows up
        editor.click()
        editor.press_sequentially(GUIDE_FR["paragraph"])
        if GUIDE_FR["paragraph"] in editor.inner_text():
            break
        editor.press("Control+A")
        editor.press("Delete")
    assert GUIDE_FR["paragraph"] in editor.inner_text()
    # Draftail writes its content to a hidden input after a short delay; leave the editor and
    # wait for it before submitting.
    page.locator("#id_summary").click()
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-contentpath='body'] input[type=hidden]")]
            .some((input) => input.value.includes("visiteurs des ordinateurs"))"""
    )
    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish").click()
    page.locator(".messages").filter(has_text="created and published").wait_for()


def translate_segments(page, translations: dict[str, str]) -> None:
    """Fill every untranslated segment of the visible tab in wagtail-localize's editor."""
    pending = page.locator("li.incomplete").filter(
        has=page.get_by_role("button", name="Translate", exact=True)
    )
    while pending.count():
        source = pending.first.locator("p").first.inner_text().strip()
        assert source in translations, f"no translation for segment {source!r}"
        # Pin the segment by its text: once opened it no longer has a "Translate" button.
        segment = page.locator("li.incomplete").filter(has=page.locator("p", has_text=source))
        segment.get_by_role("button", name="Translate", exact=True).click()
        segment.locator("textarea").fill(translations[source])
        segment.get_by_role("button", name="Save", exact=True).click()
        page.locator("li.incomplete p", has_text=source).wait_for(state="detached")


def test_editor_translates_a_guide_and_a_visitor_reads_it_then_takes_a_diagnostic(
    site, live_server, browser_page
):
    try:
        scenario(site, live_server.url, browser_page)
    except BaseException:
        # Keep what the browser showed when a step failed.
        target = Path(__file__).resolve().parents[2] / ".run" / "e2e-toolbox-failure.png"
        target.parent.mkdir(exist_ok=True)
        browser_page.screenshot(path=str(target), full_page=True)
        raise
    finally:
        # Queries made while Playwright's loop runs may open their own connection; close them
        # so that the test database can be dropped at the end of the run.
        connections.close_all()


def scenario(site, base: str, page) -> None:

    # 1. An editor logs into the admin and publishes a guide in French.
    log_in(page, base, site["editor"].username)
    create_french_guide(page, base, site["section"].pk)
    guide = GuidePage.objects.get(title=GUIDE_FR["title"])
    assert guide.live and guide.locale.language_code == "fr"
    assert guide.key == "securiser-le-wi-fi-de-lentreprise"

    # 2. ... submits it for translation into Spanish ...
    page.goto(f"{base}/admin/pages/{guide.pk}/edit/")
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("link", name="Translate this page").click()
    page.get_by_label("Español").check()
    page.get_by_role("button", name="Submit").click()
    page.locator(".messages").filter(has_text="submitted for translation").wait_for()

    # 3. ... translates every segment in the translation editor and publishes in Spanish.
    translate_segments(page, GUIDE_ES)
    page.get_by_role("tab", name="Promote").click()
    translate_segments(page, {guide.slug: ES_SLUG})
    page.locator("footer").get_by_role("button", name=re.compile("Publish in Español")).click()
    page.locator(".messages").filter(has_text=re.compile("published", re.I)).wait_for()

    es_guide = GuidePage.objects.get(
        translation_key=guide.translation_key, locale__language_code="es"
    )
    assert es_guide.live
    assert es_guide.key == guide.key
    es_url = es_guide.get_url()
    assert es_url == f"/es/{site['section'].slug}/{ES_SLUG}/"

    # 4. A visitor reads it at its Spanish URL.
    page.context.clear_cookies()
    page.goto(f"{base}{es_url}")
    assert page.locator("html").get_attribute("lang") == "es"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == GUIDE_ES[GUIDE_FR["title"]]
    main = page.get_by_role("main")
    assert GUIDE_ES[GUIDE_FR["paragraph"]] in main.inner_text()
    assert GUIDE_FR["paragraph"] not in main.inner_text()
    assert "Seguridad de los sistemas de información" in main.inner_text()  # its theme, in Spanish

    # 5. ... then answers the diagnostic questionnaire in Spanish.
    page.goto(f"{base}{site['es_diagnostic'].get_url()}")
    questions = page.locator("fieldset.question")
    assert questions.count() == 2
    assert "¿Con qué frecuencia hace copias de seguridad?" in questions.first.inner_text()
    questions.nth(0).get_by_label("Siempre").check()  # 2 of 2 points
    questions.nth(1).get_by_label("Nunca").check()  # 0 of 2 points
    page.locator("form[data-questionnaire] button[type=submit]").click()
    results = page.locator("#results")
    results.wait_for()
    text = results.inner_text()
    assert "Copias de seguridad" in text
    assert re.search(r"\b50\s?%", text)  # "50%" or "50 %" depending on the language
    assert "En progreso" in text  # the 50 % band, in Spanish
    assert "Guarde una copia sin conexión." in text
    assert "Guide des sauvegardes" in text  # recommended item (no Spanish version: French one)

    response = DiagnosticResponse.objects.get()
    assert response.language == "es"
    assert (response.score, response.max_score) == (2, 4)
    assert response.answers == {"q0": "q0a2", "q1": "q1a0"}
