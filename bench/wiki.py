"""Partner wiki benchmark: saves under concurrent edits, diffs, history listing, merges.

    .venv/bin/python bench/wiki.py            # uses DATABASE_URL (PostgreSQL for real figures)
    .venv/bin/python bench/wiki.py --quick    # smaller runs, for a first look

Every figure is printed next to a baseline measured in the same run on the same data:
- save: ``wiki.services.page_save`` (row lock, base-revision check, three-way merge when the
  page moved on, new revision, page update, tasks enqueued on commit) against a plain
  ``UPDATE`` of the same row with the same 50 KB text, by the same number of threads;
- diff: our two-pass word diff against difflib's SequenceMatcher over the words of the whole
  text (what a straightforward word diff costs);
- history: the history page as a signed-in partner gets it (full request), and the API's
  revision list, against the bare SQL query for the same 50 rows;
- merge: ``merge_texts`` against one difflib line diff of the same texts.

It runs in a database of its own (created and dropped like a test database), so it never
touches real content. Targets (on 2 cores): save p95 < 150 ms, diff < 200 ms, history < 300 ms.
Exits with status 1 when a target is missed. Results also go to bench/results/wiki.json.
"""

from __future__ import annotations

import argparse
import difflib
import json
import multiprocessing
import os
import queue
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

