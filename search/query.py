"""Reads of the search app: the search itself, suggestions, and the database fallback.

A query searches every content language at once. Per language, the stemmed fields (title over
summary over body over attached documents), their unstemmed ``exact`` sub-fields and a fuzzy
clause for typos (only on the words no visible document contains, see :func:`unknown_words`)
are combined; the languages are combined with ``dis_max`` (an item counts by
its best-matching language) and each language clause is named, so the engine tells which
version matched. Three further signals join the lexical ranking inside the engine:

* thesaurus expansions (the terms of every concept the query mentions, in every language);
* cross-lingual embeddings: the nearest items computed in-process (``search.embeddings``) enter
  the engine query as a ``script_score`` clause weighted by their similarity, so filters,
  facets, paging and the final ranking stay the engine's;
* editors' picks (Wagtail search promotions) first, and a boost for upcoming events.

One search document per translation group: results are collapsed by construction.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from html import unescape

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from toolbox.models import ThemePage

from . import embeddings, lexicon, thesaurus, versions
from .analysis import LANGUAGES
from .engine import (
    INDEX_VERSION_KEY,
    EngineUnavailable,
    get_engine,
    mark_down,
    mark_up,
    recently_down,
)
from .models import (
    ATTACHMENT_BOOST,
    PUBLIC_AUDIENCE,
    SUMMARY_BOOST,
    TITLE_BOOST,
    PendingIndexChange,
    SearchDocument,
)
from .services import group_of
from .stopwords import STOPWORDS

logger = logging.getLogger(__name__)

FACETS = {
    "type": "kind",
    "theme": "themes",
    "locale": "locales",
    "partner": "partners",
    "sector": "sectors",
}
# Cross-lingual candidates: at most SEMANTIC_CANDIDATES items whose cosine similarity is above
# SEMANTIC_FLOOR and within SEMANTIC_WINDOW of the best one (a query's vector is compared with
# whole documents, so absolute similarities are low; what counts is standing out).
SEMANTIC_CANDIDATES = 20
SEMANTIC_FLOOR = 0.15
SEMANTIC_WINDOW = 0.2  # was 0.12: a wider window lets more untranslated items in (recall)
SEMANTIC_WEIGHT = 12.0  # score given to a perfect (cosine 1) semantic match
# Translation candidates learned from our translation groups (search.lexicon): a lower-weight
# way to match in the target language (any one of the words suffices).
LEXICON_BOOST = 0.5
# ... and, as a translated query, a second source of semantic candidates (similarity x 0.9)
LEXICON_VARIANT_DISCOUNT = 0.9
UPCOMING_EVENT_BOOST = 1.1  # breaks near-ties: an event must not outrank a better-matching guide
# Kinds shown apart from the results ("see also"), unless the reader filters on them.
SEE_ALSO_KINDS = ("theme", "partner")
SEE_ALSO_SIZE = 3
PROMOTION_BOOST = 10_000.0
_PHRASE = re.compile(r'"([^"]+)"')


@dataclass
class SearchParams:
    q: str = ""
    lang: str = "fr"
    types: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1
    page_size: int = 20
    audiences: list[str] = field(default_factory=lambda: [PUBLIC_AUDIENCE])

    @property
    def searched_locales(self) -> list[str]:
        return [code for code in LANGUAGES if not self.locales or code in self.locales]


@dataclass
class SearchOutcome:
    count: int
    results: list[dict]
    facets: dict[str, dict[str, int]]
    degraded: bool = False
    backend: str = "engine"
    took_ms: float = 0.0
    expansions: dict[str, list[str]] = field(default_factory=dict)
    did_you_mean: str | None = None
    see_also: list[dict] = field(default_factory=list)
    # content changes recorded but not yet in the index (the answer may miss them)
    pending_changes: int = 0


def splits_see_also(params: SearchParams) -> bool:
    """Whether themes and partners are kept apart from the results (the reader did not
    filter on one of their kinds)."""
    return not set(params.types) & set(SEE_ALSO_KINDS)


def split_query(q: str) -> tuple[str, list[str]]:
    """Free text and the phrases in double quotes."""
    phrases = [p.strip() for p in _PHRASE.findall(q) if p.strip()]
    rest = _PHRASE.sub(" ", q).replace('"', " ")
    return " ".join(rest.split()), phrases


# what rendering a result reads from the database (not the texts nor the vectors)
RESULT_FIELDS = [
    "pk",
    "doc_key",
    "kind",
    "item_key",
    "audience",
    "original_locale",
    "locales",
    "themes",
    "translations",
    "start",
    "end",
    "city",
]


# --- engine query ---------------------------------------------------------------------------
def _fields(code: str, exact: bool = False, with_attachments: bool = True) -> list[str]:
    suffix = ".exact" if exact else ""
    fields = [
        f"title_{code}{suffix}^{TITLE_BOOST}",
        f"summary_{code}{suffix}^{SUMMARY_BOOST}",
        f"body_{code}{suffix}",
    ]
    if with_attachments:
        fields.append(f"attachments_{code}{suffix}^{ATTACHMENT_BOOST}")
    return fields


def content_words(text: str, code: str) -> str:
    """``text`` without the stop words of language ``code`` (all of it if nothing else
    remains)."""
    stop = STOPWORDS.get(code, frozenset())
    kept = [w for w in text.split() if w.lower().strip(".,;:!?'’") not in stop]
    return " ".join(kept) if kept else text


def _locale_clause(
    code: str,
    text: str,
    phrases: list[str],
    fuzzy: bool = True,
    typos: frozenset[str] = frozenset(),
) -> dict:
    should = []
    if text:
        msm = "2<-34%"  # short queries: every word; longer ones: two thirds of them
        # The exact sub-fields keep stop words: without this, "copia de seguridad" needed only
        # "de" and "seguridad" there, and nearly every Spanish text matched.
        exact_text = content_words(text, code)
        should += [
            {
                "multi_match": {
                    "query": text,
                    "fields": _fields(code),
                    "type": "best_fields",
                    "tie_breaker": 0.3,
                    "minimum_should_match": msm,
                }
            },
            # term-centric, at half weight: the words may also be spread over the title and
            # the text ("sauvegarde" in the title, "données" in the text); best_fields alone
            # wants them all in one field, but ranks a title match above the rest
            {
                "multi_match": {
                    "query": text,
                    "fields": _fields(code),
                    "type": "cross_fields",
                    "tie_breaker": 0.3,
                    "minimum_should_match": msm,
                    "boost": 0.5,
                }
            },
        ]
        typos = typos if fuzzy else frozenset()
        if fuzzy:
            should.append(
                {
                    "multi_match": {
                        "query": exact_text,
                        "fields": _fields(code, exact=True),
                        "type": "best_fields",
                        "tie_breaker": 0.3,
                        "minimum_should_match": msm,
                        "boost": 0.6,
                    }
                }
            )
        if typos:
            # Typo tolerance, only for the words the index does not know (term expansion is
            # the most expensive part of a query) and only in the reader's language, where
            # their typos are. Term-centric like the clauses above (each word counts by its
            # best field), with fuzziness on the unknown words only.
            per_word = []
            for unit in exact_text.split():
                per_field = []
                for spec in _fields(code, exact=True, with_attachments=False):
                    name, _caret, boost = spec.partition("^")
                    match: dict = {"query": unit, "boost": float(boost or 1)}
                    if unit in typos:
                        match.update(fuzziness="AUTO", prefix_length=1, max_expansions=25)
                    per_field.append({"match": {name: match}})
                per_word.append({"dis_max": {"queries": per_field, "tie_breaker": 0.3}})
            should.append(
                {"bool": {"should": per_word, "minimum_should_match": msm, "boost": 0.35}}
            )
    must = [
        {
            "multi_match": {
                "query": phrase,
                "fields": _fields(code, exact=True),
                "type": "phrase",
                "slop": 0,
            }
        }
        for phrase in phrases
    ]
    clause: dict = {"bool": {"_name": code}}
    if should:
        clause["bool"]["should"] = should
        if not must:
            clause["bool"]["minimum_should_match"] = 1
    if must:
        clause["bool"]["must"] = must
    return clause


def _expansion_clause(terms_by_language: dict[str, list[str]], locales: list[str]) -> dict | None:
    terms = sorted({t for ts in terms_by_language.values() for t in ts})
    if not terms:
        return None
    per_locale = []
    for code in locales:
        per_locale.append(
            {
                "bool": {
                    "_name": f"x:{code}",
                    "should": [
                        {
                            "multi_match": {
                                "query": term,
                                "fields": _fields(code),
                                "type": "phrase",
                                "slop": 1,
                            }
                        }
                        for term in terms
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return {"dis_max": {"queries": per_locale, "tie_breaker": 0.1, "boost": 0.8}}


def _lexicon_clauses(translations: dict[str, list[list[str]]], locales: list[str]) -> list[dict]:
    """The query translated word by word by the lexicon (``search.lexicon``), one clause per
    target language: another way for an item to match in that language. Each word of the
    query matches as itself or as one of its translations, and the translated query must match
    the same share of words as the query itself (a generic word's translation alone does not
    make an item match). The clauses join the languages' ``dis_max``: an item already matching
    the query's own words gains nothing from them."""
    clauses = []
    for code in locales:
        per_word = translations.get(code)
        if not per_word:
            continue
        clauses.append(
            {
                "bool": {
                    "_name": f"lex:{code}",
                    "should": [
                        {
                            "multi_match": {
                                "query": " ".join(alternatives),
                                "fields": _fields(code),
                                "type": "best_fields",
                                "tie_breaker": 0.3,
                            }
                        }
                        for alternatives in per_word
                    ],
                    "minimum_should_match": "2<-34%",
                    "boost": LEXICON_BOOST,
                }
            }
        )
    return clauses


