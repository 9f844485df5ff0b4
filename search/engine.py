"""The engine layer: one code path for OpenSearch 2/3 and Elasticsearch 8/9.

Built on the modelsearch backend configured in ``WAGTAILSEARCH_BACKENDS["default"]``: its client
(connection pool, hosts, credentials, timeouts), its index settings (extended with our language
analyzers), its mapping of :class:`~search.models.SearchDocument` and its atomic rebuilder (new
index, then an alias swap). The only difference inside the family is how the Python clients take
a request body (``body=`` for opensearch-py, keyword arguments for elasticsearch-py 8+), which
:meth:`SearchEngine.call` hides.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.index import AutocompleteField, FilterField, SearchField
from modelsearch.utils import deep_update
from wagtail.search.backends import get_search_backend

from . import conf, versions
from .analysis import index_settings
from .models import SearchDocument

logger = logging.getLogger(__name__)

# bumped whenever this project changes what the engine holds (cached answers about the index,
# such as which words it knows, are keyed by it)
INDEX_VERSION_KEY = "search:index:version"


def index_changed() -> None:
    versions.bump(INDEX_VERSION_KEY)


class EngineUnavailable(Exception):
    """The search engine could not answer (down, unreachable, too slow or red)."""


class SearchEngine:
    """A search-engine backend from modelsearch, with what the search app needs on top."""

    def __init__(self, backend=None):
        backend = backend or get_search_backend("default")
        if not isinstance(backend, ElasticsearchBaseSearchBackend):
            raise TypeError("SearchEngine needs an OpenSearch/Elasticsearch backend")
        self.backend = backend
        self.backend.settings = deep_update(
            deep_update(self.backend.settings, index_settings()),
            {
                "settings": {
                    "index": {
                        "auto_expand_replicas": conf.index_replicas(),
                        "number_of_shards": 1,
                        "refresh_interval": "1s",
                    }
                }
            },
        )
        self.client = backend.es
        self.mapping = backend.mapping_class(SearchDocument)
        self.alias = backend.get_index_for_model(SearchDocument).name
        # elasticsearch-py 8+ takes the body's keys as keyword arguments
        self.keyword_api = type(self.client).__module__.startswith("elasticsearch")
        self.timeout = conf.query_timeout()
        # (index version, audiences, word) -> (found in a visible document?, when asked);
        # see search.query.unknown_words
        self.known_words: dict[tuple, tuple[bool, float]] = {}

    # -- low level ---------------------------------------------------------------------------
    def _options(self, timeout: float | None):
        timeout = timeout or self.timeout
        if self.keyword_api:
            return self.client.options(request_timeout=timeout), {}
        return self.client, {"request_timeout": timeout}

    def call(self, api: str, *, body: dict | None = None, timeout: float | None = None, **kw):
        """Call ``client.<api>`` (e.g. ``search``, ``indices.refresh``) the family's way."""
        client, extra = self._options(timeout)
        target = client
        for part in api.split("."):
            target = getattr(target, part)
        try:
            if body is not None:
                if self.keyword_api:
                    return target(**kw, **body, **extra)
                return target(body=body, **kw, **extra)
            return target(**kw, **extra)
        except Exception as exc:
            if _is_unavailable(exc):
                raise EngineUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from exc
            raise

    def search(self, body: dict, timeout: float | None = None, named_scores: bool = False) -> dict:
        """Run a search; with ``named_scores`` each hit's ``matched_queries`` maps the names of
        the clauses that matched to their scores (OpenSearch 2.13+, Elasticsearch 8.8+)."""
        kw = {"index": self.alias}
        if named_scores:
            kw["params" if not self.keyword_api else "include_named_queries_score"] = (
                {"include_named_queries_score": "true"} if not self.keyword_api else True
            )
        try:
            return _as_dict(self.call("search", body=body, timeout=timeout, **kw))
        except Exception as exc:
            # No index yet (never built, or dropped): the engine cannot answer searches.
            if "index_not_found_exception" in str(exc):
                raise EngineUnavailable(f"no index {self.alias}") from exc
            raise

    def ping(self, timeout: float = 2.0) -> dict:
        health = _as_dict(self.call("cluster.health", timeout=timeout))
        if health.get("status") == "red":
            raise EngineUnavailable(f"cluster red ({health.get('number_of_nodes')} nodes)")
        return health

    # -- index lifecycle ------------------------------------------------------------------------
    def index_exists(self) -> bool:
        return bool(self.call("indices.exists", index=self.alias))

    def ensure_index(self) -> None:
        """Create the index (behind its alias) if there is none yet."""
        if self.index_exists():
            return
        rebuilder = self.backend.atomic_rebuilder_class(
            self.backend.get_index_for_model(SearchDocument)
        )
        new_index = rebuilder.start()
        new_index.add_model(SearchDocument)
        rebuilder.finish()

    def refresh(self) -> None:
        self.call("indices.refresh", index=self.alias)

    def document(self, doc: SearchDocument) -> dict:
        """The engine document of ``doc``: what modelsearch's mapping gives (same names and
        values, see the test comparing both), from a plan compiled once instead of resolving
        every field of every document again (a third of a reindex's time otherwise)."""
        content_types, fields = self._document_plan()
        return self._document(doc.pk, [getattr(doc, attname) for _n, attname, _a in fields])

    def document_columns(self) -> list[str]:
        """The columns :meth:`bulk_actions_for_rows` reads, ``pk`` first (for ``values_list``:
        a bulk load then builds no model instances)."""
        return ["pk"] + [attname for _name, attname, _auto in self._document_plan()[1]]

    def bulk_actions_for_rows(self, rows: Iterable[tuple], index: str | None = None) -> list:
        """Bulk actions from ``values_list(*document_columns())`` rows."""
        return [
            {"_index": index or self.alias, "_id": str(row[0]), **self._document(row[0], row[1:])}
            for row in rows
        ]

    def _document(self, pk, values) -> dict:
        content_types, fields = self._document_plan()
        document = {"pk": str(pk), "_django_content_type": content_types}
        edgengrams = []
        for (name, _attname, autocomplete), value in zip(fields, values, strict=True):
            document[name] = value
            if autocomplete:
                edgengrams.append(value)
        document["_edgengrams"] = edgengrams
        return document

    def _document_plan(self):
        if self._plan is None:
            self._plan = self._compile_plan()
        return self._plan

    _plan = None

    def _compile_plan(self):
        fields = []
        for field in SearchDocument.get_search_fields():
            if not isinstance(field, (SearchField, FilterField, AutocompleteField)):
                raise TypeError(f"no compiled mapping for {field!r}")
            model_field = SearchDocument._meta.get_field(field.field_name)
            if hasattr(model_field, "get_searchable_content") or model_field.is_relation:
                raise TypeError(f"no compiled mapping for {field!r}")
            fields.append(
                (
                    self.mapping.get_field_column_name(field),
                    model_field.attname,
                    isinstance(field, AutocompleteField),
                )
            )
        return self.mapping.get_all_content_types(), fields

    def bulk_actions(self, docs: Iterable[SearchDocument], index: str | None = None) -> list:
        return [
            {
                "_index": index or self.alias,
                "_id": self.mapping.get_document_id(doc),
                **self.document(doc),
            }
            for doc in docs
        ]

    def send_actions(self, actions: list) -> int:
        return self._bulk(actions)

    def bulk_upsert(
        self, docs: Iterable[SearchDocument], index: str | None = None, visible: bool = False
    ) -> int:
        """Index ``docs``; with ``visible``, return only once searches see them."""
        return self._bulk(self.bulk_actions(docs, index=index), visible=visible)

    def bulk_delete(
        self, doc_ids: Iterable[str], index: str | None = None, visible: bool = False
    ) -> int:
        actions = (
            {"_op_type": "delete", "_index": index or self.alias, "_id": str(doc_id)}
            for doc_id in doc_ids
        )
        return self._bulk(actions, ignore_missing=True, visible=visible)

    def _bulk(self, actions, ignore_missing: bool = False, visible: bool = False) -> int:
        # ``visible``: make the change searchable (refresh the shards it touched) before the
        # index version is bumped. Otherwise a search in the second before that refresh would
        # find the new words unknown and remember it under the new version (stale typo
        # tolerance). A forced refresh, not ``wait_for``: waiting for the next scheduled
        # refresh cost up to a second per synced change (minutes for a demo load), and the
        # per-change syncs are small and few.
        extra = {} if self.keyword_api else {"request_timeout": max(self.timeout, 30)}
        if visible:
            extra["refresh"] = "true"
        try:
            success, errors = self.backend.bulk(
                self.client,
                actions,
                chunk_size=500,
                raise_on_error=False,
                **extra,
            )
        except Exception as exc:
            if _is_unavailable(exc):
                raise EngineUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from exc
            raise
        real_errors = [
            e
            for e in errors
            if not (ignore_missing and (e.get("delete") or {}).get("status") == 404)
        ]
        if success or errors:
            index_changed()
        if real_errors:
            raise EngineUnavailable(f"bulk errors: {str(real_errors[:3])[:300]}")
        return success


