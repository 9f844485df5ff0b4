"""History: listing, word diffs (inline and side by side) between any two revisions, blame."""

import pytest

from wiki import selectors, services
from wiki.diff import diff_texts, word_diff

from .conftest import client_for


@pytest.fixture
def page(world):
    page = services.page_create(
        group=world.private,
        title="Guide",
        language="fr",
        content="Intro paragraph.\n\nSecond paragraph here.\n",
        author=world.member,
    )
    for author, text in [
        (world.coordinator, "Intro paragraph.\n\nSecond paragraph changed here.\n"),
        (world.member, "Intro paragraph.\n\nSecond paragraph changed here.\n\nThird by member.\n"),
    ]:
        page.refresh_from_db()
        services.page_save(
            page=page, base_revision_id=page.current_revision_id, content=text, author=author
        )
    page.refresh_from_db()
    return page


def test_word_diff_marks_only_the_changed_words():
    segments = word_diff("The cat sat on the mat.", "The dog sat on the mat.")
    assert ("delete", "cat ") in segments and ("insert", "dog ") in segments
    assert "".join(t for op, t in segments if op != "insert") == "The cat sat on the mat."
    assert "".join(t for op, t in segments if op != "delete") == "The dog sat on the mat."


def test_diff_of_large_texts_keeps_context_short():
    old = "\n".join(f"line {i}" for i in range(1000))
    new = old.replace("line 500", "line five hundred")
    diff = diff_texts(old, new)
    kinds = [r.kind for r in diff.rows]
    assert kinds.count("change") == 1 and kinds.count("skipped") == 2
    assert diff.words_added == 2 and diff.words_removed == 1


def test_history_lists_newest_first_without_texts(world, page):
    revisions = selectors.history_list(page)
    assert [r.number for r in revisions] == [3, 2, 1]
    assert "content" in revisions[0].get_deferred_fields()


def test_history_and_diff_views(client, world, page):
    client_for(client, world.observer)
    history = client.get(page.get_absolute_url() + "history/").content.decode()
    assert "3 revisions" in history or "3 révisions" in history
    inline = client.get(page.get_absolute_url() + "diff/?from=1&to=3").content.decode()
    assert "<ins>changed </ins>" in inline and "<ins>Third by member." in inline
    side = client.get(page.get_absolute_url() + "diff/?from=1&to=2&mode=side").content.decode()
    assert 'class="diff diff-side"' in side and "<ins>changed </ins>" in side
    assert client.get(page.get_absolute_url() + "diff/?from=1&to=9").status_code == 404


def test_blame_credits_each_paragraph(client, world, page):
    items = selectors.blame(page)
    assert [(i["text"], i["revision"].number, i["revision"].author) for i in items] == [
        ("Intro paragraph.", 1, world.member),
        ("Second paragraph changed here.", 2, world.coordinator),
        ("Third by member.", 3, world.member),
    ]
    # Next revision: computed in one step from the cached blame of the previous one.
    services.page_save(
        page=page,
        base_revision_id=page.current_revision_id,
        content=page.content.replace("Intro paragraph.", "New intro."),
        author=world.coordinator,
    )
    page.refresh_from_db()
    items = selectors.blame(page)
    assert [i["revision"].number for i in items] == [4, 2, 3]
    client_for(client, world.observer)
    assert "Third by member." in client.get(page.get_absolute_url() + "blame/").content.decode()


def test_revert_from_the_api(client, world, page):
    client_for(client, world.member)
    response = client.post(
        f"/api/v1/wiki/pages/{page.pk}/revert/",
        {"revision": 1, "base_revision": page.current_revision_id},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["revision"]["kind"] == "revert"
    page.refresh_from_db()
    assert page.content == "Intro paragraph.\n\nSecond paragraph here.\n"
    assert page.current_revision.number == 4
