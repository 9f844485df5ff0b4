"""Delivery API benchmark: /api/v1 against Wagtail's API v2 on the same corpus, in one run.

    .venv/bin/python bench/api.py [--guides 600] [--requests 300]

Corpus: ``--guides`` guides in French, each translated into Spanish and Portuguese and half of
them into English (600 guides: 2,100 pages in four locales), with tags, audiences, sectors
and a body, under the usual themes, partner and partner section. Built once per database and
reused (the corpus is recognised by its keys).

Database: DATABASE_URL (default: a temporary SQLite file). A PostgreSQL database that does not
exist yet is created. Cache: REDIS_URL when set (CACHE_KEY_PREFIX defaults to "bench_api"),
else local memory. Celery tasks run eagerly here so no worker of another database picks them.

Measured with Django's test client, sequentially, whole requests (middleware, throttling,
negotiation, serialisation, rendering), for each of:

* list: 20 items per page, every page of the Spanish guides, v1 ``/api/v1/guides/?lang=es``
  and v2 ``/api/v2/pages/?type=toolbox.GuidePage&locale=es``; plus v1 with a fallback chain
  (``lang=en&fallback=es,fr``) for which v2 has no equivalent;
* detail: random Spanish guides, v1 ``/api/v1/guides/<id>/`` and v2 ``/api/v2/pages/<id>/``.

"cold" for v1: the response cache is invalidated before every request (as after a publish),
so each one is computed from the database. "warm": every URL was requested once before.
v2 keeps no response cache: its "cold" pass is the first over the URLs, "warm" the second.

Targets: v1 cold throughput >= v2; v1 warm >= 5x v2 (both per kind, list and detail).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchdb import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ["DEBUG"] = "0"
os.environ.setdefault("API_ANON_RATE", "100000000/minute")
os.environ.setdefault("CACHE_KEY_PREFIX", "bench_api")
os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench_api_")
os.environ.setdefault("LOG_LEVEL", "WARNING")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench_api.sqlite3"

KEY_PREFIX = "bench-guide-"
LOCALES = ("fr", "es", "pt", "en")
WORDS = {
    "fr": ("Guide", "sauvegardes", "mots de passe", "facturation", "télétravail", "RGPD"),
    "es": ("Guía", "copias de seguridad", "contraseñas", "facturación", "teletrabajo", "RGPD"),
    "pt": ("Guia", "cópias de segurança", "palavras-passe", "faturação", "teletrabalho", "RGPD"),
    "en": ("Guide", "backups", "passwords", "invoicing", "remote work", "GDPR"),
}


def texts(code: str, n: int) -> dict:
    label, *topics = WORDS[code]
    topic = topics[n % len(topics)]
    return {
        "title": f"{label} {n}: {topic}",
        "summary": f"{label} {n} — {topic} ({code}).",
        "body": [("paragraph", f"<p>{topic} · {label} {n} · " + "texte " * 40 + "</p>")],
    }


def build_corpus(guides: int) -> None:
    from django.db import transaction
    from wagtail.models import Page

    from toolbox.models import Audience, GuidePage, Partner, PartnerSectionPage, ThemePage
    from toolbox.tests import factories as f

    existing = GuidePage.objects.filter(key__startswith=KEY_PREFIX, locale__language_code="fr")
    if existing.count() >= guides:
        print(f"[bench] reusing the corpus: {GuidePage.objects.count()} guide pages")
        return
    started = time.perf_counter()
    locales = f.locales()
    with transaction.atomic():
        homes = {code: f.home(code) for code in LOCALES}
        security = ThemePage.objects.filter(key="security", locale=locales["fr"]).first()
        security = security or f.theme()
        tourism = ThemePage.objects.filter(key="tourism", locale=locales["fr"]).first()
        tourism = tourism or f.theme(key="tourism", kind="sectoral", title="Tourisme")
        partner = Partner.objects.filter(key="cybermassif", locale=locales["fr"]).first()
        partner = partner or f.partner()
        audience = Audience.objects.filter(key="micro", locale=locales["fr"]).first()
        audience = audience or f.audience()
        section = PartnerSectionPage.objects.filter(locale=locales["fr"]).first()
        section = section or f.section(partner)
        for theme in (security, tourism):
            for code in LOCALES[1:]:
                if not theme.has_translation(locales[code]):
                    f.publish(theme.copy_for_translation(locales[code], copy_parents=True))
        for code in LOCALES[1:]:
            if not section.has_translation(locales[code]):
                f.publish(section.copy_for_translation(locales[code], copy_parents=True))
    del homes
    done = existing.count()
    for n in range(done, guides):
        with transaction.atomic():
            guide = GuidePage(
                key=f"{KEY_PREFIX}{n}", theme=security, level="beginner", **texts("fr", n)
            )
            section.add_child(instance=guide)
            guide.tags.add("bench", ["backup", "gdpr", "passwords"][n % 3])
            guide.audiences.add(audience)
            if n % 2:
                guide.sectors.add(tourism)
            f.publish(guide)
            for code in ("es", "pt") + (("en",) if n % 2 == 0 else ()):
                translated = guide.copy_for_translation(locales[code])
                for name, value in texts(code, n).items():
                    setattr(translated, name, value)
                translated.save()
                f.publish(translated)
        if (n + 1) % 100 == 0:
            print(f"[bench] {n + 1}/{guides} guides", flush=True)
    pages = Page.objects.filter(locale__isnull=False).count()
    print(
        f"[bench] corpus built in {time.perf_counter() - started:.0f} s: "
        f"{GuidePage.objects.count()} guide pages, {pages} pages in all"
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def measure(client, urls: list[str], before_each=None) -> dict:
    latencies = []
    total = 0.0
    for url in urls:
        if before_each:
            before_each()
        started = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT="application/json")
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"[bench] {url} answered {response.status_code}")
        latencies.append(elapsed * 1000)
        total += elapsed
    return {
        "rps": len(urls) / total,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "n": len(urls),
    }


def run(args) -> int:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from delivery.cache import content_changed_now
    from toolbox.models import GuidePage

    call_command("migrate", verbosity=0)
    build_corpus(args.guides)
    cache.clear()
    rng = random.Random(7)
    client = Client()

    es_ids = list(
        GuidePage.objects.live()
        .filter(locale__language_code="es", key__startswith=KEY_PREFIX)
        .values_list("pk", flat=True)
    )
    pages = max(1, len(es_ids) // 20)
    list_pages = [1 + (i % pages) for i in range(args.requests)]
    rng.shuffle(list_pages)
    details = [rng.choice(es_ids) for _ in range(args.requests)]

    urls = {
        ("list", "v1"): [f"/api/v1/guides/?lang=es&page={p}" for p in list_pages],
        ("list", "v2"): [
            f"/api/v2/pages/?type=toolbox.GuidePage&locale=es&limit=20&offset={(p - 1) * 20}"
            for p in list_pages
        ],
        ("list+fallback", "v1"): [
            f"/api/v1/guides/?lang=en&fallback=es,fr&page={p}" for p in list_pages
        ],
        ("detail", "v1"): [f"/api/v1/guides/{pk}/" for pk in details],
        ("detail", "v2"): [f"/api/v2/pages/{pk}/" for pk in details],
    }
    # Warm-up: code paths, connections, Wagtail's site root paths.
    for key in urls:
        measure(client, urls[key][:5])

    results = {}
    for kind in ("list", "list+fallback", "detail"):
        if (kind, "v2") in urls:
            results[(kind, "v2", "cold")] = measure(client, urls[(kind, "v2")])
            results[(kind, "v2", "warm")] = measure(client, urls[(kind, "v2")])
        results[(kind, "v1", "cold")] = measure(
            client, urls[(kind, "v1")], before_each=content_changed_now
        )
        content_changed_now()
        measure(client, sorted(set(urls[(kind, "v1")])))  # fill the response cache
        results[(kind, "v1", "warm")] = measure(client, urls[(kind, "v1")])

    from django.conf import settings
    from django.db import connection

    print()
    print(
        f"Delivery API benchmark: {GuidePage.objects.count()} guide pages "
        f"({connection.vendor}, cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}),"
        f" {args.requests} requests per row, sequential, Django test client"
    )
    header = f"{'kind':<14} {'api':<4} {'cache':<5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}"
    print(header)
    print("-" * len(header))
    for (kind, api, state), r in results.items():
        print(f"{kind:<14} {api:<4} {state:<5} {r['rps']:>8.1f} {r['p50']:>8.2f} {r['p95']:>8.2f}")
    print()
    failures = 0
    for kind in ("list", "detail"):
        v2 = results[(kind, "v2", "warm")]["rps"]
        v2_cold = results[(kind, "v2", "cold")]["rps"]
        baseline = max(v2, v2_cold)
        cold = results[(kind, "v1", "cold")]["rps"] / baseline
        warm = results[(kind, "v1", "warm")]["rps"] / baseline
        cold_ok, warm_ok = cold >= 1.0, warm >= 5.0
        failures += (not cold_ok) + (not warm_ok)
        print(
            f"{kind}: v1 uncached = {cold:.2f}x v2 (target >= 1x: {'met' if cold_ok else 'MISSED'}),"
            f" v1 warm = {warm:.1f}x v2 (target >= 5x: {'met' if warm_ok else 'MISSED'})"
        )
    return 1 if failures and args.strict else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guides", type=int, default=600, help="French guides (x3.5 pages)")
    parser.add_argument("--requests", type=int, default=300, help="requests per measured row")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from cms.celery import app

    # Tasks (search sync, webhooks) run here, against this database, never on a shared worker.
    app.conf.task_always_eager = True
    sys.exit(run(args))


if __name__ == "__main__":
    main()
