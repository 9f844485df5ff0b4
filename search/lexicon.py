"""A bilingual lexicon learned from our own translation groups (issue 14).

Every item translated through wagtail-localize is one search document with aligned versions:
the French title of an item and its Spanish title say the same thing, and so do its summaries.
A word that keeps appearing in the French versions of the groups whose Spanish versions contain
another word is likely its translation ("rançongiciels" / "ransomware" in an event's titles),
including the neologisms and trade words the sentence encoder does not know.

How: each aligned field of a group (its titles, its summaries) is a *segment* holding one set of
words per language (accents folded, lowercase, the language's stop words left out, a crude
plural folding, words of three letters or more). For a query word ``w`` found in language ``a``
and a word ``v`` of language ``b``, ``co`` is the number of segments holding both (``w`` in the
``a`` version, ``v`` in the ``b`` version) and the Dice coefficient ``2·co / (df_a(w) + df_b(v))``
(``df``: the segments holding the word in that language, among those also having a ``b``
version) measures how tied they are. The best few ``v`` per language, above :data:`MIN_DICE`,
are the translation candidates; ``search.query`` adds them as a low-boost clause on that
language's fields. A word identical in both languages is not a candidate (the lexical clauses
already match it).

Only public documents teach the lexicon (its words must not reveal a group-only wiki page). The
segments are read per process, rebuilt when the documents change (the vectors' version, bumped
when documents commit, as for ``search.embeddings.VectorStore``); a query costs a few dictionary
look-ups per word (a frequent word's segments are sampled: :data:`MAX_SEGMENTS`).
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict

import numpy as np
from django.core.cache import cache

from . import embeddings
from .analysis import LANGUAGES
from .models import PUBLIC_AUDIENCE, SearchDocument
from .stopwords import STOPWORDS
from .thesaurus import fold

FIELDS = ("title", "summary")
MIN_DICE = 0.3  # below it, a pair is a coincidence of two texts, not a translation
MIN_CO = 1  # segments holding both words
PER_LANGUAGE = 3  # candidates kept per query word and target language
MAX_SEGMENTS = 400  # segments of a query word looked at (a frequent word is not translated anyway)
MIN_WORD = 3
MAX_CANDIDATES = 40  # pairs per query word checked with the encoder (the best by Dice)
MIN_WORD_SIMILARITY = 0.5  # the encoder's cosine of the two words that vouches for a pair
STRONG_DICE = 0.6  # a pair the encoder does not vouch for: Dice over two segments or more
RELATIVE_SCORE = 0.8  # candidates kept: within this share of the best one's score
ANSWERS_CACHE_SIZE = 20_000
# A candidate found in more than this share of the segments (and more than MIN_COMMON of them)
# is a generic word: matching it costs the engine much (every text of the language) and says
# little.
COMMON_SHARE = 0.03
MIN_COMMON = 20

_WORD = re.compile(r"\w+", re.UNICODE)
_FOLDED_STOPWORDS = {code: frozenset(fold(w) for w in words) for code, words in STOPWORDS.items()}


def words(text: str, code: str | None = None) -> list[str]:
    """The content words of ``text``: folded, stop words of ``code`` (or of every language when
    the language is not known, as for a query) left out, crude plural folding."""
    stop = (
        _FOLDED_STOPWORDS.get(code, frozenset())
        if code
        else frozenset().union(*_FOLDED_STOPWORDS.values())
    )
    out = []
    for word in _WORD.findall(fold(text)):
        if len(word) < MIN_WORD or word in stop or word.isdigit():
            continue
        if len(word) > 3 and word.endswith("s"):
            word = word[:-1]
        out.append(word)
    return out


class Lexicon:
    """Segments of the aligned versions of the translation groups, and their inverted index."""

    def __init__(self, segments: list[dict[str, frozenset[str]]]):
        self.segments = segments
        self.answers: dict[tuple, dict] = {}
        # (language, word) -> ids of the segments holding it in that language
        self.postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, segment in enumerate(segments):
            for code, tokens in segment.items():
                for token in tokens:
                    self.postings[(code, token)].append(n)

    @classmethod
    def from_groups(cls, groups: list[dict[str, dict[str, str]]]) -> Lexicon:
        """``groups``: per group, ``{field: {language: text}}``; groups with fewer than two
        languages in a field teach nothing about that field."""
        segments = []
        for group in groups:
            for texts in group.values():
                segment = {
                    code: frozenset(words(text, code)) for code, text in texts.items() if text
                }
                segment = {code: tokens for code, tokens in segment.items() if tokens}
                if len(segment) >= 2:
                    segments.append(segment)
        return cls(segments)

    def translations(self, word: str, targets: list[str]) -> dict[str, list[tuple[str, float]]]:
        """Candidates for one folded content word, by target language: ``[(word, score)]``."""
        key = (word, tuple(targets))
        answer = self.answers.get(key)
        if answer is None:
            answer = self._translations(word, targets)
            if len(self.answers) > ANSWERS_CACHE_SIZE:
                self.answers.clear()
            self.answers[key] = answer
        return answer

    def _translations(self, word: str, targets: list[str]) -> dict[str, list[tuple[str, float]]]:
        # (target, candidate) -> (dice, co, sure)
        pairs: dict[tuple[str, str], tuple[float, int, int]] = {}
        common = max(MIN_COMMON, COMMON_SHARE * len(self.segments))
        for source in LANGUAGES:
            posting = self.postings.get((source, word))
            if not posting:
                continue
            posting = posting[:MAX_SEGMENTS]
            for target in targets:
                if target == source:
                    continue
                aligned = [n for n in posting if target in self.segments[n]]
                if not aligned:
                    continue
                co = Counter(t for n in aligned for t in self.segments[n][target])
                # a segment of one word on both sides aligns them with no doubt
                sure = Counter(
                    next(iter(self.segments[n][target]))
                    for n in aligned
                    if len(self.segments[n][source]) == 1 and len(self.segments[n][target]) == 1
                )
                df_source = len(aligned)
                for candidate, count in co.items():
                    if count < MIN_CO or candidate == word:
                        continue
                    if len(self.postings.get((target, candidate), ())) > common:
                        continue  # a word of most texts ("guide", "pyme"): no translation
                    df_target = sum(
                        1
                        for n in self.postings.get((target, candidate), ())[:MAX_SEGMENTS]
                        if source in self.segments[n]
                    )
                    dice = 2 * count / (df_source + df_target)
                    if dice >= MIN_DICE:
                        previous = pairs.get((target, candidate), (0.0, 0, 0))
                        pairs[(target, candidate)] = max(previous, (dice, count, sure[candidate]))
        if not pairs:
            return {}
        # Co-occurrence alone cannot tell the words of one short text apart (all tie at one
        # segment): the encoder's similarity of the two words breaks the ties; a pair it does
        # not vouch for (a word it does not know, as "rançongiciel") needs stronger evidence:
        # two segments or more, or a one-word segment on both sides.
        ranked = sorted(pairs.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[
            :MAX_CANDIDATES
        ]
        similarity = word_similarities(word, [candidate for (_t, candidate), _v in ranked])
        found: dict[str, list[tuple[str, float]]] = {}
        for ((target, candidate), (dice, count, sure)), cos in zip(ranked, similarity, strict=True):
            vouched = cos >= MIN_WORD_SIMILARITY
            if not (vouched or sure or (count >= 2 and dice >= STRONG_DICE)):
                continue
            score = dice * (0.5 + 0.5 * max(cos, 0.0))
            found.setdefault(target, []).append((candidate, round(score, 4)))
        answer = {}
        for target, candidates in found.items():
            candidates.sort(key=lambda kv: (-kv[1], kv[0]))
            top = candidates[0][1]
            answer[target] = [c for c in candidates[:PER_LANGUAGE] if c[1] >= RELATIVE_SCORE * top]
        return answer

    def expand(self, query: str, targets: list[str]) -> dict[str, list[list[str]]]:
        """The query translated word by word into each target language that the lexicon
        knows at least one of its words in: one list per content word of the query, the word
        itself first, then its candidates (a word the lexicon cannot translate stays as it
        is, so the translated query is held to the same share of matched words)."""
        query_words = list(dict.fromkeys(words(query)))
        expanded: dict[str, list[list[str]]] = {}
        translated = {word: self.translations(word, targets) for word in query_words}
        for target in targets:
            per_word = [
                [word]
                + [c for c, _score in translated[word].get(target, []) if c not in query_words]
                for word in query_words
            ]
            if any(len(alternatives) > 1 for alternatives in per_word):
                expanded[target] = per_word
        return expanded


_word_vectors: dict[str, np.ndarray] = {}


def word_similarities(word: str, candidates: list[str]) -> list[float]:
    """The encoder's cosine of ``word`` with each candidate (0 when semantics are off)."""
    if not candidates or not embeddings.enabled():
        return [0.0] * len(candidates)
    missing = [w for w in dict.fromkeys([word, *candidates]) if w not in _word_vectors]
    if missing:
        if len(_word_vectors) > 50_000:
            _word_vectors.clear()
        for w, vector in zip(missing, embeddings.embed(missing), strict=True):
            _word_vectors[w] = vector
    query = _word_vectors[word]
    return [float(_word_vectors[c] @ query) for c in candidates]


