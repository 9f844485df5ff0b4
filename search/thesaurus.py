"""Query expansion from the multilingual thesaurus (``ThesaurusConcept``, edited in the admin)."""

from __future__ import annotations

import re
import threading
import unicodedata

from django.core.cache import cache

from . import versions
from .analysis import LANGUAGES
from .models import ThesaurusConcept

VERSION_KEY = "search:thesaurus:version"
_WORD = re.compile(r"\w+", re.UNICODE)

_lock = threading.Lock()
_state: dict = {"version": None, "entries": []}


def fold(text: str) -> str:
    """Lowercase, accents removed: 'Cybersécurité' -> 'cybersecurite'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> list[str]:
    # crude plural folding so "sauvegardes" meets the term "sauvegarde"
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _WORD.findall(fold(text))]


def bump_version() -> None:
    versions.bump(VERSION_KEY)


def _load() -> list[tuple[tuple[str, ...], dict[str, list[str]]]]:
    entries = []
    for concept in ThesaurusConcept.objects.all():
        terms = concept.terms()
        for language in LANGUAGES:
            for term in terms[language]:
                tokens = tuple(_tokens(term))
                if tokens:
                    entries.append((tokens, terms))
    return entries


def _entries(version=None):
    if version is None:
        version = cache.get(VERSION_KEY, 0)
    if _state["version"] != version:
        with _lock:
            if _state["version"] != version:
                _state["entries"] = _load()
                _state["version"] = version
    return _state["entries"]


def expansions(query: str, version=None) -> dict[str, list[str]]:
    """Terms, by language, of every concept one of whose terms occurs in ``query``
    (``version``: the thesaurus version when the caller has already read it)."""
    words = _tokens(query)
    if not words:
        return {}
    found: dict[str, list[str]] = {}
    query_folded = " ".join(words)
    for tokens, terms in _entries(version):
        n = len(tokens)
        if not any(tuple(words[i : i + n]) == tokens for i in range(len(words) - n + 1)):
            continue
        for language, language_terms in terms.items():
            for term in language_terms:
                if " ".join(_tokens(term)) == query_folded:
                    continue
                bucket = found.setdefault(language, [])
                if term not in bucket:
                    bucket.append(term)
    return found
