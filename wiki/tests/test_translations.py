"""Multilingual pages: translation links, outdated marking with what changed, up-to-date."""

import pytest
from django.core.exceptions import ValidationError

from wiki import selectors, services

from .conftest import client_for

SOURCE = "# Sauvegardes\n\nFaire trois copies.\n\n# Tests\n\nRestaurer chaque mois.\n"


@pytest.fixture
def pair(world):
    source = services.page_create(
        group=world.private, title="Sauvegardes", language="fr", content=SOURCE, author=world.member
    )
    translation = services.page_create(
        group=world.private,
        title="Copias de seguridad",
        language="es",
        content="# Copias\n\nHacer tres copias.\n\n# Pruebas\n\nRestaurar cada mes.\n",
        author=world.coordinator,
        translation_of=source,
    )
    return source, translation


def test_translation_is_linked_and_follows_the_source_revision(world, pair):
    source, translation = pair
    assert translation.translation_of == source
    assert translation.source_revision == source.current_revision
    assert [p.language for p in selectors.translations_of(translation)] == ["fr", "es"]
    assert not selectors.translation_status(translation).outdated
    with pytest.raises(ValidationError):
        services.page_create(
            group=world.private,
            title="Otra",
            language="es",
            content="",
            author=world.member,
            translation_of=source,
        )


def test_source_change_marks_translation_outdated_with_the_changes(client, world, pair):
    source, translation = pair
    services.page_save(
        page=source,
        base_revision_id=source.current_revision_id,
        content=SOURCE.replace("Restaurer chaque mois.", "Restaurer chaque semaine."),
        author=world.member,
    )
    status = selectors.translation_status(translation)
    assert status.outdated
    assert status.followed.number == 1 and status.current.number == 2
    changes = status.changes()
    assert changes.words_added == 1 and changes.words_removed == 1
    client_for(client, world.member)
    body = client.get(translation.get_absolute_url()).content.decode()
    assert (
        "outdated" in body.lower() or "desactualizada" in body.lower() or "obsolète" in body.lower()
    )
    assert "<del>mois" in body and "<ins>semaine" in body

    # Marking it up to date records the source revision it now follows.
    response = client.post(
        translation.get_absolute_url() + "translation-current/",
        {"source_revision": status.current.pk},
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.source_revision.number == 2
    assert not selectors.translation_status(translation).outdated


def test_saving_a_translation_can_mark_it_current(world, pair):
    source, translation = pair
    services.page_save(
        page=source,
        base_revision_id=source.current_revision_id,
        content=SOURCE + "\nPlus.\n",
        author=world.member,
    )
    translation.refresh_from_db()
    services.page_save(
        page=translation,
        base_revision_id=translation.current_revision_id,
        content=translation.content + "\nMás.\n",
        author=world.member,
        mark_translation_current=True,
    )
    translation.refresh_from_db()
    assert not selectors.translation_status(translation).outdated


def test_translate_view_creates_linked_copy(client, world, pair):
    source, _translation = pair
    client_for(client, world.member)
    response = client.post(
        source.get_absolute_url() + "translate/", {"language": "pt", "title": "Cópias"}
    )
    assert response.status_code == 302
    pt = source.translations.get(language="pt")
    assert pt.content == SOURCE and pt.source_revision == source.current_revision


def test_api_reports_translation_status(client, world, pair):
    source, translation = pair
    services.page_save(
        page=source,
        base_revision_id=source.current_revision_id,
        content="changed",
        author=world.member,
    )
    client_for(client, world.member)
    data = client.get(f"/api/v1/wiki/pages/{translation.pk}/").json()
    assert data["translation_status"]["outdated"] is True
    assert {t["language"] for t in data["translations"]} == {"fr", "es"}
    response = client.post(f"/api/v1/wiki/pages/{translation.pk}/mark-up-to-date/", {})
    assert response.status_code == 200
    assert response.json()["translation_status"]["outdated"] is False