def _read_groups() -> list[dict[str, dict[str, str]]]:
    columns = [f"{field}_{code}" for field in FIELDS for code in LANGUAGES]
    groups = []
    rows = (
        SearchDocument.objects.filter(audience=PUBLIC_AUDIENCE)
        .values_list("locales", *columns)
        .iterator(chunk_size=1000)
    )
    for locales, *texts in rows:
        if len(locales or []) < 2:
            continue
        values = dict(zip(columns, texts, strict=True))
        groups.append(
            {field: {code: values[f"{field}_{code}"] for code in LANGUAGES} for field in FIELDS}
        )
    return groups


class _Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.lexicon = Lexicon([])

    def get(self, version) -> Lexicon:
        if version != self.version:
            with self.lock:
                if version != self.version:
                    self.lexicon = Lexicon.from_groups(_read_groups())
                    self.version = version
        return self.lexicon


_store = _Store()


def expansions(query: str, targets: list[str], version=None) -> dict[str, list[list[str]]]:
    """Translation candidates of ``query``'s words into the ``targets`` languages, learned
    from the current public documents (``version``: the vectors' version, bumped when the
    documents change, when the caller has already read it)."""
    if version is None:
        version = cache.get(embeddings.VERSION_CACHE_KEY, 0)
    return _store.get(version).expand(query, targets)
