"""The public pages of the toolbox render what a visitor needs, in the visitor's language."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.services import translation_create_or_update
from toolbox.models import (
    CharterPage,
    DiagnosticResponse,
    EventIndexPage,
    PartnerIndexPage,
)

from . import factories


def get_html(client, page_or_url, **params):
    url = page_or_url if isinstance(page_or_url, str) else page_or_url.get_url()
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def index_page(model, title, parent=None, **fields):
    page = model(title=title, slug=model.__name__.lower(), **fields)
    (parent or factories.home()).add_child(instance=page)
    return factories.publish(page)


def test_every_item_type_renders_with_landmarks(client, tree):
    section, theme = tree["section"], tree["security"]
    pages = [
        factories.guide(section, theme),
        factories.video(section, theme, duration=dt.timedelta(minutes=3)),
        factories.best_practice(section, theme, is_golden_rule=True, golden_rule="Règle d'or."),
        factories.event(section, theme),
        factories.diagnostic(section, theme),
    ]
    for page in pages:
        html = get_html(client, page)
        assert f'<h1 id="item-title">{page.title}</h1>' in html.replace("&#x27;", "'")
        assert '<main id="main"' in html
        assert '<footer class="site-footer">' in html
        assert '<nav class="breadcrumb" aria-label=' in html
        assert f'href="{theme.get_url()}"' in html  # the theme is linked
        assert "Cybermassif" in html  # the partner is named


def test_guide_shows_level_reading_time_and_downloads(client, tree):
    guide = factories.guide(tree["section"], tree["security"], level="advanced")
    html = get_html(client, guide)
    assert "1 minute" in html
    assert "Avancé" in html or "Advanced" in html


def test_theme_lists_its_items_and_items_of_its_sector(client, tree):
    factories.guide(tree["section"], tree["security"], title="Guide sécurité")
    sector_item = factories.video(tree["section"], tree["security"], title="Vidéo tourisme")
    sector_item.sectors = [tree["tourism"]]
    factories.publish(sector_item)
    draft = factories.guide(tree["section"], tree["security"], title="Brouillon secret", live=False)
    assert not draft.live
    html = get_html(client, tree["security"])
    assert "Guide sécurité" in html and "Vidéo tourisme" in html
    assert "Brouillon secret" not in html
    tourism_html = get_html(client, tree["tourism"])
    assert "Vidéo tourisme" in tourism_html
    assert "Guide sécurité" not in tourism_html


def test_event_calendar_lists_upcoming_and_past_with_filters(client, tree):
    calendar = index_page(EventIndexPage, "Agenda")
    factories.event(
        tree["section"], tree["security"], title="Atelier à venir", days=10, event_format="workshop"
    )
    factories.event(
        tree["section"],
        tree["security"],
        title="Webinaire à venir",
        days=40,
        event_format="webinar",
        city="",
    )
    factories.event(tree["section"], tree["security"], title="Conférence passée", days=-20)
    upcoming = get_html(client, calendar)
    assert upcoming.index("Atelier à venir") < upcoming.index("Webinaire à venir")
    assert "Conférence passée" not in upcoming
    past = get_html(client, calendar, when="past")
    assert "Conférence passée" in past and "Atelier à venir" not in past
    webinars = get_html(client, calendar, format="webinar")
    assert "Webinaire à venir" in webinars and "Atelier à venir" not in webinars
    by_partner = get_html(client, calendar, partner="nobody")
    assert "Atelier à venir" not in by_partner


def test_event_page_shows_local_time_and_time_zone(client, tree):
    start = (timezone.now() + dt.timedelta(days=60)).replace(
        hour=9, minute=30, second=0, microsecond=0, tzinfo=dt.UTC
    )
    event = factories.event(
        tree["section"],
        tree["security"],
        start=start,
        end=start + dt.timedelta(hours=2),
        timezone="Atlantic/Canary",
        registration_url="https://example.org/inscription",
    )
    html = get_html(client, event)
    local = timezone.localtime(start, __import__("zoneinfo").ZoneInfo("Atlantic/Canary"))
    assert f"{local:%H:%M}" in html or f"{local.hour}:{local:%M}" in html
    assert "Atlantic/Canary" in html
    assert 'href="https://example.org/inscription"' in html


def test_charter_lists_golden_rules_only(client, tree):
    charter = index_page(CharterPage, "Charte")
    factories.best_practice(
        tree["section"],
        tree["security"],
        title="Pratique A",
        is_golden_rule=True,
        golden_rule="Partir des besoins des entreprises.",
    )
    factories.best_practice(tree["section"], tree["security"], title="Pratique B")
    html = get_html(client, charter)
    assert "Partir des besoins des entreprises." in html
    assert "Pratique A" in html and "Pratique B" not in html


def test_partner_directory_is_in_the_visitors_language(client, tree):
    locs = factories.locales()
    es_home = factories.home("es")
    directory = index_page(PartnerIndexPage, "Partenaires")
    es_directory = translation_create_or_update(
        source=directory, locale=locs["es"], fields={"title": "Socios", "slug": "socios"}
    )
    partner = tree["partner"]
    partner.description = "<p>Réseau de centres de ressources.</p>"
    partner.save()
    es_partner = partner.copy_for_translation(locs["es"])
    es_partner.description = "<p>Red de centros de recursos.</p>"
    es_partner.save()
    factories.partner(key="leitat", name="LEITAT", country="ES")
    assert es_home.live
    html = get_html(client, es_directory)
    assert "Red de centros de recursos." in html
    assert "Réseau de centres de ressources." not in html
    assert "LEITAT" in html  # untranslated partners are listed in their own language
    spain_only = get_html(client, es_directory, country="ES")
    assert "LEITAT" in spain_only and "Red de centros" not in spain_only


def test_questionnaire_scores_sections_and_stores_answers_anonymously(client, tree):
    guide = factories.guide(tree["section"], tree["security"], title="Guide des sauvegardes")
    page = factories.diagnostic(
        tree["section"],
        tree["security"],
        questionnaire=factories.questionnaire_data(recommended=[guide.pk]),
    )
    html = get_html(client, page)
    assert 'type="radio"' in html and "Question 0" in html
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = client.post(page.get_url(), {"version": version, "q_q0": "q0a2", "q_q1": "q1a0"})
    assert response.status_code == 302
    result_url = response["Location"]
    assert "?result=" in result_url
    stored = DiagnosticResponse.objects.get()
    assert stored.answers == {"q0": "q0a2", "q1": "q1a0"}
    assert (stored.score, stored.max_score) == (2, 4)
    result_html = get_html(client, result_url.split("#")[0])
    assert re.search(r"\(50\s?%\)", result_html)
    assert "Niveau 1" in result_html  # band from 50 %
    assert "Guide des sauvegardes" in result_html  # recommendation

    # a recommended page made private since is not named on the public result page
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    result_html = get_html(client, result_url.split("#")[0])
    assert "Niveau 1" in result_html
    assert "Guide des sauvegardes" not in result_html


def test_unanswered_questions_are_flagged_and_nothing_is_stored(client, tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    response = client.post(page.get_url(), {"version": "1", "q_q0": "q0a1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert DiagnosticResponse.objects.count() == 0


def test_a_stale_form_is_scored_with_the_version_it_was_built_from(client, tree):
    page = factories.diagnostic(tree["section"], tree["security"])
    page.questionnaire = factories.questionnaire_data(weights=((0, 1, 5), (0, 5)))
    factories.publish(page)
    response = client.post(page.get_url(), {"version": "1", "q_q0": "q0a2", "q_q1": "q1a1"})
    assert response.status_code == 302
    stored = DiagnosticResponse.objects.get()
    assert stored.version.number == 1 and (stored.score, stored.max_score) == (4, 4)
    html = get_html(client, response["Location"].split("#")[0])
    assert "a changé" in html or "has changed" in html


@pytest.mark.parametrize("result", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_results_say_so(client, tree, result):
    page = factories.diagnostic(tree["section"], tree["security"])
    html = get_html(client, page, result=result)
    assert 'role="status"' in html


def test_navigation_links_to_calendar_charter_and_directory(client, tree):
    index_page(EventIndexPage, "Agenda")
    index_page(CharterPage, "Charte des règles d'or")
    index_page(PartnerIndexPage, "Partenaires")
    html = get_html(client, tree["home"])
    nav = html.split('class="site-nav"')[1].split("</nav>")[0]
    assert "Agenda" in nav and "Partenaires" in nav and "Charte des règles d" in nav


def test_previewing_a_draft_questionnaire_records_no_version(tree):
    from toolbox.models import QuestionnaireVersion

    page = factories.diagnostic(tree["section"], tree["security"])
    page.questionnaire = factories.questionnaire_data(weights=((0, 1, 9), (0, 9)))
    page.save_revision()
    draft = page.get_latest_revision_as_object()
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert "Question 0" in response.rendered_content
    assert QuestionnaireVersion.objects.filter(questionnaire_key=page.translation_key).count() == 1