def _as_dict(response) -> dict:
    body = getattr(response, "body", response)
    return body if isinstance(body, dict) else dict(body)


def _is_unavailable(exc: Exception) -> bool:
    names = {klass.__name__ for klass in type(exc).__mro__}
    if names & {
        "ConnectionError",
        "ConnectionTimeout",
        "TransportError",
        "ApiError",
        "ConnectionTimeoutError",
        "TimeoutError",
        "SerializationError",
    }:
        status = getattr(exc, "status_code", None) or getattr(exc, "status", None)
        # 4xx other than "too many requests" are our bugs, not an unavailable engine
        if isinstance(status, int) and 400 <= status < 500 and status != 429:
            return False
        return True
    return False


_engine: SearchEngine | None = None
_engine_lock = threading.Lock()
_down_until = 0.0


def engine_configured() -> bool:
    return settings.SEARCH_BACKEND != "database"


def get_engine() -> SearchEngine | None:
    """The process-wide engine, or None in embedded mode (database search)."""
    global _engine
    if not engine_configured():
        return None
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = SearchEngine()
    return _engine


def reset_engine() -> None:
    """Forget the cached client (tests pointing the settings at another engine)."""
    global _engine, _down_until
    _engine = None
    _down_until = 0.0


def mark_down() -> None:
    """Remember for a moment that the engine is down, so requests do not each wait for it."""
    global _down_until
    _down_until = time.monotonic() + conf.down_grace()


def recently_down() -> bool:
    return time.monotonic() < _down_until


def mark_up() -> None:
    global _down_until
    _down_until = 0.0
