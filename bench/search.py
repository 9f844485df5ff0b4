"""Search benchmark: a synthetic trilingual corpus of 10,000 items, measured in one run.

    .venv/bin/python bench/search.py [--items 10000] [--queries 300]

Uses the engine of SEARCH_URL (with SEARCH_INDEX_PREFIX, default "bench_") or, without one, a
throwaway OpenSearch node started here from the installed jars; the database of DATABASE_URL
(default: a temporary SQLite file). Prints:

* indexing throughput of our path (search documents read from the database, mapped by
  modelsearch, bulk-loaded: what ``search_reindex`` does) against one direct bulk request of the
  same, pre-serialised documents;
* search API latency p50/p95 (Django test client, whole request: validation, thesaurus,
  embedding, engine query, rendering, query log) against the same engine request sent
  directly; suggest p95.

Targets (2 cores): search p95 < 60 ms and < 3x direct; suggest p95 < 30 ms; indexing >= half
of the direct bulk throughput. Exits with status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ["DEBUG"] = "0"
os.environ.setdefault("API_ANON_RATE", "1000000/minute")
os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench_")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

TOPICS = {
    "fr": [
        "cybersécurité",
        "sauvegarde des données",
        "mots de passe",
        "facturation électronique",
        "télétravail",
        "commerce en ligne",
        "réservation en ligne",
        "veille concurrentielle",
        "maintenance prédictive",
        "réseaux sociaux",
        "RGPD",
        "formation à distance",
        "traçabilité",
        "caisse connectée",
        "maquette numérique",
    ],
    "es": [
        "ciberseguridad",
        "copia de seguridad",
        "contraseñas",
        "facturación electrónica",
        "teletrabajo",
        "comercio electrónico",
        "reserva en línea",
        "vigilancia competitiva",
        "mantenimiento predictivo",
        "redes sociales",
        "RGPD",
        "formación a distancia",
        "trazabilidad",
        "caja conectada",
        "maqueta digital",
    ],
    "pt": [
        "cibersegurança",
        "cópia de segurança",
        "palavras-passe",
        "faturação eletrónica",
        "teletrabalho",
        "comércio eletrónico",
        "reserva online",
        "vigilância competitiva",
        "manutenção preditiva",
        "redes sociais",
        "RGPD",
        "formação à distância",
        "rastreabilidade",
        "caixa conectada",
        "maqueta digital",
    ],
    "en": [
        "cybersecurity",
        "data backup",
        "passwords",
        "e-invoicing",
        "remote work",
        "online shop",
        "online booking",
        "competitive intelligence",
        "predictive maintenance",
        "social media",
        "GDPR",
        "distance learning",
        "traceability",
        "connected till",
        "digital model",
    ],
}
FRAMES = {
    "fr": (
        "Guide : {t} pour les TPE",
        "Comment mettre en place {t} dans une petite entreprise de {s}.",
        "Étapes, outils et conseils pour {t} ; retour d'expérience en {s}.",
    ),
    "es": (
        "Guía: {t} para pymes",
        "Cómo poner en marcha {t} en una pequeña empresa de {s}.",
        "Pasos, herramientas y consejos para {t}; experiencia en {s}.",
    ),
    "pt": (
        "Guia: {t} para PME",
        "Como implementar {t} numa pequena empresa de {s}.",
        "Etapas, ferramentas e conselhos para {t}; experiência em {s}.",
    ),
    "en": (
        "Guide: {t} for small businesses",
        "How to set up {t} in a small {s} business.",
        "Steps, tools and advice for {t}; lessons from {s}.",
    ),
}
SECTORS = {
    "fr": ["tourisme", "bâtiment", "commerce", "industrie", "agroalimentaire"],
    "es": ["turismo", "construcción", "comercio", "industria", "agroalimentación"],
    "pt": ["turismo", "construção", "comércio", "indústria", "agroalimentar"],
    "en": ["tourism", "building", "retail", "industry", "agri-food"],
}
THEMES = ["security", "business-management", "e-hr", "business-intelligence", "mobility"]
SECTOR_KEYS = ["tourism", "building", "commerce", "industry", "agri-food"]
KINDS = ["guide", "video", "best_practice", "event", "diagnostic"]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def build_corpus(n: int, rng: random.Random):
    import datetime as dt

    from django.utils import timezone

    from search.sources import ItemData, TranslationText

    now = timezone.now()
    for i in range(n):
        topic = rng.randrange(len(TOPICS["fr"]))
        sector = rng.randrange(5)
        locales = [c for c in ("fr", "es", "pt") if rng.random() < 0.7] or ["fr"]
        if rng.random() < 0.3:
            locales.append("en")
        kind = rng.choice(KINDS)
        translations = {}
        for code in locales:
            title, summary, body = FRAMES[code]
            t, s = TOPICS[code][topic], SECTORS[code][sector]
            translations[code] = TranslationText(
                locale=code,
                title=f"{title.format(t=t, s=s)} #{i}",
                summary=summary.format(t=t, s=s),
                body=body.format(t=t, s=s) * 3,
                url=f"/{code}/bench/{i}/",
                api_url=f"/api/v2/pages/{i}/",
            )
        start = now + dt.timedelta(days=rng.randint(-300, 300)) if kind == "event" else None
        yield (
            f"bench:{i}",
            ItemData(
                kind=kind,
                item_key=f"item-{i}",
                translation_key=f"bench-{i}",
                original_locale=locales[0],
                translations=translations,
                themes=[THEMES[topic % 5]],
                sectors=[SECTOR_KEYS[sector]],
                partners=[f"partner-{i % 9}"],
                start=start,
                city="Toulouse" if start else "",
                published_at=now - dt.timedelta(minutes=i),
            ),
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--measure-writes",
        type=int,
        default=0,
        help="measure writing on the first N items only; the rest reuse the vectors of "
        "identical texts (default: all items, measured)",
    )
    parser.add_argument(
        "--reuse-documents",
        action="store_true",
        help="keep the search documents of an earlier run with the same --items (measures "
        "indexing and latency only)",
    )
    args = parser.parse_args()

    cluster = None
    if not os.environ.get("SEARCH_URL"):
        import django as _django

        _django.setup()
        from search.testing import EngineCluster

        cluster = EngineCluster(nodes=1, heap="1g", name="bench").start()
        os.environ["SEARCH_URL"] = cluster.urls[0]
        os.environ["SEARCH_BACKEND"] = "opensearch"
        print(f"throwaway OpenSearch node on {cluster.urls[0]}")
        from django.conf import settings

        from cms.settings import base as settings_module  # noqa: F401

        settings.SEARCH_BACKEND = "opensearch2"
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "wagtail.search.backends.opensearch2",
                "URLS": cluster.urls,
                "INDEX_PREFIX": os.environ["SEARCH_INDEX_PREFIX"],
                "TIMEOUT": 30,
            }
        }
    else:
        import django as _django

        _django.setup()
    try:
        met = run(args)
    finally:
        if cluster is not None:
            cluster.stop()
    return 0 if met else 1


def run(args) -> bool:
    from django.core.management import call_command

    from search.engine import reset_engine
    from search.models import SearchDocument

    call_command("migrate", verbosity=0)
    reset_engine()
    rng = random.Random(42)

    # 1. corpus -> search documents (database), vectors included
    reuse = (
        args.reuse_documents and SearchDocument.objects.filter(source="bench").count() == args.items
    )
    if reuse:
        for _ in build_corpus(args.items, rng):  # same random sequence for the queries
            pass
        print(f"corpus: reusing the {args.items} search documents of an earlier run")
    else:
        write_corpus(args, rng)
    return run_measures(args, rng)


def write_corpus(args, rng) -> None:
    import re

    from search import embeddings, services
    from search.models import SearchDocument

    SearchDocument.objects.all().delete()
    measured = min(args.measure_writes or args.items, args.items)
    corpus = build_corpus(args.items, rng)
    started, cpu_started = time.perf_counter(), time.process_time()
    batch = []
    for n, (group, data) in enumerate(corpus, 1):
        batch.append((group, data, "bench"))
        if len(batch) == 500 or n == measured:
            services.search_documents_write(items=batch)
            batch = []
        if n == measured:
            break
    build_s = time.perf_counter() - started
    cpu_s = time.process_time() - cpu_started
    print(
        f"corpus: {measured} items written as search documents in {build_s:.1f}s "
        f"({measured / build_s:.0f}/s wall, {measured / cpu_s:.0f}/s per CPU second of this "
        f"process; embeddings, database-search entries included)"
    )
    if measured == args.items:
        return
    # The rest of the corpus, not measured: the synthetic texts differ only by the item number
    # in the title, so each distinct text (without its number) is embedded once and its vector
    # reused. Everything else (rows, database-search entries) is written the normal way.
    number = re.compile(r" #\d+")
    real = embeddings.documents_vectors
    memo: dict = {}

    def reused_vectors(items, batch_size=256):
        import numpy as np

        from search.analysis import LANGUAGES

        texts = {number.sub("", t) for item in items for t in item.values()} - set(memo)
        if texts:
            texts = sorted(texts)
            memo.update(zip(texts, embeddings.embed(texts), strict=True))
        out = []
        for item in items:
            matrix = np.zeros((len(LANGUAGES), embeddings.DIM), dtype=np.float32)
            for i, code in enumerate(LANGUAGES):
                if item.get(code):
                    matrix[i] = memo[number.sub("", item[code])]
            out.append(matrix.tobytes())
        return out

    embeddings.documents_vectors = reused_vectors
    started = time.perf_counter()
    try:
        batch = []
        for group, data in corpus:
            batch.append((group, data, "bench"))
            if len(batch) == 500:
                services.search_documents_write(items=batch)
                batch = []
        services.search_documents_write(items=batch)
    finally:
        embeddings.documents_vectors = real
    print(
        f"corpus: {args.items - measured} more items written in "
        f"{time.perf_counter() - started:.1f}s (vectors of identical texts reused, not measured)"
    )


def run_measures(args, rng) -> bool:
    from django.core.management import call_command
    from django.test import Client
    from opensearchpy.helpers import bulk as direct_bulk

    from search import embeddings, query
    from search.engine import get_engine
    from search.models import SearchDocument

    engine = get_engine()

    # 2. indexing: our path (reindex into a new index + alias swap) vs one direct bulk.
    # The engine is warmed up first (a JVM indexes several times faster once its analysis
    # chains are compiled), then the two are measured alternately, twice each; best of each.
    docs = list(SearchDocument.objects.order_by("pk"))
    mapping = engine.mapping.get_mapping()

    def drop_ours():
        for name in list(engine.call("indices.get", index=f"{engine.alias}*")):
            engine.call("indices.delete", index=name)

    def direct_load(actions):
        engine.call("indices.delete", index="bench_direct", ignore_unavailable=True)
        engine.call(
            "indices.create",
            index="bench_direct",
            body={**engine.backend.settings, "mappings": mapping},
        )
        started = time.perf_counter()
        direct_bulk(engine.client, actions, chunk_size=500, request_timeout=120)
        engine.call("indices.refresh", index="bench_direct")
        elapsed = time.perf_counter() - started
        engine.call("indices.delete", index="bench_direct")
        return elapsed

    actions = [{"_index": "bench_direct", "_id": str(d.pk), **engine.document(d)} for d in docs]
    direct_load(actions[:2000])  # warm-up, not measured
    ours_runs, direct_runs = [], []
    for _round in range(2):
        drop_ours()
        started = time.perf_counter()
        call_command("search_reindex", "--engine-only", verbosity=0)
        ours_runs.append(time.perf_counter() - started)
        direct_runs.append(direct_load(actions))
    ours_s, direct_s = min(ours_runs), min(direct_runs)
    ours_rate, direct_rate = len(docs) / ours_s, len(docs) / direct_s
    print(
        f"indexing: ours {ours_rate:.0f} docs/s (reindex with alias swap, best of "
        f"{', '.join(f'{x:.1f}' for x in ours_runs)}s), direct bulk {direct_rate:.0f} docs/s "
        f"(best of {', '.join(f'{x:.1f}' for x in direct_runs)}s): "
        f"ratio {ours_rate / direct_rate:.2f} (target >= 0.5)"
    )

    # 3. latency: API vs the same engine request sent directly. One query in ten carries a
    # typo (a letter dropped from its longest word), as visitors' queries do. Everything is
    # run once first (steady state: engine caches, this process's query vectors and word
    # checks), then API and direct are measured interleaved, alternating which goes first.
    engine.refresh()
    client = Client()
    words = {c: TOPICS[c] + SECTORS[c] for c in TOPICS}
    searches = []
    typo_count = 0
    for _ in range(args.queries):
        code = rng.choice(list(words))
        q = rng.choice(words[code])
        if rng.random() < 0.3:
            q = f"{q} {rng.choice(words[code])}"
        if rng.random() < 0.1:
            longest = max(q.split(), key=len)
            if len(longest) >= 6:
                cut = rng.randrange(1, len(longest) - 1)
                q = q.replace(longest, longest[:cut] + longest[cut + 1 :], 1)
                typo_count += 1
        extra = {}
        if rng.random() < 0.2:
            extra["type"] = rng.choice(KINDS)
        searches.append((q, code, extra))

    def direct_body(q, code, extra):
        params = query.SearchParams(q=q, lang=code, types=[extra["type"]] if extra else [])
        text, _phrases = query.split_query(q)
        candidates = embeddings.store.nearest(
            embeddings.query_vector(text),
            params.searched_locales,
            query.SEMANTIC_CANDIDATES,
            query.SEMANTIC_FLOOR,
            kinds=params.types,
            exclude_kinds=list(query.SEE_ALSO_KINDS),
            audiences=params.audiences,
        )
        if candidates:
            cutoff = candidates[0][1] - query.SEMANTIC_WINDOW
            candidates = [c for c in candidates if c[1] >= cutoff]
        typos = query.unknown_words(engine, text, params.audiences, None)
        return query.build_body(params, candidates=candidates, typos=typos)

    bodies = []
    for q, code, extra in searches:  # warm-up of both paths, not measured
        client.get("/api/v1/search/", {"q": q, "lang": code, **extra})
        bodies.append(direct_body(q, code, extra))
        engine.search(bodies[-1], named_scores=True)
    api_ms, direct_ms, suggest_ms = [], [], []

    def time_api(q, code, extra):
        t = time.perf_counter()
        response = client.get("/api/v1/search/", {"q": q, "lang": code, **extra})
        api_ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200 and not response.json()["degraded"]

    def time_direct(body):
        t = time.perf_counter()
        engine.search(body, named_scores=True)
        direct_ms.append((time.perf_counter() - t) * 1000)

    for n, ((q, code, extra), body) in enumerate(zip(searches, bodies, strict=True)):
        if n % 2:
            time_api(q, code, extra)
            time_direct(body)
        else:
            time_direct(body)
            time_api(q, code, extra)
    print(f"queries: {len(searches)}, {typo_count} with a typo")
    for q, code, _extra in searches:
        prefix = q[: rng.randint(3, max(3, len(q)))]
        t = time.perf_counter()
        response = client.get("/api/v1/search/suggest/", {"q": prefix, "lang": code})
        suggest_ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    a50, a95 = percentile(api_ms, 50), percentile(api_ms, 95)
    d50, d95 = percentile(direct_ms, 50), percentile(direct_ms, 95)
    s50, s95 = percentile(suggest_ms, 50), percentile(suggest_ms, 95)
    print(f"search API: p50 {a50:.1f} ms, p95 {a95:.1f} ms (target < 60 ms)")
    print(
        f"direct engine query: p50 {d50:.1f} ms, p95 {d95:.1f} ms; "
        f"API/direct p95 {a95 / d95:.2f}x (target < 3x)"
    )
    print(f"suggest API: p50 {s50:.1f} ms, p95 {s95:.1f} ms (target < 30 ms)")
    print(f"machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name in list(engine.call("indices.get", index=f"{engine.alias}*")):
        engine.call("indices.delete", index=name)
    missed = [
        name
        for name, ok in [
            ("indexing >= 0.5x direct", ours_rate / direct_rate >= 0.5),
            ("search API p95 < 60 ms", a95 < 60),
            ("search API p95 < 3x direct", a95 < 3 * d95),
            ("suggest p95 < 30 ms", s95 < 30),
        ]
        if not ok
    ]
    if missed:
        print("targets missed: " + "; ".join(missed))
    return not missed


if __name__ == "__main__":
    sys.exit(main())
