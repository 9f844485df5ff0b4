"""The wiki's indexing interface (``wiki.indexing``): what an indexer may read, and when it hears
that something changed. The project's search relies on exactly this (see
``search/tests/test_search_wiki.py`` for the search side)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wiki import indexing, services
from wiki.models import Role, Visibility

from .conftest import ROLES, make_user

# Who may read a page of a group of each visibility (as in test_privacy.py).
READERS = {
    "private": {"coordinator", "member", "observer"},
    "partners": {"coordinator", "member", "observer", "outsider"},
    "public": set(ROLES),
}


@pytest.fixture
def heard():
    """What the wiki's signals said during the test: [("documents", keys), ("access", id)]."""
    events = []

    def on_documents(sender, keys, **kwargs):
        events.append(("documents", list(keys)))

    def on_access(sender, group_id, **kwargs):
        events.append(("access", group_id))

    indexing.documents_changed.connect(on_documents, dispatch_uid="test-documents")
    indexing.group_access_changed.connect(on_access, dispatch_uid="test-access")
    yield events
    indexing.documents_changed.disconnect(dispatch_uid="test-documents")
    indexing.group_access_changed.disconnect(dispatch_uid="test-access")


def _translate(world, page, language="es", title="Plan secreto"):
    return services.page_create(
        group=page.group,
        title=title,
        language=language,
        content="Texto del plan.",
        author=world.member,
        translation_of=page,
    )


def test_a_document_is_a_source_page_and_its_translations_as_plain_data(world):
    page = world.private_page
    translation = _translate(world, page)
    services.attachment_upload(
        page=translation,
        uploaded_file=SimpleUploadedFile("acta.pdf", b"%PDF-1.4 first", "application/pdf"),
        user=world.member,
    )
    services.attachment_upload(
        page=translation,
        uploaded_file=SimpleUploadedFile("acta.pdf", b"%PDF-1.4 second", "application/pdf"),
        user=world.member,
    )

    assert set(indexing.document_keys()) == {
        world.private_page.pk,
        world.partners_page.pk,
        world.public_page.pk,
    }
    document = indexing.document(page.pk)
    assert document.key == page.pk
    assert document.group == indexing.IndexableGroup(
        pk=world.private.pk, name=world.private.name, theme_key="security", public=False
    )
    assert [(p.pk, p.language, p.title) for p in document.pages] == [
        (page.pk, "fr", "Secret plan group"),
        (translation.pk, "es", "Plan secreto"),
    ]
    source, spanish = document.pages
    assert source.text == page.content and source.files == ()
    assert source.url == f"/fr/wiki/g/{world.private.slug}/{page.slug}/"
    assert spanish.url == f"/es/wiki/g/{world.private.slug}/{translation.slug}/"
    (attached,) = spanish.files  # the latest version only
    assert attached.name == "acta.pdf"
    assert attached.digest == translation.attachments.get().latest.sha256
    with attached.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 second"
    assert indexing.document(world.public_page.pk).group.public is True
    assert indexing.document(10**9) is None


@pytest.mark.parametrize("role", ROLES)
def test_readable_groups_are_the_groups_whose_pages_a_person_may_read(world, role):
    groups = {"private": world.private, "partners": world.partners, "public": world.public}
    expected = {group.pk for name, group in groups.items() if role in READERS[name]}
    assert set(indexing.readable_group_ids(world.role(role))) == expected
    assert indexing.readable_group_ids(None) == [world.public.pk]


def _documents(heard) -> set[int]:
    return {key for kind, keys in heard if kind == "documents" for key in keys}


def test_signals_name_the_documents_and_groups_that_changed(world, heard):
    page = world.private_page
    translation = _translate(world, page)
    assert heard and _documents(heard) == {page.pk}  # a translation is in its source's document

    heard.clear()
    services.page_save(
        page=translation,
        base_revision_id=translation.current_revision_id,
        content="Nuevo texto.",
        author=world.member,
    )
    assert heard == [("documents", [page.pk])]

    heard.clear()
    services.attachment_upload(
        page=page,
        uploaded_file=SimpleUploadedFile("notes.txt", b"notes", "text/plain"),
        user=world.member,
    )
    assert heard == [("documents", [page.pk])]

    heard.clear()
    newcomer = make_user("newcomer")
    services.membership_set(group=world.private, user=newcomer, role=Role.OBSERVER)
    world.private.memberships.filter(user=newcomer).delete()
    assert heard == [("access", world.private.pk), ("access", world.private.pk)]

    heard.clear()
    world.private.visibility = Visibility.PUBLIC
    world.private.save()
    assert ("access", world.private.pk) in heard
    assert ("documents", [page.pk]) in heard

    # a deleted source page: its translations become documents of their own
    heard.clear()
    key = page.pk
    page.delete()
    assert ("documents", [translation.pk]) in heard
    assert ("documents", [key]) in heard
    assert indexing.document(key) is None
    assert [p.pk for p in indexing.document(translation.pk).pages] == [translation.pk]
