"""Saving pages: base revisions, three-way merges, conflicts, sections, reverts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wiki import services
from wiki.models import WikiRevision

from .conftest import client_for

TEXT = "# One\n\nFirst paragraph.\n\n# Two\n\nSecond paragraph.\n\n# Three\n\nThird paragraph.\n"


@pytest.fixture
def page(world):
    return services.page_create(
        group=world.private, title="Plan", language="fr", content=TEXT, author=world.member
    )


def test_save_on_current_base_records_next_revision(world, page):
    base = page.current_revision
    outcome = services.page_save(
        page=page, base_revision_id=base.pk, content=TEXT + "\nMore.\n", author=world.coordinator
    )
    assert outcome.status == "saved"
    assert outcome.revision.number == 2
    assert outcome.revision.base_revision == base
    page.refresh_from_db()
    assert page.current_revision == outcome.revision
    assert page.content.endswith("More.\n")


def test_concurrent_edits_of_different_paragraphs_merge_cleanly(world, page):
    base = page.current_revision
    services.page_save(
        page=page,
        base_revision_id=base.pk,
        content=TEXT.replace("First paragraph.", "First paragraph, edited by A."),
        author=world.member,
    )
    outcome = services.page_save(
        page=page,
        base_revision_id=base.pk,
        content=TEXT.replace("Third paragraph.", "Third paragraph, edited by B."),
        author=world.coordinator,
    )
    assert outcome.status == "merged"
    assert outcome.revision.kind == WikiRevision.Kind.MERGED
    assert outcome.revision.base_revision == base
    page.refresh_from_db()
    assert "edited by A" in page.content and "edited by B" in page.content
    assert page.current_revision.number == 3


def test_overlapping_edits_are_a_conflict_and_nothing_is_written(world, page):
    base = page.current_revision
    services.page_save(
        page=page,
        base_revision_id=base.pk,
        content=TEXT.replace("First paragraph.", "A's first."),
        author=world.member,
    )
    with pytest.raises(services.EditConflict) as info:
        services.page_save(
            page=page,
            base_revision_id=base.pk,
            content=TEXT.replace("First paragraph.", "B's first."),
            author=world.coordinator,
        )
    conflict = info.value
    assert not conflict.merge.clean
    assert conflict.merge.conflicts[0].mine == "B's first.\n"
    assert conflict.merge.conflicts[0].theirs == "A's first.\n"
    page.refresh_from_db()
    assert page.current_revision.number == 2
    assert "A's first." in page.content and "B's first." not in page.content
    assert WikiRevision.objects.filter(page=page).count() == 2


def test_section_edit_merges_into_current_text(world, page):
    base = page.current_revision
    services.page_save(
        page=page,
        base_revision_id=base.pk,
        content=TEXT.replace("First paragraph.", "First, changed meanwhile."),
        author=world.member,
    )
    outcome = services.page_save(
        page=page,
        base_revision_id=base.pk,
        section=3,
        content="# Three\n\nThird paragraph, rewritten in its section.\n",
        author=world.coordinator,
    )
    assert outcome.status == "merged"
    page.refresh_from_db()
    assert "First, changed meanwhile." in page.content
    assert "Third paragraph, rewritten in its section." in page.content
    assert page.content.count("# Three") == 1


def test_both_renaming_differently_is_a_conflict(world, page):
    base = page.current_revision
    services.page_save(
        page=page, base_revision_id=base.pk, content=TEXT, title="Plan A", author=world.member
    )
    with pytest.raises(services.EditConflict) as info:
        services.page_save(
            page=page,
            base_revision_id=base.pk,
            content=TEXT,
            title="Plan B",
            author=world.coordinator,
        )
    assert info.value.title_conflict


def test_saving_the_same_text_records_nothing(world, page):
    outcome = services.page_save(
        page=page, base_revision_id=page.current_revision_id, content=TEXT, author=world.member
    )
    assert outcome.status == "unchanged"
    assert WikiRevision.objects.filter(page=page).count() == 1


def test_base_revision_of_another_page_is_refused(world, page):
    with pytest.raises(services.StaleBase):
        services.page_save(
            page=page,
            base_revision_id=world.private_page.current_revision_id,
            content="x",
            author=world.member,
        )


def test_observers_and_outsiders_cannot_save(world, page):
    for user in (world.observer, world.outsider, world.staff):
        with pytest.raises(PermissionDenied):
            services.page_save(
                page=page, base_revision_id=page.current_revision_id, content="x", author=user
            )


def test_revert_is_a_new_revision(world, page):
    first = page.current_revision
    services.page_save(
        page=page, base_revision_id=first.pk, content="Vandalised.", author=world.member
    )
    page.refresh_from_db()
    outcome = services.page_revert(
        page=page,
        revision=first,
        author=world.coordinator,
        base_revision_id=page.current_revision_id,
    )
    assert outcome.revision.number == 3
    assert outcome.revision.kind == WikiRevision.Kind.REVERT
    assert outcome.revision.reverted_to == first
    page.refresh_from_db()
    assert page.content == TEXT


def test_duplicate_title_in_same_language_refused(world, page):
    with pytest.raises(ValidationError):
        services.page_create(
            group=world.private, title="Plan", language="fr", content="", author=world.member
        )
    other = services.page_create(
        group=world.private, title="Plan", language="es", content="", author=world.member
    )
    assert other.slug != page.slug


def test_edit_view_merges_and_then_shows_conflict(client, world, page):
    client_for(client, world.coordinator)
    url = f"/fr/wiki/g/{world.private.slug}/{page.slug}/edit/"
    response = client.get(url)
    assert response.status_code == 200
    base_id = page.current_revision_id
    services.page_save(
        page=page,
        base_revision_id=base_id,
        content=TEXT.replace("First paragraph.", "A's first."),
        author=world.member,
    )
    response = client.post(
        url,
        {
            "base_revision": base_id,
            "title": "Plan",
            "content": TEXT.replace("Third paragraph.", "B's third."),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "fusionnées" in response.content.decode()  # "merged", in French
    page.refresh_from_db()
    assert "A's first." in page.content and "B's third." in page.content
    response = client.post(
        url,
        {
            "base_revision": base_id,
            "title": "Plan",
            "content": TEXT.replace("First paragraph.", "B's first."),
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'id="edit-conflict"' in body
    assert "B&#x27;s first." in body and "A&#x27;s first." in body
    page.refresh_from_db()
    assert "B's first." not in page.content
    # Saving the conflict view with markers left in is refused.
    response = client.post(
        url,
        {
            "resolving": "1",
            "base_revision": page.current_revision_id,
            "title": "Plan",
            "content": "<<<<<<< your version\nB\n=======\nA\n>>>>>>> revision 3\n",
        },
    )
    assert response.status_code == 200
    assert "marqueurs de conflit" in response.content.decode()


def test_section_edit_view(client, world, page):
    client_for(client, world.member)
    url = f"/fr/wiki/g/{world.private.slug}/{page.slug}/edit/?section=2"
    response = client.get(url)
    assert response.status_code == 200
    assert "# Two\n\nSecond paragraph.\n" in response.content.decode()
    response = client.post(
        url,
        {
            "base_revision": page.current_revision_id,
            "section": 2,
            "content": "# Two\n\nSecond, new.\n",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert "Second, new." in page.content and "Third paragraph." in page.content
    detail = client.get(f"/fr/wiki/g/{world.private.slug}/{page.slug}/").content.decode()
    assert "?section=3" in detail


def test_partners_sign_in_and_come_back_to_the_wiki(client, world, page):
    from .conftest import PASSWORD

    edit = f"/fr/wiki/g/{world.private.slug}/{page.slug}/edit/"
    response = client.get(edit)
    assert response.status_code == 302 and response.url.startswith("/admin/login/?next=")
    response = client.post(response.url, {"username": "member", "password": PASSWORD})
    assert response.status_code == 302 and response.url == edit
    assert client.get(edit).status_code == 200
