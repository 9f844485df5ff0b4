"""Translation staleness: per item and locale missing / up to date / stale, what changed in the
source since the last sync, and the admin report with its filters and permissions."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

from home.services import translation_create_or_update
from toolbox.models import GuidePage, Partner
from toolbox.staleness import MISSING, STALE, UP_TO_DATE, translation_state, translation_states

from . import factories

REPORT_URL = "/admin/reports/translation-status/"


@pytest.fixture(autouse=True)
def english():
    """Labels and messages are asserted in English."""
    with translation.override("en"):
        yield


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def locale(code):
    return factories.locales()[code]


def states_by_locale(source) -> dict[str, str]:
    return {
        state.locale.language_code: state.status
        for state in translation_states(sources=[source], locales=factories.locales().values())
    }


@pytest.fixture
def guide(tree):
    page = factories.guide(
        tree["section"],
        tree["security"],
        title="Guide des sauvegardes",
        key="backups",
        summary="Sauvegarder chaque semaine.",
        body=[
            {"type": "heading", "value": {"text": "La règle 3-2-1", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Gardez trois copies de vos données.</p>"},
        ],
    )
    translation_create_or_update(
        source=page,
        locale=locale("es"),
        fields={"title": "Guía de copias", "summary": "Copias cada semana."},
    )
    return page


def edit(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    return factories.publish(page)


def test_translations_are_missing_or_up_to_date_after_a_sync(guide):
    assert states_by_locale(guide) == {"es": UP_TO_DATE, "pt": MISSING, "en": MISSING}


def test_editing_the_source_makes_its_translations_stale_and_says_what_changed(guide):
    body = guide.body.get_prep_value()
    body[1]["value"] = "<p>Gardez trois copies chiffrées de vos données.</p>"
    edit(guide, summary="Sauvegarder chaque jour.", body=body)
    assert states_by_locale(guide)["es"] == STALE

    state = translation_state(source=guide, locale=locale("es"))
    assert state.status == STALE
    changes = {change.label: change for change in state.changes}
    assert set(changes) == {"Summary", "Body › 2. Text"}
    summary = changes["Summary"]
    assert (summary.before, summary.after, summary.kind) == (
        "Sauvegarder chaque semaine.",
        "Sauvegarder chaque jour.",
        "changed",
    )
    assert ("delete", "semaine") in summary.segments and ("insert", "jour") in summary.segments
    paragraph = changes["Body › 2. Text"]
    assert ("insert", "chiffrées ") in paragraph.segments


def test_republishing_an_unchanged_source_keeps_translations_up_to_date(guide):
    factories.publish(guide)
    factories.publish(guide)
    assert states_by_locale(guide)["es"] == UP_TO_DATE
    assert translation_state(source=guide, locale=locale("es")).changes == []


def test_syncing_the_translation_brings_it_up_to_date(guide):
    edit(guide, summary="Sauvegarder chaque jour.")
    assert states_by_locale(guide)["es"] == STALE
    translation_create_or_update(source=guide, locale=locale("es"), fields={"summary": "Cada día."})
    assert states_by_locale(guide)["es"] == UP_TO_DATE


def test_a_source_snapshot_refreshed_after_the_translation_is_stale(guide):
    """wagtail-localize's "sync translated pages" refreshes the source snapshot; the
    translation stays stale until it is saved again, and the diff is against the source as
    it was when the translation was last synced."""
    edit(guide, title="Guide des sauvegardes régulières")
    TranslationSource.objects.get_for_instance(guide).update_from_db()
    state = translation_state(source=guide, locale=locale("es"))
    assert state.status == STALE
    assert [(c.label, c.before, c.after) for c in state.changes] == [
        ("Title", "Guide des sauvegardes", "Guide des sauvegardes régulières")
    ]


def test_added_and_removed_blocks_and_synchronised_values_count(tree):
    event = factories.event(
        tree["section"],
        tree["security"],
        title="Atelier",
        key="workshop",
        body=factories.paragraph("Venez avec votre ordinateur."),
    )
    translation_create_or_update(source=event, locale=locale("pt"), fields={"title": "Oficina"})
    body = event.body.get_prep_value()
    removed_text = event.body[0].value.source
    edit(
        event,
        start=event.start + dt.timedelta(days=1),
        end=event.end + dt.timedelta(days=1),
        body=[{"type": "heading", "value": {"text": "Programme", "level": "h2"}}],
    )
    state = translation_state(source=event, locale=locale("pt"))
    assert state.status == STALE
    kinds = {change.label: change.kind for change in state.changes}
    assert kinds["Start"] == "changed" and kinds["End"] == "changed"
    assert kinds["Body › 1. Heading › Text"] == "added"
    removed = [c for c in state.changes if c.kind == "removed"]
    assert len(removed) == 1 and removed[0].before in removed_text
    assert len(body) == 1


def test_translations_made_outside_wagtail_localize_are_compared_by_publication(tree):
    guide = factories.guide(tree["section"], tree["security"], key="manual")
    copy = guide.copy_for_translation(locale("en"), copy_parents=True)
    factories.publish(copy)
    assert states_by_locale(guide)["en"] == UP_TO_DATE
    edit(guide, summary="Un autre résumé.")
    state = translation_state(source=guide, locale=locale("en"))
    assert state.status == STALE
    assert [c.label for c in state.changes] == ["Summary"]


# --- The admin report ---------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(in_english(user))
    return client


@pytest.fixture
def catalogue(tree, guide):
    """The stale guide, an up-to-date video of another partner and theme, a missing one."""
    other = Partner.objects.create(
        key="cci-lisboa", name="CCI Lisboa", country="PT", locale=locale("fr")
    )
    other_section = factories.section(other)
    video = factories.video(
        other_section, tree["tourism"], title="Réserver en ligne", key="booking"
    )
    translation_create_or_update(source=video, locale=locale("es"), fields={"title": "Reservar"})
    edit(guide, summary="Sauvegarder chaque jour.")
    return {"guide": guide, "video": video, "other": other}


def rows(html: str) -> set[tuple[str, str, str]]:
    import re

    return set(
        re.findall(r'<tr data-key="([^"]+)" data-locale="([^"]+)" data-status="([^"]+)">', html)
    )


def test_report_lists_every_item_and_locale(admin_client, catalogue):
    response = admin_client.get(REPORT_URL)
    assert response.status_code == 200
    found = rows(response.content.decode())
    assert found == {
        ("backups", "es", STALE),
        ("backups", "pt", MISSING),
        ("backups", "en", MISSING),
        ("booking", "es", UP_TO_DATE),
        ("booking", "pt", MISSING),
        ("booking", "en", MISSING),
    }
    html = response.content.decode()
    assert f"/admin/reports/translation-status/{catalogue['guide'].pk}/es/" in html
    assert f"/admin/localize/submit/page/{catalogue['video'].pk}/" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("locale=es", {("backups", "es", STALE), ("booking", "es", UP_TO_DATE)}),
        ("status=stale", {("backups", "es", STALE)}),
        ("theme=tourism&status=missing", {("booking", "pt", MISSING), ("booking", "en", MISSING)}),
        ("item_type=video&locale=es", {("booking", "es", UP_TO_DATE)}),
        ("partner=cybermassif&locale=pt", {("backups", "pt", MISSING)}),
        ("status=up_to_date", {("booking", "es", UP_TO_DATE)}),
    ],
)
def test_report_filters(admin_client, catalogue, query, expected):
    response = admin_client.get(f"{REPORT_URL}?{query}")
    assert rows(response.content.decode()) == expected
    results = admin_client.get(f"{REPORT_URL}results/?{query}")
    assert results.status_code == 200
    assert rows(results.content.decode()) == expected


def test_report_exports_csv(admin_client, catalogue):
    response = admin_client.get(f"{REPORT_URL}?export=csv&locale=es")
    assert response.status_code == 200
    with translation.override("fr"):  # the site's default language: not the user's
        content = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(content)))
    assert {(r["Key"], r["Status"]) for r in table} == {
        ("backups", "Stale"),
        ("booking", "Up to date"),
    }


def test_changes_page_shows_the_diff(admin_client, catalogue):
    guide = catalogue["guide"]
    html = admin_client.get(f"{REPORT_URL}{guide.pk}/es/").content.decode()
    assert "Summary" in html
    assert "<del>semaine</del>" in html and "<ins>jour</ins>" in html
    source = TranslationSource.objects.get_for_instance(guide)
    assert f"/admin/localize/update/{source.pk}/" in html
    # the source locale has no translation to compare
    assert admin_client.get(f"{REPORT_URL}{guide.pk}/fr/", follow=True).status_code == 404
    up_to_date = admin_client.get(f"{REPORT_URL}{catalogue['video'].pk}/es/").content.decode()
    assert "Nothing changed in the source" in up_to_date


def test_partner_editors_see_only_their_partners_items(client, catalogue):
    editor = in_english(get_user_model().objects.create_user("ana", password="pw"))
    editor.groups.add(Partner.objects.get(key="cci-lisboa").editor_group)
    client.force_login(editor)
    found = rows(client.get(REPORT_URL).content.decode())
    assert {key for key, _locale, _status in found} == {"booking"}
    guide = catalogue["guide"]
    refused = client.get(f"{REPORT_URL}{guide.pk}/es/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert client.get(f"{REPORT_URL}{catalogue['video'].pk}/es/").status_code == 200


def test_report_is_in_the_reports_menu(admin_client, catalogue):
    html = admin_client.get("/admin/").content.decode()
    assert REPORT_URL in html
    assert GuidePage.objects.filter(key="backups").count() == 2


def test_questionnaire_changes_are_labelled_by_block(tree, guide):
    video = factories.video(tree["section"], tree["security"], title="Rançongiciels", key="video")
    diagnostic = factories.diagnostic(
        tree["section"],
        tree["security"],
        key="quiz",
        questionnaire=factories.questionnaire_data(recommended=[guide.pk]),
    )
    translation_create_or_update(source=diagnostic, locale=locale("es"), fields={"title": "Test"})
    data = diagnostic.questionnaire.get_prep_value()
    section = data[0]["value"]
    section["questions"][1]["value"]["text"] = "Question reformulée"
    section["bands"][2]["value"]["recommended"] = [{"type": "item", "value": video.pk, "id": "r"}]
    edit(diagnostic, questionnaire=data)
    state = translation_state(source=diagnostic, locale=locale("es"))
    assert state.status == STALE
    changes = {change.label: change for change in state.changes}
    question = changes["Questionnaire › 1. Section › Questions › 2 › Question"]
    assert (question.before, question.after) == ("Question 1", "Question reformulée")
    recommended = changes[
        "Questionnaire › 1. Section › Score bands › 3 › Recommended toolbox items › 1"
    ]
    assert (recommended.before, recommended.after) == ("Guide des sauvegardes", "Rançongiciels")
    # the other bands' recommendations did not change (stored without list ids before)
    assert len(state.changes) == 2
