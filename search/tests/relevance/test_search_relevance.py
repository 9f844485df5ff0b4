"""Relevance of the search API on a trilingual corpus, per query category, on the real engine.

recall@10 = share of the expected items found in the first ten results; MRR = mean of 1/rank
of the first expected item (0 when none is in the first ten). Thresholds, per category:

* monolingual, accents, stems, phrases, filters: the analyzers (stemming, folding, phrase
  queries, filters) are deterministic on such texts: every expected item must be found
  (recall 1.0) and nearly always first (MRR >= 0.85).
* cross_language: shared words (brand names, acronyms) and the thesaurus carry these: all found,
  MRR >= 0.8 (a same-language item may rank above on a one-word query).
* typos: fuzzy matching (edit distance 1-2 on unstemmed words) can prefer another real word:
  recall >= 0.8, MRR >= 0.6.
* hardest (single-language item, no shared word, no thesaurus concept): only the cross-lingual
  embeddings (and their candidates from the query translated by the lexicon learned from the
  translation groups, ``search.lexicon``) can find these; a small multilingual sentence encoder
  is known to be imperfect on one- or two-word queries, so we ask recall >= 0.9 (issue 14: 9
  of 10 found; 0.85 before the lexicon) and MRR >= 0.5, and report the figures.

The measured figures are printed (``pytest -s``) and recorded in docs/search.md.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from search.tests.fixtures import load_corpus, search_engine  # noqa: F401

from .corpus import ITEMS, QUERIES, THESAURUS

# Issue 14's goals: MRR >= 0.85 in every category but the semantic one ("hardest"), >= 0.5 there.
THRESHOLDS = {
    "monolingual": (1.0, 0.85),
    "cross_language": (1.0, 0.85),
    "hardest": (0.9, 0.5),
    "accents": (1.0, 0.85),
    "typos": (0.8, 0.85),
    "stems": (1.0, 0.85),
    "phrases": (1.0, 0.85),
    "filters": (1.0, 0.85),
}


def _params(query: str, extra: dict) -> dict:
    params = {"q": query, "page_size": 10, **extra}
    if params.get("date_from") == "TODAY":
        params["date_from"] = timezone.localdate().isoformat()
    return params


def evaluate(client) -> dict[str, dict]:
    per_category: dict[str, dict] = {}
    for category, query, extra, expected in QUERIES:
        response = client.get("/api/v1/search/", _params(query, extra))
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["degraded"] is False, "the relevance set must run on the engine"
        keys = [r["key"] for r in data["results"]][:10]
        found = [k for k in expected if k in keys]
        first = min((keys.index(k) + 1 for k in found), default=None)
        stats = per_category.setdefault(category, {"recall": [], "rr": [], "misses": []})
        stats["recall"].append(len(found) / len(expected))
        stats["rr"].append(1 / first if first else 0.0)
        if len(found) < len(expected) or first != 1:
            stats["misses"].append((query, expected, keys[:5]))
    return per_category


@pytest.mark.django_db
def test_relevance_per_category(search_engine, client):  # noqa: F811
    load_corpus(ITEMS, THESAURUS)
    assert len(QUERIES) >= 40
    results = evaluate(client)
    lines = []
    failures = []
    for category, (min_recall, min_mrr) in THRESHOLDS.items():
        stats = results[category]
        recall = sum(stats["recall"]) / len(stats["recall"])
        mrr = sum(stats["rr"]) / len(stats["rr"])
        lines.append(
            f"{category:<15} n={len(stats['recall']):>2} recall@10={recall:.3f} "
            f"MRR={mrr:.3f} (thresholds {min_recall}, {min_mrr})"
        )
        for miss in stats["misses"]:
            lines.append(f"    {miss[0]!r}: expected {miss[1]}, got {miss[2]}")
        if recall < min_recall or mrr < min_mrr:
            failures.append(category)
    print("\n" + "\n".join(lines))
    assert not failures, "below threshold: " + ", ".join(failures) + "\n" + "\n".join(lines)


@pytest.mark.django_db
def test_upcoming_event_ranks_above_past_event(search_engine, client):  # noqa: F811
    load_corpus(ITEMS, THESAURUS)
    data = client.get(
        "/api/v1/search/", {"q": "ciberseguridad pymes", "lang": "es", "type": "event"}
    ).json()
    keys = [r["key"] for r in data["results"]]
    assert keys.index("event-toulouse") < keys.index("event-bilbao-past")
    event = data["results"][keys.index("event-toulouse")]
    assert event["city"] == "Toulouse"
    assert dt.datetime.fromisoformat(event["start"]) > timezone.now()
