"""Failure tests on real, throwaway OpenSearch nodes (never the shared one).

- the engine dies mid-run: the API answers from the database with "degraded": true, changes
  made meanwhile are kept in the backlog (shown on /health/); once it returns, searches leave
  the backlog alone and the periodic ``search.replay_backlog`` (Celery beat) replays it;
- a slow engine: a search gives up after the configured timeout and answers degraded;
- a three-node engine loses a node: searches go on, not degraded, with the same results;
- the sync task, through the real broker and worker, retries with backoff while the engine is
  down and delivers when it returns;
- the broker is down when a change commits: the outbox keeps it; the beat entry, sent as beat
  sends it, replays it through the broker and the worker (and no search does).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from celery import beat
from django.core.management import call_command

from cms.celery import app as celery_app
from search.engine import get_engine, reset_engine
from search.models import PendingIndexChange
from search.testing import SlowProxy
from search.tests.engines import point_settings_at, start_cluster
from search.tests.fixtures import load_corpus, search_engine  # noqa: F401
from search.tests.relevance.corpus import ITEMS, THESAURUS


@pytest.fixture
def one_node():
    cluster = start_cluster(1)
    yield cluster
    cluster.stop()
    reset_engine()


@pytest.fixture
def three_nodes():
    cluster = start_cluster(3)
    yield cluster
    cluster.stop()
    reset_engine()


def _wait_until_searchable(cluster, timeout=60):
    """The node is back once its shards are recovered (cluster health no longer red)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = cluster.health(cluster.http_ports[0])
        if health and health.get("status") in ("green", "yellow"):
            return
        time.sleep(0.3)
    raise AssertionError("the engine did not recover its shards")


def _run_beat_entry(task_name: str) -> None:
    """What Celery beat does when the entry of ``task_name`` in the beat schedule is due."""
    (entry,) = [
        beat.ScheduleEntry(name=name, app=celery_app, **spec)
        for name, spec in celery_app.conf.beat_schedule.items()
        if spec["task"] == task_name
    ]
    assert entry.schedule.run_every.total_seconds() <= 60  # soon after the engine is back
    beat.Scheduler(celery_app, lazy=True).apply_async(entry, advance=False)


def _search(client, q, **params):
    response = client.get("/api/v1/search/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_engine_dies_then_returns_backlog_replayed(
    one_node, settings, client, demo, django_capture_on_commit_callbacks
):
    from toolbox.models import ThemePage

    point_settings_at(settings, one_node.urls)
    call_command("search_reindex", verbosity=0)
    first = _search(client, "tourisme", lang="fr", type="theme")
    assert first["degraded"] is False
    assert "tourism" in [r["key"] for r in first["results"]]

    one_node.kill()
    theme = ThemePage.objects.get(key="tourism", locale__language_code="fr")
    theme.title = "Oenotourisme numérique"
    with django_capture_on_commit_callbacks(execute=True):
        theme.save_revision().publish()
    assert PendingIndexChange.objects.count() == 1  # the change waits in the backlog

    degraded = _search(client, "oenotourisme", lang="fr", type="theme")
    assert degraded["degraded"] is True
    assert [r["key"] for r in degraded["results"]] == ["tourism"]
    assert degraded["results"][0]["title"] == "Oenotourisme numérique"
    health = client.get("/health/").json()
    assert health["search_index"]["engine"] == "down"
    assert health["search_index"]["backlog"] == 1

    one_node.start()
    _wait_until_searchable(one_node)
    back = _search(client, "oenotourisme", lang="fr", type="theme")
    assert back["degraded"] is False
    # a visitor's search never replays: the change still waits for the periodic replay
    assert PendingIndexChange.objects.get().attempts >= 1  # its failed delivery, noted
    _run_beat_entry("search.replay_backlog")
    assert PendingIndexChange.objects.count() == 0

    get_engine().refresh()
    replayed = _search(client, "oenotourisme", lang="fr", type="theme")
    assert replayed["degraded"] is False
    assert [r["key"] for r in replayed["results"]] == ["tourism"]
    health = client.get("/health/").json()
    assert health["search_index"]["engine"] == "up"
    assert health["search_index"]["backlog"] == 0


@pytest.mark.django_db
def test_slow_engine_answers_degraded_within_the_timeout(one_node, settings, client):
    point_settings_at(settings, one_node.urls)
    load_corpus(ITEMS, THESAURUS)
    proxy = SlowProxy(one_node.http_ports[0], delay=3.0).start()
    try:
        point_settings_at(settings, [proxy.url], timeout=0.5)
        started = time.monotonic()
        data = _search(client, "mots de passe", lang="fr")
        elapsed = time.monotonic() - started
    finally:
        proxy.stop()
    assert data["degraded"] is True
    assert "password-guide" in [r["key"] for r in data["results"]]
    assert elapsed < 2.5, f"the slow engine held the request for {elapsed:.1f}s"