def _semantic_clause(candidates: list[tuple[str, float, str]]) -> dict | None:
    if not candidates:
        return None
    weights = {
        key: round(SEMANTIC_WEIGHT * (sim - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR), 4)
        for key, sim, _code in candidates
    }
    return {
        "bool": {
            "_name": "semantic",
            "must": [
                {
                    "script_score": {
                        "query": {"terms": {"doc_key_filter": list(weights)}},
                        "script": {
                            "source": "params.w.getOrDefault(doc['doc_key_filter'].value, 0.0)",
                            "params": {"w": weights},
                        },
                    }
                }
            ],
        }
    }


def _filters(params: SearchParams) -> list[dict]:
    filters: list[dict] = [{"terms": {"audience_filter": params.audiences}}]
    for values, name in [
        (params.types, "kind"),
        (params.themes, "themes"),
        (params.sectors, "sectors"),
        (params.partners, "partners"),
        (params.locales, "locales"),
    ]:
        if values:
            filters.append({"terms": {f"{name}_filter": values}})
    if params.date_from or params.date_to:
        # A bare date is a day in the site's time zone (as in ``_matches`` and the /api/v1/
        # filters); without ``time_zone`` the engine would read it as a day in UTC, and
        # between 23:00 and 24:00 UTC (22:00 in summer) the two calendars disagree.
        window = {"time_zone": settings.TIME_ZONE}
        if params.date_from:
            window["gte"] = params.date_from.isoformat()
        if params.date_to:
            window["lte"] = params.date_to.isoformat() + "T23:59:59.999"
        filters.append(
            {
                "bool": {
                    "should": [
                        {"range": {"start_filter": window}},
                        {
                            "bool": {
                                "must_not": [{"exists": {"field": "start_filter"}}],
                                "filter": [{"range": {"published_at_filter": window}}],
                            }
                        },
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return filters


def build_body(
    params: SearchParams,
    *,
    expansions=None,
    candidates=None,
    translations=None,
    promoted=(),
    typos=frozenset(),
    now: dt.datetime | None = None,
) -> dict:
    """The engine request for ``params``: query, filters, highlight, facets, paging.
    ``typos``: the words of the query to match fuzzily (see :func:`unknown_words`)."""
    now = now or timezone.now()
    text, phrases = split_query(params.q)
    locales = params.searched_locales
    filters = _filters(params)
    facet_aggs = {
        name: {"terms": {"field": f"{attr}_filter", "size": 50}} for name, attr in FACETS.items()
    }
    split = splits_see_also(params)
    # Themes and partners answer "where to look", items answer the question: when the reader
    # did not ask for those kinds, hits, counts and facets are the items only, and the best
    # themes/partners come apart as "see also" (same query, same filters, one request).
    aside = {"terms": {"kind_filter": list(SEE_ALSO_KINDS)}}
    aggs: dict = {
        "items": {
            "filter": {"bool": {"must_not": [aside]}} if split else {"match_all": {}},
            "aggs": facet_aggs,
        }
    }
    body: dict = {
        "from": (params.page - 1) * params.page_size,
        "size": params.page_size,
        "track_total_hits": True,
        "_source": ["pk"],
        "aggs": aggs,
    }
    if split:
        body["post_filter"] = {"bool": {"must_not": [aside]}}
        if text or phrases:
            aggs["see_also"] = {
                "filter": aside,
                "aggs": {"top": {"top_hits": {"size": SEE_ALSO_SIZE, "_source": ["pk"]}}},
            }
    if not text and not phrases:
        body["query"] = {"bool": {"filter": filters}}
        body["sort"] = [
            {"published_at_filter": {"order": "desc", "missing": "_last"}},
            {"pk": {"order": "desc"}},
        ]
        return body

    # typos are looked for in the reader's language (or the only searched one)
    fuzzy_locale = params.lang if params.lang in locales else locales[0] if locales else None
    lexical = {
        "dis_max": {
            "queries": [
                _locale_clause(c, text, phrases, fuzzy=c == fuzzy_locale, typos=frozenset(typos))
                for c in locales
            ]
            + (_lexicon_clauses(translations or {}, locales) if not phrases else []),
            "tie_breaker": 0.1,
        }
    }
    signals = [lexical]
    expansion = _expansion_clause(expansions or {}, locales) if not phrases else None
    semantic = _semantic_clause(candidates or []) if not phrases else None
    signals += [c for c in (expansion, semantic) if c]
    matching = {"bool": {"should": signals, "minimum_should_match": 1}}
    if promoted:
        matching = {
            "bool": {
                "should": [
                    matching,
                    {
                        "constant_score": {
                            "filter": {"terms": {"doc_key_filter": list(promoted)}},
                            "boost": PROMOTION_BOOST,
                            "_name": "promoted",
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }
    body["query"] = {
        "function_score": {
            "query": {"bool": {"must": [matching], "filter": filters}},
            "functions": [
                {
                    "filter": {"range": {"start_filter": {"gte": now.isoformat()}}},
                    "weight": UPCOMING_EVENT_BOOST,
                }
            ],
            "score_mode": "max",
            "boost_mode": "multiply",
        }
    }
    # Highlighting re-analyses the stored text of every listed field: titles and summaries
    # (short) in every searched language, the body in the reader's language only.
    highlight_fields = {}
    for code in locales:
        for name in ("title", "summary"):
            highlight_fields[f"{name}_{code}"] = {}
    if params.lang in locales:
        highlight_fields[f"body_{params.lang}"] = {}
    if typos and fuzzy_locale and not phrases:
        # where the fuzzy clause matched, for "did you mean" (not shown as snippets)
        for name in ("title", "summary", "body"):
            highlight_fields[f"{name}_{fuzzy_locale}.exact"] = {}
    body["highlight"] = {
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "fragment_size": 160,
        "number_of_fragments": 1,
        "no_match_size": 0,
        "type": "unified",
        "fields": highlight_fields,
    }
    return body


# --- results --------------------------------------------------------------------------------
def display_locale(available: list[str], lang: str) -> str:
    if lang in available:
        return lang
    for code in getattr(settings, "CONTENT_FALLBACK_CHAIN", LANGUAGES):
        if code in available:
            return code
    return available[0] if available else lang


_theme_cache: dict = {"at": 0.0, "map": {}}


def theme_titles() -> dict[tuple[str, str], str]:
    """``(theme key, locale) -> title`` of live themes, refreshed every 30 s."""
    if time.monotonic() - _theme_cache["at"] > 30:
        _theme_cache["map"] = {
            (key, code): title
            for key, code, title in ThemePage.objects.live().values_list(
                "key", "locale__language_code", "title"
            )
        }
        _theme_cache["at"] = time.monotonic()
    return _theme_cache["map"]


def _choose_matched(matched: dict[str, float], reader: str, shown: str) -> str | None:
    """The language version that matched best (ties: the reader's, then the shown one)."""
    if not matched:
        return None
    order = {code: i for i, code in enumerate([reader, shown, *LANGUAGES])}
    return max(matched, key=lambda code: (round(matched[code], 3), -order.get(code, 99)))


def render_result(
    doc: SearchDocument,
    *,
    lang: str,
    score: float | None,
    matched: set[str],
    highlights: dict[str, list[str]],
    promoted: bool = False,
) -> dict:
    shown = display_locale(doc.locales, lang)
    matched_locale = _choose_matched(matched, lang, shown)
    translation = doc.translations.get(shown, {})
    highlight = ""
    for code in (shown, matched_locale or shown):
        for name in ("title", "summary", "body", "attachments"):
            fragments = highlights.get(f"{name}_{code}")
            if fragments:
                highlight = fragments[0]
                break
        if highlight:
            break
    if not highlight:
        highlight = escape(translation.get("summary", ""))
    theme = None
    if doc.themes:
        key = doc.themes[0]
        titles = theme_titles()
        theme = {
            "slug": key,
            "title": titles.get((key, shown)) or titles.get((key, doc.original_locale)) or key,
        }
    result = {
        "key": doc.item_key,
        "type": doc.kind,
        "title": translation.get("title", ""),
        "summary": translation.get("summary", ""),
        "highlight": highlight,
        "url": translation.get("url", ""),
        "api_url": translation.get("api_url", ""),
        "locale": shown,
        "matched_locale": matched_locale,
        "theme": theme,
        "translations": [
            {
                "locale": code,
                "title": doc.translations[code].get("title", ""),
                "url": doc.translations[code].get("url", ""),
            }
            for code in LANGUAGES
            if code in doc.translations
        ],
        "score": round(score, 4) if score is not None else None,
    }
    if doc.kind == "event" or doc.start:
        result.update(
            {
                "start": doc.start.isoformat() if doc.start else None,
                "end": doc.end.isoformat() if doc.end else None,
                "city": doc.city,
            }
        )
    if promoted:
        result["promoted"] = True
    return result


PROMOTIONS_VERSION_KEY = "search:promotions:version"


def promotions_changed() -> None:
    versions.bump(PROMOTIONS_VERSION_KEY)


def _promoted_doc_keys(q: str, version=None) -> list[str]:
    """Search documents of the editors' picks for ``q``, cached until a pick changes."""
    if not q.strip():
        return []
    if version is None:
        version = cache.get(PROMOTIONS_VERSION_KEY, 0)
    key = f"search:picks:{version}:{hashlib.sha1(q.strip().lower().encode()).hexdigest()}"
    keys = cache.get(key)
    if keys is None:
        keys = _read_promoted_doc_keys(q)
        cache.set(key, keys, 600)
    return keys


def _read_promoted_doc_keys(q: str) -> list[str]:
    """Search documents of the editors' picks (Wagtail search promotions) for ``q``."""
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(q))
        .exclude(page=None)
        .select_related("page")
        .order_by("sort_order")
    )
    return [g for g in (group_of(pick.page.specific) for pick in picks) if g]


def _named_scores(matched) -> dict[str, float]:
    if isinstance(matched, dict):
        return {name: float(score) for name, score in matched.items()}
    return {name: 0.0 for name in matched or []}


# --- typo tolerance -------------------------------------------------------------------------
# Which words of a query need fuzzy matching: those that no document a visitor may see contains
# in any language (the term suggester's "missing" mode, applied before the search). Correctly
# spelled queries, most of them, then cost no term expansion at all. The answer for a word is
# remembered by the engine object of this process (``SearchEngine.known_words``) until the
# index changes (``INDEX_VERSION_KEY``) and at most KNOWN_WORDS_TTL seconds.
KNOWN_WORDS_TTL = 120.0
KNOWN_WORDS_MAX = 50_000
TYPO_MIN_LENGTH = 3  # fuzziness AUTO allows no edit below three characters


def _word_fields() -> list[str]:
    return [
        f"{name}_{code}.exact"
        for code in LANGUAGES
        for name in ("title", "summary", "body", "attachments")
    ]


def unknown_words(
    engine, text: str, audiences: list[str], version, timeout: float | None = None
) -> frozenset[str]:
    """The words (whitespace-separated units) of ``text`` found in no visible document."""
    units = {u for u in text.split() if len(u) >= TYPO_MIN_LENGTH and not u.isdigit()}
    if not units:
        return frozenset()
    now = time.monotonic()
    audience_key = tuple(sorted(audiences))
    answers: dict[str, bool] = {}
    to_ask = []
    for unit in units:
        cached = engine.known_words.get((version, audience_key, unit))
        if cached is not None and now - cached[1] < KNOWN_WORDS_TTL:
            answers[unit] = cached[0]
        else:
            to_ask.append(unit)
    if to_ask:
        fields = _word_fields()
        body = {
            "size": 0,
            "track_total_hits": False,
            "query": {"bool": {"filter": [{"terms": {"audience_filter": list(audiences)}}]}},
            "aggs": {
                "known": {
                    "filters": {
                        "filters": {
                            str(i): {
                                "multi_match": {"query": unit, "fields": fields, "operator": "and"}
                            }
                            for i, unit in enumerate(to_ask)
                        }
                    }
                }
            },
        }
        buckets = engine.search(body, timeout=timeout)["aggregations"]["known"]["buckets"]
        if len(engine.known_words) > KNOWN_WORDS_MAX:
            engine.known_words.clear()
        for i, unit in enumerate(to_ask):
            known = buckets.get(str(i), {}).get("doc_count", 0) > 0
            answers[unit] = known
            engine.known_words[(version, audience_key, unit)] = (known, now)
    return frozenset(unit for unit, known in answers.items() if not known)


def engine_search(params: SearchParams) -> SearchOutcome:
    started = time.perf_counter()
    engine = get_engine()
    text, phrases = split_query(params.q)
    # every shared version this search depends on, in one cache round trip
    versions = cache.get_many(
        [
            thesaurus.VERSION_KEY,
            embeddings.VERSION_CACHE_KEY,
            PROMOTIONS_VERSION_KEY,
            INDEX_VERSION_KEY,
        ]
    )
    vectors_version = versions.get(embeddings.VERSION_CACHE_KEY, 0)
    expansions = (
        thesaurus.expansions(text, version=versions.get(thesaurus.VERSION_KEY, 0)) if text else {}
    )
    translations = (
        lexicon.expansions(text, params.searched_locales, version=vectors_version)
        if text and not phrases
        else {}
    )
    candidates = []
    if text and not phrases and embeddings.enabled():
        nearest = functools.partial(
            embeddings.store.nearest,
            limit=SEMANTIC_CANDIDATES,
            floor=SEMANTIC_FLOOR,
            kinds=params.types,
            themes=params.themes,
            version=vectors_version,
            # Themes and partners are "see also": their short texts (a theme is its name) are
            # often nearer to a short query than the item that answers it, and must not push
            # the items out of the candidates' window.
            exclude_kinds=list(SEE_ALSO_KINDS) if splits_see_also(params) else None,
            audiences=params.audiences,
        )
        best: dict[str, tuple[float, str]] = {
            key: (sim, code)
            for key, sim, code in nearest(
                embeddings.query_vector(text), locales=params.searched_locales
            )
        }
        # The query translated word by word by the lexicon, compared with that language's
        # versions only: a word the encoder links poorly across languages ("sécurité" and a
        # Spanish "ciberseguridad" test) is nearer once in the item's language. Discounted, as
        # a learned translation may be wrong.
        for code, per_word in translations.items():
            variant = " ".join(
                alternatives[1] if len(alternatives) > 1 else alternatives[0]
                for alternatives in per_word
            )
            for key, sim, _code in nearest(embeddings.query_vector(variant), locales=[code]):
                sim *= LEXICON_VARIANT_DISCOUNT
                if sim >= SEMANTIC_FLOOR and sim > best.get(key, (-1.0, code))[0]:
                    best[key] = (sim, code)
        candidates = sorted(
            ((key, sim, code) for key, (sim, code) in best.items()), key=lambda c: -c[1]
        )[:SEMANTIC_CANDIDATES]
        if candidates:
            cutoff = candidates[0][1] - SEMANTIC_WINDOW
            candidates = [c for c in candidates if c[1] >= cutoff]
    # One time budget for the engine requests of this search (the word check and the query),
    # started here: the in-process work before (query vector, candidates; the encoder's first
    # load in a new process takes seconds) is not the engine being slow.
    deadline = time.monotonic() + engine.timeout
    typos = (
        unknown_words(
            engine, text, params.audiences, versions.get(INDEX_VERSION_KEY, 0), engine.timeout
        )
        if text
        else frozenset()
    )
    promoted = _promoted_doc_keys(params.q, version=versions.get(PROMOTIONS_VERSION_KEY, 0))
    body = build_body(
        params,
        expansions=expansions,
        candidates=candidates,
        translations=translations,
        promoted=promoted,
        typos=typos,
    )
    remaining = deadline - time.monotonic()
    if remaining <= 0.05:
        raise EngineUnavailable("no time left for the query after the word check")
    response = engine.search(body, named_scores=True, timeout=remaining)
    hits = response["hits"]["hits"]
    total = response["hits"]["total"]
    count = total["value"] if isinstance(total, dict) else int(total)
    docs = SearchDocument.objects.only(*RESULT_FIELDS).in_bulk(
        [int(h["_source"]["pk"]) for h in hits]
    )
    semantic_locale = {key: code for key, _sim, code in candidates}
    results = []
    for hit in hits:
        doc = docs.get(int(hit["_source"]["pk"]))
        if doc is None or doc.audience not in params.audiences:
            continue  # deleted since the engine last heard of it
        names = _named_scores(hit.get("matched_queries"))
        matched: dict[str, float] = {}
        for name, score in names.items():
            code = name.split(":")[-1]
            if code in LANGUAGES and not name.startswith("lex:"):
                matched[code] = max(matched.get(code, 0.0), score)
        if not matched:
            # a version matched only through the lexicon's translation of the query's words:
            # that version is what matched (a version matching the words themselves wins)
            for name, score in names.items():
                if name.startswith("lex:"):
                    code = name.split(":")[-1]
                    matched[code] = max(matched.get(code, 0.0), score)
        if "semantic" in names and doc.doc_key in semantic_locale:
            code = semantic_locale[doc.doc_key]
            matched[code] = max(matched.get(code, 0.0), names["semantic"])
        results.append(
            render_result(
                doc,
                lang=params.lang,
                score=hit.get("_score"),
                matched=matched,
                highlights=hit.get("highlight", {}),
                promoted="promoted" in names,
            )
        )
    aggregations = response["aggregations"]
    facets = {
        name: {b["key"]: b["doc_count"] for b in aggregations["items"][name]["buckets"]}
        for name in FACETS
    }
    see_also = []
    aside_hits = aggregations.get("see_also", {}).get("top", {}).get("hits", {}).get("hits", [])
    if aside_hits:
        aside_docs = SearchDocument.objects.only(*RESULT_FIELDS).in_bulk(
            [int(h["_source"]["pk"]) for h in aside_hits]
        )
        for hit in aside_hits:
            doc = aside_docs.get(int(hit["_source"]["pk"]))
            if doc is not None and doc.audience in params.audiences:
                see_also.append(
                    render_result(
                        doc, lang=params.lang, score=hit.get("_score"), matched={}, highlights={}
                    )
                )
    return SearchOutcome(
        see_also=see_also,
        count=count,
        results=results,
        facets=facets,
        took_ms=(time.perf_counter() - started) * 1000,
        expansions=expansions,
        did_you_mean=correction(text, typos, [hit.get("highlight", {}) for hit in hits])
        if typos and not phrases
        else None,
    )


_MARK = re.compile(r"<mark>(.*?)</mark>")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def correction(text: str, typos: frozenset[str], highlights: list[dict]) -> str | None:
    """``text`` with each unknown word replaced by the closest word the fuzzy clause marked in
    the results (so only words of documents the reader may see), or None if nothing changes.
    Same edit budget as the engine's ``fuzziness: AUTO``."""
    marked: dict[str, str] = {}
    for highlight in highlights:
        for name, fragments in highlight.items():
            if not name.endswith(".exact"):
                continue
            for fragment in fragments:
                for word in _MARK.findall(fragment):
                    word = unescape(word).lower()
                    marked.setdefault(thesaurus.fold(word), word)
    changed = False
    words = []
    for unit in text.split():
        folded = thesaurus.fold(unit)
        if unit in typos and marked:
            allowed = 0 if len(folded) < 3 else 1 if len(folded) <= 5 else 2
            distance, candidate = min((edit_distance(folded, m), m) for m in marked)
            if 0 < distance <= allowed:
                words.append(marked[candidate])
                changed = True
                continue
        words.append(unit)
    return " ".join(words) if changed else None


# --- database fallback ----------------------------------------------------------------------
def _matches_filters(doc: SearchDocument, params: SearchParams) -> bool:
    if doc.audience not in params.audiences:
        return False
    checks = [
        (params.types, [doc.kind]),
        (params.themes, doc.themes),
        (params.sectors, doc.sectors),
        (params.partners, doc.partners),
        (params.locales, doc.locales),
    ]
    for wanted, values in checks:
        if wanted and not set(wanted) & set(values):
            return False
    if params.date_from or params.date_to:
        moment = doc.start or doc.published_at
        if moment is None:
            return False
        day = timezone.localtime(moment).date()
        if params.date_from and day < params.date_from:
            return False
        if params.date_to and day > params.date_to:
            return False
    return True


def database_search(params: SearchParams, *, degraded: bool) -> SearchOutcome:
    """The same search on the database (Wagtail's database backend): embedded mode, or the
    engine is down. Lexical only, with thesaurus expansion; facets computed here."""
    started = time.perf_counter()
    text, phrases = split_query(params.q)
    words = " ".join([text, *phrases]).strip()
    expansions = thesaurus.expansions(text) if text else {}
    if words:
        found = _database_ranked(text or words, expansions, params)
        if phrases:
            folded = [thesaurus.fold(p) for p in phrases]
            found = [
                d
                for d in found
                if all(
                    any(
                        p in thesaurus.fold(d.text(f, c))
                        for c in d.locales
                        for f in ("title", "summary", "body", "attachments")
                    )
                    for p in folded
                )
            ]
    else:
        found = list(SearchDocument.objects.order_by("-published_at", "-pk")[:1000])
    found = [d for d in found if _matches_filters(d, params)]
    aside: list[SearchDocument] = []
    if splits_see_also(params):
        aside = [d for d in found if d.kind in SEE_ALSO_KINDS][:SEE_ALSO_SIZE] if words else []
        found = [d for d in found if d.kind not in SEE_ALSO_KINDS]
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for doc in found:
        for name, attr in FACETS.items():
            values = getattr(doc, attr)
            for value in [values] if isinstance(values, str) else values:
                facets[name][value] = facets[name].get(value, 0) + 1
    start = (params.page - 1) * params.page_size
    page = found[start : start + params.page_size]
    results = []
    for doc in page:
        matched = {c: 1.0 for c in doc.locales if words and _word_in(doc, c, words)}
        results.append(
            render_result(doc, lang=params.lang, score=None, matched=matched, highlights={})
        )
    return SearchOutcome(
        see_also=[
            render_result(doc, lang=params.lang, score=None, matched={}, highlights={})
            for doc in aside
        ],
        count=len(found),
        results=results,
        facets=facets,
        degraded=degraded,
        backend="database",
        took_ms=(time.perf_counter() - started) * 1000,
        expansions=expansions,
    )


# The database search ranks in Python over the visible documents (the embedded mode holds a
# demo-sized toolbox; with an engine this runs only while it is down). Words are folded and
# lightly stemmed (plural endings), stop words dropped, and every remaining word must occur in
# one language version (so "mot de passe" finds the password items, not every text with "de").
DATABASE_SCAN_LIMIT = 5000
_DB_FIELD_WEIGHTS = (("title", 5.0), ("summary", 2.0), ("body", 1.0), ("attachments", 0.5))
_STOP_WORDS = frozenset(
    """a au aux avec ce ces dans de des du en et la le les leur pour par sur un une vos votre
    ou son sa ses d l qu el los las del y o con para por su sus un una al lo e da do das dos
    no na nos nas um uma the of and to in for on with an or your is at by""".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


def _db_tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(thesaurus.fold(text)) if w not in _STOP_WORDS]


def _database_ranked(text: str, expansions: dict, params: SearchParams) -> list[SearchDocument]:
    wanted = list(dict.fromkeys(_db_tokens(text)))
    alternatives = [_db_tokens(t) for ts in expansions.values() for t in ts]
    alternatives = [a for a in alternatives if a]
    if not wanted and not alternatives:
        return []
    scored = []
    docs = SearchDocument.objects.filter(audience__in=params.audiences).order_by(
        "-published_at", "-pk"
    )[:DATABASE_SCAN_LIMIT]
    for doc in docs:
        best = 0.0
        for code in doc.locales:
            if params.locales and code not in params.locales:
                continue
            fields = [(set(_db_tokens(doc.text(f, code))), w) for f, w in _DB_FIELD_WEIGHTS]
            present = set().union(*(tokens for tokens, _w in fields))
            score = 0.0
            if wanted and all(w in present for w in wanted):
                score = sum(max((wt for ts, wt in fields if w in ts), default=0) for w in wanted)
                score *= 2 if code == params.lang else 1
            for alternative in alternatives:
                if all(w in present for w in alternative):
                    score = max(
                        score,
                        0.8
                        * sum(
                            max((wt for ts, wt in fields if w in ts), default=0)
                            for w in alternative
                        ),
                    )
            best = max(best, score)
        if best > 0:
            scored.append((best, doc))
    scored.sort(key=lambda pair: -pair[0])
    return [doc for _score, doc in scored]


def _word_in(doc: SearchDocument, code: str, words: str) -> bool:
    tokens = [w for w in thesaurus.fold(words).split() if len(w) > 2]
    text = thesaurus.fold(" ".join(doc.text(f, code) for f in ("title", "summary", "body")))
    return any(t in text for t in tokens)


def search(params: SearchParams) -> SearchOutcome:
    """Search with the engine; answer from the database (degraded) if it cannot.

    Reads only: the backlog of changes an outage left is replayed by the periodic
    ``search.replay_backlog`` task, never from a visitor's request."""
    # Counted before searching: a change delivered while the search runs must not make an
    # answer computed without it look complete.
    pending = pending_changes()
    outcome = _search(params)
    outcome.pending_changes = pending
    return outcome


def pending_changes() -> int:
    """How many recorded content changes the index has not received yet (the outbox): while
    it is not zero, an answer may miss or show an older version of what changed."""
    return PendingIndexChange.objects.count()


def _search(params: SearchParams) -> SearchOutcome:
    engine = get_engine()
    if engine is None:
        return database_search(params, degraded=False)
    if not recently_down():
        try:
            outcome = engine_search(params)
            mark_up()
            return outcome
        except EngineUnavailable as exc:
            logger.warning("search engine unavailable, answering from the database: %s", exc)
            mark_down()
    return database_search(params, degraded=True)


# --- suggestions ----------------------------------------------------------------------------
def suggest(
    q: str, lang: str, limit: int = 10, audiences: list[str] | None = None
) -> tuple[list[dict], bool]:
    """Up to ``limit`` title completions, shown in ``lang`` when that version exists, among
    what ``audiences`` may see (public items only by default)."""
    audiences = audiences or [PUBLIC_AUDIENCE]
    q = " ".join(q.split())[:100]
    if not q:
        return [], False
    engine = get_engine()
    if engine is not None and not recently_down():
        body = {
            "size": limit,
            "_source": ["pk", "kind_filter", "locales_filter"]
            + [f"title_{c}" for c in LANGUAGES]
            + [f"url_{c}_filter" for c in LANGUAGES],
            "query": {
                "bool": {
                    "filter": [{"terms": {"audience_filter": audiences}}],
                    "must": [
                        {
                            "dis_max": {
                                "queries": [
                                    {
                                        "match": {
                                            f"title_{c}_edgengrams": {
                                                "query": q,
                                                "operator": "and",
                                                "_name": c,
                                            }
                                        }
                                    }
                                    for c in LANGUAGES
                                ]
                            }
                        }
                    ],
                    "should": [
                        {"match": {f"title_{lang}_edgengrams": {"query": q, "operator": "and"}}}
                    ]
                    if lang in LANGUAGES
                    else [],
                }
            },
        }
        try:
            hits = engine.search(body)["hits"]["hits"]
            mark_up()
        except EngineUnavailable:
            mark_down()
        else:
            out = []
            for hit in hits:
                source = hit["_source"]
                available = [c for c in LANGUAGES if source.get(f"title_{c}")]
                matched = set(hit.get("matched_queries", []))
                shown = (
                    lang
                    if lang in available
                    else (
                        next((c for c in LANGUAGES if c in matched), None)
                        or display_locale(available, lang)
                    )
                )
                out.append(
                    {
                        "title": source.get(f"title_{shown}", ""),
                        "url": source.get(f"url_{shown}_filter", ""),
                        "locale": shown,
                        "type": source.get("kind_filter", ""),
                    }
                )
            return out, False
    # database: titles starting with (or containing) the text
    folded = thesaurus.fold(q)
    out = []
    for doc in SearchDocument.objects.filter(audience__in=audiences).order_by("-published_at"):
        titles = {c: doc.text("title", c) for c in doc.locales}
        hits = [c for c, t in titles.items() if folded in thesaurus.fold(t)]
        if hits:
            shown = lang if lang in titles else hits[0]
            out.append(
                {
                    "title": titles[shown],
                    "url": doc.text("url", shown),
                    "locale": shown,
                    "type": doc.kind,
                }
            )
        if len(out) >= limit:
            break
    return out, engine is not None
