"""Per-language analysis for the search index.

Every indexed text exists once per content language (``title_fr``, ``title_es``, ...). Each
language field is analysed with that language's stemmer, stop words and elision, and folds
accents (asciifolding, so "securite" finds "sécurité"); each has an ``exact`` sub-field with no
stemming and no stop words (exact words rank above mere stems, and fuzzy matching for typos runs
on real words). Only filters of OpenSearch's/Elasticsearch's standard ``analysis-common`` module
are used, so the same settings work on OpenSearch 2/3 and Elasticsearch 8/9.
"""

from __future__ import annotations

LANGUAGES = ["fr", "es", "pt", "en"]

_STEMMERS = {
    "fr": "light_french",
    "es": "light_spanish",
    "pt": "light_portuguese",
    "en": "light_english",
}
_STOPWORDS = {"fr": "_french_", "es": "_spanish_", "pt": "_portuguese_", "en": "_english_"}


def analyzer_name(language: str) -> str:
    return f"cs_{language}"


EXACT_ANALYZER = "cs_exact"
AUTOCOMPLETE_ANALYZER = "cs_autocomplete"
AUTOCOMPLETE_SEARCH_ANALYZER = "cs_autocomplete_search"


def index_settings() -> dict:
    """Analysis settings merged into the modelsearch backend's index settings."""
    filters: dict[str, dict] = {
        "cs_elision": {
            "type": "elision",
            "articles_case": True,
            # French and Portuguese-style elisions: l'entreprise, d'information, qu'il...
            "articles": [
                "l",
                "m",
                "t",
                "qu",
                "n",
                "s",
                "j",
                "d",
                "c",
                "jusqu",
                "quoiqu",
                "lorsqu",
                "puisqu",
            ],
        },
        "cs_folding": {"type": "asciifolding", "preserve_original": False},
        "cs_autocomplete_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
    }
    analyzers: dict[str, dict] = {
        EXACT_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cs_elision", "lowercase", "cs_folding"],
        },
        AUTOCOMPLETE_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cs_elision", "lowercase", "cs_folding", "cs_autocomplete_edge"],
        },
        AUTOCOMPLETE_SEARCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cs_elision", "lowercase", "cs_folding"],
        },
    }
    for language in LANGUAGES:
        filters[f"cs_stop_{language}"] = {"type": "stop", "stopwords": _STOPWORDS[language]}
        filters[f"cs_stem_{language}"] = {"type": "stemmer", "language": _STEMMERS[language]}
        chain = ["lowercase", f"cs_stop_{language}", "cs_folding", f"cs_stem_{language}"]
        if language in ("fr", "en"):
            # English possessives are handled by the stemmer; elision mostly matters to French.
            chain = ["cs_elision", *chain]
        analyzers[analyzer_name(language)] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": chain,
        }
    return {
        "settings": {
            "analysis": {"filter": filters, "analyzer": analyzers},
            "index": {"max_ngram_diff": 19},
        }
    }


def text_field_extra(language: str) -> dict:
    """``es_extra`` for a language text field: stemmed analyzer plus an unstemmed sub-field."""
    return {
        "analyzer": analyzer_name(language),
        "fields": {"exact": {"type": "text", "analyzer": EXACT_ANALYZER}},
        # positions are needed for phrase queries; offsets make highlighting cheaper
        "index_options": "offsets",
    }


def autocomplete_field_extra() -> dict:
    return {"analyzer": AUTOCOMPLETE_ANALYZER, "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER}