@pytest.mark.django_db
def test_three_node_engine_survives_losing_a_node(three_nodes, settings, client):
    point_settings_at(settings, three_nodes.urls)
    load_corpus(ITEMS, THESAURUS)
    from search.engine import get_engine

    engine = get_engine()
    deadline = time.monotonic() + 60
    while engine.ping()["status"] != "green" and time.monotonic() < deadline:
        time.sleep(0.5)
    before = _search(client, "facturation électronique", lang="fr")
    assert before["degraded"] is False and before["results"]

    three_nodes.stop_node(2)
    for query in ["facturation électronique", "mots de passe", "teletrabajo"]:
        after = _search(client, query, lang="fr")
        assert after["degraded"] is False, query
        assert after["results"], query
    again = _search(client, "facturation électronique", lang="fr")
    assert [r["key"] for r in again["results"]] == [r["key"] for r in before["results"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sync_task_retries_with_backoff_until_the_engine_returns(
    one_node, settings, celery_worker, client
):
    """Through the real broker and a real worker: the task enqueued on commit fails while the
    engine is down, retries with backoff, and delivers once the engine is back."""
    from search.engine import get_engine
    from toolbox.tests import factories

    # producer pools opened before the fixture chose the broker: drop them
    celery_worker.app._pool = None
    celery_worker.app.amqp._producer_pool = None
    point_settings_at(settings, one_node.urls)
    get_engine().ensure_index()
    factories.locales()
    security = factories.theme()
    section = factories.section(factories.partner())

    one_node.kill()
    started = time.monotonic()
    guide = factories.guide(section, security, title="Sauvegardes hors ligne")  # commits
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the worker tried, and failed
        change = PendingIndexChange.objects.filter(group__endswith=guide.translation_key).first()
        if change is not None and change.attempts >= 1:
            break
        time.sleep(0.2)
    assert change is not None and change.attempts >= 1, "the task did not run"
    assert change.last_error  # why it failed, kept with the change

    one_node.start()
    _wait_until_searchable(one_node)
    deadline = time.monotonic() + 150  # backoff 2, 4, 8, 16, 32 s...
    while PendingIndexChange.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not PendingIndexChange.objects.exists(), "the retries did not deliver the change"
    assert time.monotonic() - started >= 2  # at least one backoff waited
    get_engine().refresh()
    data = _search(client, "sauvegardes hors ligne", lang="fr")
    assert data["degraded"] is False
    assert data["results"][0]["title"] == "Sauvegardes hors ligne"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backlog_replayed_by_the_beat_entry_on_the_worker_never_by_a_search(
    search_engine,  # noqa: F811 (the fixture imported above)
    celery_worker,
    client,
):
    """Through the real broker and a real worker. The broker is unreachable when a change
    commits: its sync cannot be enqueued, so the outbox keeps it and the backlog is flagged.
    Once the broker is back, visitors' searches leave the backlog alone (with the former
    trigger, the first search after an outage enqueued the replay); the periodic
    ``search.replay_backlog``, sent as beat sends it, delivers the change on the worker."""
    from toolbox.tests import factories

    def reset_producers():  # pools opened with another broker URL: drop them
        celery_worker.app._pool = None
        celery_worker.app.amqp._producer_pool = None

    reset_producers()
    factories.locales()
    security = factories.theme()
    section = factories.section(factories.partner())
    deadline = time.monotonic() + 60
    while PendingIndexChange.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # the worker syncs what the set-up published
    assert not PendingIndexChange.objects.exists()

    conf = celery_worker.app.conf
    broker_url = conf.get("broker_write_url")  # where tasks go (the worker keeps its own)
    conf.broker_write_url = "redis://127.0.0.1:9/0"  # nothing listens there
    reset_producers()
    try:
        guide = factories.guide(section, security, title="Sauvegardes hors ligne")  # commits
    finally:
        conf.broker_write_url = broker_url
        reset_producers()
    waiting = PendingIndexChange.objects.filter(group__endswith=guide.translation_key)
    assert waiting.get().attempts == 1
    assert "could not enqueue" in waiting.get().last_error

    for _ in range(2):
        data = _search(client, "sauvegardes hors ligne", lang="fr")
        assert data["degraded"] is False
        assert "Sauvegardes hors ligne" not in [r["title"] for r in data["results"]]
    time.sleep(2)  # ample time for the worker to run a replay, had a search enqueued one
    assert waiting.exists()

    _run_beat_entry("search.replay_backlog")
    deadline = time.monotonic() + 60
    while PendingIndexChange.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not PendingIndexChange.objects.exists(), "the periodic replay did not deliver"
    get_engine().refresh()
    data = _search(client, "sauvegardes hors ligne", lang="fr")
    assert data["results"][0]["title"] == "Sauvegardes hors ligne"


@pytest.mark.django_db
def test_periodic_replay_acts_only_on_undelivered_changes(search_engine):  # noqa: F811 (fixture)
    """A change whose sync task is on its way is left to it; one whose delivery failed, or
    that waited longer than ``REPLAY_AFTER_SECONDS`` (its task was lost), is replayed."""
    from django.utils import timezone

    from search.services import REPLAY_AFTER_SECONDS
    from search.tasks import replay_backlog

    now = timezone.now()
    PendingIndexChange.objects.create(group="corpus:on-its-way", queued_at=now)
    assert replay_backlog.apply().get() == 0
    assert PendingIndexChange.objects.count() == 1

    PendingIndexChange.objects.create(group="corpus:failed", queued_at=now, attempts=1)
    assert replay_backlog.apply().get() == 2  # the whole backlog goes, oldest first
    assert not PendingIndexChange.objects.exists()

    PendingIndexChange.objects.create(
        group="corpus:lost", queued_at=now - dt.timedelta(seconds=REPLAY_AFTER_SECONDS + 1)
    )
    assert replay_backlog.apply().get() == 1
    assert not PendingIndexChange.objects.exists()