TARGETS_MS = {"save_p95": 150.0, "save_p95_paced": 150.0, "diff": 200.0, "history": 300.0}
WORDS = (
    "sauvegarde données entreprise réseau sécurité mot passe client facture gestion outil "
    "numérique copia seguridad empresa red cliente herramienta gestão dados rede ferramenta "
    "the backup company network security password customer invoice tool digital"
).split()


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def document(rng: random.Random, size: int) -> list[str]:
    """Paragraphs (and a heading every 8) adding up to ``size`` bytes."""
    paras: list[str] = []
    total = 0
    while total < size:
        p = (
            f"## Section {len(paras) // 8 + 1}"
            if len(paras) % 8 == 0
            else paragraph(rng, rng.randint(40, 90))
        )
        paras.append(p)
        total += len(p.encode()) + 2
    return paras


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[k]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def timed(fn, repeat: int) -> tuple[float, float]:
    """(median, best) in ms."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return ms(statistics.median(runs)), ms(min(runs))


def progress(text: str) -> None:
    print(f"  … {text}", flush=True)


def make_people():
    from django.contrib.auth import get_user_model

    from wiki import services
    from wiki.models import Role, WorkingGroup

    group = WorkingGroup.objects.create(name="Bench", slug="bench", theme_key="security")
    users = []
    for i in range(8):
        user = get_user_model().objects.create_user(f"bench{i}", f"bench{i}@example.org", "x")
        services.membership_set(group=group, user=user, role=Role.MEMBER)
        users.append(user)
    return group, users


# --- Save under concurrent edits --------------------------------------------------------


def _writer(i, page_pk, user_pks, writers, saves, think_ms, barrier, results):
    """One writer (a process of its own, like a web worker): read, change its part, save."""
    from django.contrib.auth import get_user_model

    from wiki import services
    from wiki.models import WikiPage

    connections.close_all()  # never share the parent's connection
    user = get_user_model().objects.get(pk=user_pks[i])
    local = random.Random(100 + i)
    latencies, statuses = [], []
    barrier.wait()
    for n in range(saves):
        if think_ms:
            time.sleep(local.uniform(0, 2 * think_ms) / 1000)
        current = WikiPage.objects.get(pk=page_pk)
        text = current.content.rstrip("\n").split("\n\n")
        # Each writer works in its own part of the page, so concurrent saves merge.
        index = i + writers * local.randrange(max(1, len(text) // writers - 1))
        if text[index].startswith("##"):
            index += writers
        text[index] = paragraph(local, local.randint(40, 90)) + f" (w{i} n{n})"
        start = time.perf_counter()
        outcome = services.page_save(
            page=page_pk,
            base_revision_id=current.current_revision_id,
            content="\n\n".join(text) + "\n",
            author=user,
        )
        latencies.append(time.perf_counter() - start)
        statuses.append(outcome.status)
    connections.close_all()
    results.put((latencies, statuses))


def _updater(i, page_pk, text, saves, barrier, results):
    """Baseline writer: a plain UPDATE of the same row with the same text size."""
    connections.close_all()
    latencies = []
    barrier.wait()
    for n in range(saves):
        body = text + f"\nw{i} n{n}\n"
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE wiki_wikipage SET content = %s, updated_at = now() WHERE id = %s"
                if connection.vendor == "postgresql"
                else "UPDATE wiki_wikipage SET content = %s WHERE id = %s",
                [body, page_pk],
            )
        latencies.append(time.perf_counter() - start)
    connections.close_all()
    results.put((latencies, []))


def _run_writers(target, writers: int, args: tuple) -> tuple[list, list, float]:
    """Run ``writers`` copies of ``target`` at once: processes on PostgreSQL (as web workers
    would be), threads on SQLite (one file, one process)."""
    if connection.vendor == "postgresql":
        ctx = multiprocessing.get_context("fork")
        barrier, results = ctx.Barrier(writers), ctx.Queue()
        connections.close_all()
        workers = [
            ctx.Process(target=target, args=(i, *args, barrier, results)) for i in range(writers)
        ]
    else:
        barrier, results = threading.Barrier(writers), queue.Queue()
        workers = [
            threading.Thread(target=target, args=(i, *args, barrier, results))
            for i in range(writers)
        ]
    wall = time.perf_counter()
    for w in workers:
        w.start()
    collected = [results.get(timeout=600) for _ in workers]
    for w in workers:
        w.join()
    wall = time.perf_counter() - wall
    latencies = [x for lat, _st in collected for x in lat]
    statuses = [x for _lat, st in collected for x in st]
    return latencies, statuses, wall


def bench_save(group, users, *, writers: int, saves: int, size: int, think_ms: int = 0) -> dict:
    from wiki import services

    rng = random.Random(1)
    paras = document(rng, size)
    page = services.page_create(
        group=group,
        title=f"Save bench {writers}-{think_ms}",
        language="fr",
        content="\n\n".join(paras) + "\n",
        author=users[0],
    )
    latencies, statuses, wall = _run_writers(
        _writer, writers, (page.pk, [u.pk for u in users], writers, saves, think_ms)
    )
    base_latencies, _statuses, _wall = _run_writers(
        _updater, writers, (page.pk, "\n\n".join(paras) + "\n", saves)
    )
    page.refresh_from_db()
    return {
        "writers": writers,
        "saves": len(latencies),
        "page_kb": round(size / 1024),
        "saved": statuses.count("saved"),
        "merged": statuses.count("merged"),
        "conflicts": 0,
        "p50_ms": ms(pct(latencies, 50)),
        "p95_ms": ms(pct(latencies, 95)),
        "max_ms": ms(max(latencies)),
        "throughput_per_s": round(len(latencies) / wall, 1),
        "baseline_update_p50_ms": ms(pct(base_latencies, 50)),
        "baseline_update_p95_ms": ms(pct(base_latencies, 95)),
        "revisions": page.current_revision.number,
    }


# --- Diff ---------------------------------------------------------------------------------


def bench_diff(*, size: int, repeat: int) -> dict:
    from wiki.diff import diff_texts, tokens

    rng = random.Random(2)
    paras = document(rng, size)
    changed = list(paras)
    for i in rng.sample(range(len(changed)), 40):  # 40 words changed here and there
        words = changed[i].split()
        words[rng.randrange(len(words))] = "CHANGED"
        changed[i] = " ".join(words)
    for i in rng.sample(range(len(changed)), 10):  # 10 paragraphs rewritten
        changed[i] = paragraph(rng, 60)
    for _ in range(10):  # 10 paragraphs added
        changed.insert(rng.randrange(len(changed)), paragraph(rng, 50))
    a, b = "\n\n".join(paras), "\n\n".join(changed)
    rewritten = "\n\n".join(paragraph(rng, rng.randint(40, 90)) for _ in paras)

    ours = timed(lambda: diff_texts(a, b), repeat)
    ours_rewrite = timed(lambda: diff_texts(a, rewritten), repeat)
    naive = timed(
        lambda: difflib.SequenceMatcher(None, tokens(a), tokens(b)).get_opcodes(),
        max(1, repeat // 3),
    )
    lines = timed(lambda: list(difflib.unified_diff(a.splitlines(), b.splitlines())), repeat)
    return {
        "kb": (len(a.encode()) // 1024, len(b.encode()) // 1024),
        "ours_ms": ours[0],
        "ours_full_rewrite_ms": ours_rewrite[0],
        "baseline_difflib_words_ms": naive[0],
        "baseline_difflib_lines_ms": lines[0],
    }


# --- Merge --------------------------------------------------------------------------------


def bench_merge(*, size: int, repeat: int) -> dict:
    from wiki.merge import merge_texts

    rng = random.Random(3)
    paras = document(rng, size)
    theirs, mine = list(paras), list(paras)
    for i in range(1, len(paras), 7):
        theirs[i] = paragraph(rng, 50)
    for i in range(4, len(paras), 7):
        mine[i] = paragraph(rng, 50)
    base_t, theirs_t, mine_t = ("\n\n".join(x) + "\n" for x in (paras, theirs, mine))
    result = merge_texts(base_t, theirs_t, mine_t)
    assert result.clean
    conflicting = list(mine)
    conflicting[1] = "conflict " + conflicting[1]
    ours = timed(lambda: merge_texts(base_t, theirs_t, mine_t), repeat)
    with_conflict = timed(
        lambda: merge_texts(base_t, theirs_t, "\n\n".join(conflicting) + "\n"), repeat
    )
    baseline = timed(
        lambda: difflib.SequenceMatcher(
            None, base_t.splitlines(), mine_t.splitlines()
        ).get_opcodes(),
        repeat,
    )
    return {
        "kb": len(base_t.encode()) // 1024,
        "changed_paragraphs": (len(range(1, len(paras), 7)), len(range(4, len(paras), 7))),
        "clean_merge_ms": ours[0],
        "conflict_merge_ms": with_conflict[0],
        "baseline_one_difflib_line_diff_ms": baseline[0],
    }


# --- History --------------------------------------------------------------------------------


def bench_history(group, users, *, revisions: int, repeat: int) -> dict:
    from django.utils import timezone

    from wiki import services
    from wiki.models import WikiPage, WikiRevision

    rng = random.Random(4)
    text = "\n\n".join(document(rng, 5 * 1024))
    page = services.page_create(
        group=group, title="History bench", language="fr", content=text, author=users[0]
    )
    progress(f"creating {revisions} revisions")
    now = timezone.now()
    batch = []
    for n in range(2, revisions + 1):
        batch.append(
            WikiRevision(
                page=page,
                number=n,
                title=page.title,
                content=text + f"\n\nEdit {n}.",
                summary=f"edit {n}",
                author=users[n % len(users)],
                created_at=now,
                kind="edit",
                size=len(text) + 10,
            )
        )
        if len(batch) == 1000:
            WikiRevision.objects.bulk_create(batch)
            batch = []
    WikiRevision.objects.bulk_create(batch)
    last = WikiRevision.objects.get(page=page, number=revisions)
    WikiPage.objects.filter(pk=page.pk).update(current_revision=last, content=last.content)
    page.refresh_from_db()

    client = Client()
    client.force_login(users[1])
    url = f"/fr/wiki/g/{group.slug}/{page.slug}/history/"
    assert client.get(url).status_code == 200
    first = timed(lambda: client.get(url), repeat)
    middle = timed(lambda: client.get(url + "?page=50"), repeat)
    last_page = timed(lambda: client.get(url + f"?page={revisions // 50}"), repeat)
    api = timed(lambda: client.get(f"/api/v1/wiki/pages/{page.pk}/revisions/?page=50"), repeat)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT number, summary, created_at, author_id, kind, size FROM wiki_wikirevision "
                "WHERE page_id = %s ORDER BY number DESC LIMIT 50 OFFSET 2450",
                [page.pk],
            )
            cursor.fetchall()

    baseline = timed(raw, repeat)
    diff_url = f"/fr/wiki/g/{group.slug}/{page.slug}/diff/?from=1&to={revisions}"
    diff_page = timed(lambda: client.get(diff_url), repeat)
    from django.core.cache import cache

    from wiki import selectors

    key = selectors._blame_key(page.current_revision_id, page.current_revision.created_at)
    blame_cold = timed(lambda: (cache.delete(key), selectors.blame(page)), 1)
    blame_warm = timed(lambda: selectors.blame(page), repeat)
    return {
        "revisions": revisions,
        "history_first_page_ms": first[0],
        "history_page_50_ms": middle[0],
        "history_last_page_ms": last_page[0],
        "api_revisions_page_50_ms": api[0],
        "baseline_sql_50_rows_ms": baseline[0],
        "diff_view_rev1_to_last_ms": diff_page[0],
        "blame_cold_full_walk_ms": blame_cold[0],
        "blame_cached_ms": blame_warm[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs")
    args = parser.parse_args()
    quick = args.quick
    from cms.celery import app

    if settings.CELERY_BROKER_URL:
        # Enqueue for real (as in production) to a queue of the bench's own, purged at the end.
        app.conf.task_always_eager = False
        app.conf.task_default_queue = f"bench-wiki-{os.getpid()}"

    print(
        f"Wiki benchmark · database: {connection.vendor} · cores: {os.cpu_count()} · "
        f"search: {settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'].rsplit('.', 1)[-1]} · "
        f"tasks: {'broker' if not app.conf.task_always_eager else 'eager'}"
    )
    if connection.vendor != "postgresql":
        print("  (SQLite: figures are indicative only; set DATABASE_URL to PostgreSQL)")
    old_config = setup_databases(verbosity=0, interactive=False)
    results: dict = {}
    try:
        group, users = make_people()
        progress("save under concurrent edits")
        # SQLite locks the whole database: concurrent writers only measure its lock timeouts.
        writers = 4 if connection.vendor == "postgresql" else 1
        results["save"] = bench_save(
            group, users, writers=writers, saves=10 if quick else 40, size=50 * 1024
        )
        results["save_paced"] = bench_save(
            group, users, writers=writers, saves=10 if quick else 40, size=50 * 1024, think_ms=100
        )
        progress("diff of two 200 KB revisions")
        results["diff"] = bench_diff(size=200 * 1024, repeat=3 if quick else 9)
        progress("merge")
        results["merge_50kb"] = bench_merge(size=50 * 1024, repeat=3 if quick else 9)
        results["merge_200kb"] = bench_merge(size=200 * 1024, repeat=3 if quick else 7)
        progress("history of a page with many revisions")
        results["history"] = bench_history(
            group, users, revisions=500 if quick else 5000, repeat=3 if quick else 7
        )
    finally:
        teardown_databases(old_config, verbosity=0)
        if not app.conf.task_always_eager:
            with app.connection_for_write() as conn:
                app.amqp.queues[app.conf.task_default_queue].bind(conn.default_channel).purge()

    s, d, h = results["save"], results["diff"], results["history"]
    sp = results["save_paced"]
    m50, m200 = results["merge_50kb"], results["merge_200kb"]
    rows = [
        (
            f"save 50 KB, {s['writers']} writers: p50",
            s["p50_ms"],
            s["baseline_update_p50_ms"],
            "plain UPDATE p50",
        ),
        (
            f"save 50 KB, {s['writers']} writers: p95",
            s["p95_ms"],
            s["baseline_update_p95_ms"],
            "plain UPDATE p95",
        ),
        (
            f"save 50 KB, {sp['writers']} paced writers: p50",
            sp["p50_ms"],
            sp["baseline_update_p50_ms"],
            "plain UPDATE p50",
        ),
        (
            f"save 50 KB, {sp['writers']} paced writers: p95",
            sp["p95_ms"],
            sp["baseline_update_p95_ms"],
            "plain UPDATE p95",
        ),
        (
            "diff 200 KB (two-pass word diff)",
            d["ours_ms"],
            d["baseline_difflib_words_ms"],
            "difflib on words",
        ),
        (
            "diff 200 KB, everything rewritten",
            d["ours_full_rewrite_ms"],
            d["baseline_difflib_lines_ms"],
            "difflib unified_diff (lines only)",
        ),
        (
            "merge 50 KB (clean)",
            m50["clean_merge_ms"],
            m50["baseline_one_difflib_line_diff_ms"],
            "one difflib line diff",
        ),
        (
            "merge 200 KB (clean)",
            m200["clean_merge_ms"],
            m200["baseline_one_difflib_line_diff_ms"],
            "one difflib line diff",
        ),
        (
            "merge 200 KB (with a conflict)",
            m200["conflict_merge_ms"],
            m200["baseline_one_difflib_line_diff_ms"],
            "one difflib line diff",
        ),
        (
            f"history page 1 ({h['revisions']} revisions)",
            h["history_first_page_ms"],
            h["baseline_sql_50_rows_ms"],
            "SQL for the 50 rows",
        ),
        (
            "history page 50",
            h["history_page_50_ms"],
            h["baseline_sql_50_rows_ms"],
            "SQL for the 50 rows",
        ),
        (
            "history last page",
            h["history_last_page_ms"],
            h["baseline_sql_50_rows_ms"],
            "SQL for the 50 rows",
        ),
        (
            "API revisions, page 50",
            h["api_revisions_page_50_ms"],
            h["baseline_sql_50_rows_ms"],
            "SQL for the 50 rows",
        ),
        ("diff view rev 1 → last", h["diff_view_rev1_to_last_ms"], None, ""),
        ("blame, cold (walks every revision)", h["blame_cold_full_walk_ms"], None, ""),
        ("blame, cached", h["blame_cached_ms"], None, ""),
    ]
    print()
    print(f"{'measure':44} {'ours (ms)':>10} {'baseline (ms)':>14}  baseline")
    for name, ours, base, label in rows:
        base_text = f"{base:>14.2f}" if base is not None else f"{'':>14}"
        print(f"{name:44} {ours:>10.2f} {base_text}  {label}")
    for label, r in (("back to back", s), ("paced (think time 0-200 ms)", sp)):
        print(
            f"saves {label}: {r['saves']} ({r['saved']} straight, {r['merged']} merged with a "
            f"concurrent edit), {r['throughput_per_s']} saves/s on one page"
        )
    print(
        f"machine load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    verdicts = {
        "save_p95": s["p95_ms"],
        "save_p95_paced": sp["p95_ms"],
        "diff": d["ours_ms"],
        "history": max(
            h["history_first_page_ms"], h["history_page_50_ms"], h["history_last_page_ms"]
        ),
    }
    failed = False
    for key, value in verdicts.items():
        ok = value < TARGETS_MS[key]
        failed |= not ok
        print(
            f"target {key:14} < {TARGETS_MS[key]:.0f} ms: {value:.1f} ms {'OK' if ok else 'MISSED'}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "wiki.json").write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
