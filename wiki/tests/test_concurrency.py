"""Many simultaneous writers against PostgreSQL: zero lost updates.

Each writer is a thread with its own database connection. Writers read the page, wait at a
barrier until every writer has read it (so that every save of a round races the others from
the same base revision), then save. The row lock in ``page_save`` serialises the saves; the
three-way merge folds the non-overlapping changes in; overlapping ones are refused.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from wiki import services
from wiki.models import WikiPage, WikiRevision

from .conftest import make_group, make_user

WRITERS = 12
ROUNDS = 4


def _require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency proof needs PostgreSQL (set DATABASE_URL)")


def _run(workers):
    errors = []

    def wrap(fn):
        def run():
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - reported below
                import traceback

                errors.append("".join(traceback.format_exception(exc)))
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=wrap(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer is stuck"
    assert not errors, errors


def _setup(n_writers: int):
    group = make_group("race")
    writers = [make_user(f"writer{i}") for i in range(n_writers)]
    from wiki.models import Role

    for user in writers:
        services.membership_set(group=group, user=user, role=Role.MEMBER)
    text = "\n\n".join(f"Paragraph {i}: original." for i in range(n_writers)) + "\n"
    page = services.page_create(
        group=group, title="Race", language="fr", content=text, author=writers[0]
    )
    return group, writers, page


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writers_on_different_paragraphs_lose_nothing():
    _require_postgresql()
    _group, writers, page = _setup(WRITERS)
    barrier = threading.Barrier(WRITERS)
    statuses: list[str] = []
    lock = threading.Lock()

    def writer(i: int):
        def run():
            user = writers[i]
            for round_ in range(1, ROUNDS + 1):
                current = WikiPage.objects.get(pk=page.pk)
                paragraphs = current.content.rstrip("\n").split("\n\n")
                paragraphs[i] = f"Paragraph {i}: writer {i}, round {round_}."
                barrier.wait(timeout=60)  # everyone has read the same revision
                outcome = services.page_save(
                    page=page.pk,
                    base_revision_id=current.current_revision_id,
                    content="\n\n".join(paragraphs) + "\n",
                    author=user,
                    summary=f"w{i} r{round_}",
                )
                with lock:
                    statuses.append(outcome.status)
                barrier.wait(timeout=60)  # the round is over for everyone

        return run

    _run([writer(i) for i in range(WRITERS)])

    page.refresh_from_db()
    expected = (
        "\n\n".join(f"Paragraph {i}: writer {i}, round {ROUNDS}." for i in range(WRITERS)) + "\n"
    )
    assert page.content == expected  # every writer's last change is there
    assert statuses.count("saved") == ROUNDS  # one per round went straight in...
    assert statuses.count("merged") == ROUNDS * (WRITERS - 1)  # ...the others were merged
    revisions = list(WikiRevision.objects.filter(page=page).order_by("number"))
    assert [r.number for r in revisions] == list(range(1, WRITERS * ROUNDS + 2))
    for previous, revision in zip(revisions, revisions[1:], strict=False):
        assert revision.previous_revision_id == previous.pk  # a single line of history
    assert page.current_revision_id == revisions[-1].pk
    assert sorted(r.summary for r in revisions[1:]) == sorted(
        f"w{i} r{r}" for i in range(WRITERS) for r in range(1, ROUNDS + 1)
    )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_writers_on_the_same_line_one_wins_others_are_told():
    _require_postgresql()
    _group, writers, page = _setup(WRITERS)
    base_id = page.current_revision_id
    barrier = threading.Barrier(WRITERS)
    results: dict[int, str] = {}

    def writer(i: int):
        def run():
            text = page.content.replace("Paragraph 0: original.", f"Paragraph 0: by writer {i}.")
            barrier.wait(timeout=60)
            try:
                services.page_save(
                    page=page.pk, base_revision_id=base_id, content=text, author=writers[i]
                )
                results[i] = "saved"
            except services.EditConflict:
                results[i] = "conflict"

        return run

    _run([writer(i) for i in range(WRITERS)])

    winners = [i for i, r in results.items() if r == "saved"]
    assert len(winners) == 1
    assert list(results.values()).count("conflict") == WRITERS - 1
    page.refresh_from_db()
    assert f"Paragraph 0: by writer {winners[0]}." in page.content
    assert WikiRevision.objects.filter(page=page).count() == 2


@pytest.mark.django_db(transaction=True)
def test_writers_that_retry_after_conflicts_all_get_in():
    """Writers appending to the same list retry on conflict: all their lines end up saved."""
    _require_postgresql()
    _group, writers, page = _setup(8)
    barrier = threading.Barrier(8)

    def writer(i: int):
        def run():
            barrier.wait(timeout=60)
            for _attempt in range(50):
                current = WikiPage.objects.get(pk=page.pk)
                text = current.content + f"- item from writer {i}\n"
                try:
                    services.page_save(
                        page=page.pk,
                        base_revision_id=current.current_revision_id,
                        content=text,
                        author=writers[i],
                    )
                    return
                except services.EditConflict:
                    continue
            raise AssertionError(f"writer {i} never got in after 50 attempts")

        return run

    _run([writer(i) for i in range(8)])
    page.refresh_from_db()
    for i in range(8):
        assert page.content.count(f"- item from writer {i}\n") == 1
