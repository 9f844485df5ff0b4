"""Writes of the search app: recording changes, rebuilding search documents, feeding the engine.

The write path is an outbox:

1. a content change (publish, unpublish, delete, move, new translation, privacy change, new
   PDF) records its translation group in :class:`~search.models.PendingIndexChange`, in the
   same transaction as the change, and enqueues ``search.tasks.sync_groups`` on commit
   (``search.outbox``, which sits above the tasks: signals → outbox → tasks → services);
2. the task rebuilds the group's :class:`~search.models.SearchDocument` from the database
   (public, live content only), then sends it to the engine and deletes the outbox rows;
3. if the engine is unreachable the rows stay (the backlog), marked with the failed attempt,
   the task retries with backoff, and ``search.replay_backlog``, run by Celery beat, replays the
   backlog once the engine answers again (:func:`search_backlog_due`).

Every step is idempotent: a group is rebuilt from the current database state, whatever the
order or number of times the tasks run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from . import embeddings
from .analysis import LANGUAGES
from .engine import EngineUnavailable, get_engine, mark_down, mark_up
from .models import PendingIndexChange, QueryLogEntry, SearchDocument
from .sources import registry, source_for_instance

logger = logging.getLogger(__name__)

# An outbox row older than this is replayed even if no failure was noted on it: its task was
# lost (a worker killed mid-task, ...). Longer than the sync task's retries (2 + 4 + ... 64 s).
REPLAY_AFTER_SECONDS = 300


def group_of(instance) -> str | None:
    """The search group of a model instance (a page, a partner), or None if it has none."""
    source = source_for_instance(instance)
    if source is None or not getattr(instance, "translation_key", None):
        return None
    return source.group_of(instance)


def search_backlog_note_failure(*, groups: Iterable[str], error: Exception | str) -> None:
    """Note on the outbox rows of ``groups`` that delivering them failed (the engine or the
    broker was unreachable): the periodic replay's cue. Kept in the outbox itself, so that it
    survives the loss of the cache."""
    PendingIndexChange.objects.filter(group__in=list(groups)).update(
        attempts=F("attempts") + 1, last_error=str(error)[:500]
    )


def _fallback_backend():
    return get_search_backend("wagtail.search.backends.database")


def _vector_hash(texts: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for code in LANGUAGES:
        digest.update(code.encode() + b"\0" + texts.get(code, "").encode() + b"\0")
    return digest.hexdigest()


@transaction.atomic
def search_document_sync(*, group: str) -> tuple[SearchDocument | None, str | None]:
    """Rebuild the search document of ``group`` from the database.

    Returns ``(document, None)``, or ``(None, removed engine id)`` when the group has nothing
    visible any more (unpublished, deleted, made private).
    """
    label, _sep, translation_key = group.rpartition(":")
    source = registry().get(label)
    data = source.build(translation_key) if source is not None else None
    existing = SearchDocument.objects.select_for_update().filter(doc_key=group).first()
    if data is None:
        if existing is None:
            return None, None
        removed_id = str(existing.pk)
        _fallback_backend().delete(existing)
        existing.delete()
        embeddings.bump_version()
        return None, removed_id

    return search_document_write(group=group, data=data, label=label, existing=existing), None


def _fill(doc: SearchDocument, *, group: str, data, label: str) -> dict[str, str]:
    """Copy ``data`` (a ``search.sources.ItemData``) onto ``doc``; return its embedding texts."""
    doc.doc_key = group
    doc.kind = data.kind
    doc.item_key = data.item_key[:200]
    doc.source = label
    doc.translation_key = data.translation_key
    doc.audience = data.audience
    doc.original_locale = data.original_locale
    doc.locales = sorted(data.translations)
    doc.themes = data.themes
    doc.sectors = data.sectors
    doc.partners = data.partners
    doc.start, doc.end, doc.city = data.start, data.end, data.city[:120]
    doc.published_at = data.published_at
    doc.translations = {
        code: {
            "title": t.title,
            "summary": t.summary,
            "url": t.url,
            "api_url": t.api_url,
            "pk": t.pk,
        }
        for code, t in data.translations.items()
    }
    for code in LANGUAGES:
        text = data.translations.get(code)
        setattr(doc, f"title_{code}", text.title if text else "")
        setattr(doc, f"summary_{code}", text.summary if text else "")
        setattr(doc, f"body_{code}", text.body if text else "")
        setattr(doc, f"attachments_{code}", text.attachments if text else "")
        setattr(doc, f"url_{code}", (text.url if text else "")[:500])
    return {
        code: embeddings.embedding_text(t.title, t.summary, t.body)
        for code, t in data.translations.items()
    }


def search_document_write(
    *, group: str, data, label: str, existing: SearchDocument | None = None
) -> SearchDocument:
    """Store ``data`` (a ``search.sources.ItemData``) as the search document of ``group``."""
    doc = existing or SearchDocument.objects.filter(doc_key=group).first()
    return search_documents_write(
        items=[(group, data, label)], existing={group: doc} if doc else {}
    )[0]


def search_documents_write(
    *, items: list[tuple[str, object, str]], existing: dict[str, SearchDocument] | None = None
) -> list[SearchDocument]:
    """Store many ``(group, ItemData, source label)`` at once.

    One database read for the existing rows, one encoder call for every changed language
    version, one bulk insert and one bulk update, one bulk write of the database-search index
    entries: the per-item cost of the write path is the text copying only.
    """
    if not items:
        return []
    with transaction.atomic():
        return _write_documents(items, existing)


def _write_documents(items, existing) -> list[SearchDocument]:
    if existing is None:
        # locked: two syncs of one group (retries, replays) write one after the other
        existing = SearchDocument.objects.select_for_update().in_bulk(
            [group for group, _d, _l in items], field_name="doc_key"
        )
    docs, to_embed = [], []
    for group, data, label in items:
        doc = existing.get(group) or SearchDocument(doc_key=group)
        texts = _fill(doc, group=group, data=data, label=label)
        vector_hash = _vector_hash(texts)
        if embeddings.enabled() and vector_hash != doc.embedding_hash:
            doc.embedding_hash = vector_hash
            to_embed.append((doc, texts))
        docs.append(doc)
    if to_embed:
        packed = embeddings.documents_vectors([texts for _doc, texts in to_embed])
        for (doc, _texts), blob in zip(to_embed, packed, strict=True):
            doc.embeddings = blob
    new = [d for d in docs if d.pk is None]
    old = [d for d in docs if d.pk is not None]
    fields = [
        f.name
        for f in SearchDocument._meta.concrete_fields
        if not f.primary_key and f.name != "doc_key"
    ]
    if new:
        # an upsert: a group created meanwhile by a concurrent sync is updated, not duplicated
        SearchDocument.objects.bulk_create(
            new,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["doc_key"],
            update_fields=fields,
        )
        if any(d.pk is None for d in new):  # a backend that does not return ids
            ids = dict(
                SearchDocument.objects.filter(doc_key__in=[d.doc_key for d in new]).values_list(
                    "doc_key", "pk"
                )
            )
            for d in new:
                d.pk = ids[d.doc_key]
    if old:
        now = timezone.now()
        for doc in old:
            doc.updated_at = now  # bulk_update does not apply auto_now
        SearchDocument.objects.bulk_update(old, fields, batch_size=200)
    _fallback_backend().add_bulk(SearchDocument, docs)
    if to_embed:
        # now for this process, and again once committed for the other processes
        embeddings.bump_version()
        transaction.on_commit(embeddings.bump_version)
    return docs


def search_documents_rebuild(*, groups: list[str], removed: list[str] | None = None) -> set[str]:
    """Rebuild the documents of many groups at once (``search_reindex``): one batched write
    for the visible ones, :func:`search_document_sync` (removal) for the others. Returns the
    groups that have a document."""
    items, gone = [], []
    sources = registry()
    for group in groups:
        label, _sep, translation_key = group.rpartition(":")
        source = sources.get(label)
        data = source.build(translation_key) if source is not None else None
        if data is None:
            gone.append(group)
        else:
            items.append((group, data, label))
    with transaction.atomic():
        search_documents_write(items=items)
    for group in gone:
        _doc, removed_id = search_document_sync(group=group)
        if removed_id and removed is not None:
            removed.append(removed_id)
    return {group for group, _d, _l in items}


def search_engine_push(*, groups: list[str], removed_ids: Iterable[str] = ()) -> int:
    """Send the current search documents of ``groups`` to the engine; clear their outbox rows.

    Raises :class:`~search.engine.EngineUnavailable` when the engine cannot take them (the
    outbox rows then stay for the replay).
    """
    started = timezone.now()
    engine = get_engine()
    if engine is not None:
        engine.ensure_index()
        docs = list(SearchDocument.objects.filter(doc_key__in=groups).defer("embeddings"))
        engine.bulk_upsert(docs, visible=True)
        removed = {str(i) for i in removed_ids} - {str(d.pk) for d in docs}
        if removed:
            engine.bulk_delete(removed, visible=True)
        mark_up()
    PendingIndexChange.objects.filter(group__in=groups, queued_at__lte=started).delete()
    return len(groups)


def search_groups_sync(*, groups: list[str]) -> int:
    """Rebuild the documents of ``groups`` and push them to the engine (the task's body)."""
    removed: list[str] = []
    search_documents_rebuild(groups=groups, removed=removed)
    if removed:
        # kept with the outbox rows so that a replay after an outage still deletes them
        for change in PendingIndexChange.objects.filter(group__in=groups):
            ids = sorted(set(change.removed_ids) | set(removed))
            PendingIndexChange.objects.filter(pk=change.pk).update(removed_ids=ids)
    pending_removed = [
        i
        for ids in PendingIndexChange.objects.filter(group__in=groups).values_list(
            "removed_ids", flat=True
        )
        for i in ids
    ]
    try:
        return search_engine_push(groups=groups, removed_ids=set(removed) | set(pending_removed))
    except EngineUnavailable as exc:
        mark_down()
        search_backlog_note_failure(groups=groups, error=exc)
        raise


def search_backlog_due() -> bool:
    """Whether a replay of the backlog is called for: the outbox holds a change whose delivery
    failed, or one older than ``REPLAY_AFTER_SECONDS``, and the engine, if there is one,
    answers (otherwise the replay would only fail again)."""
    stale = timezone.now() - dt.timedelta(seconds=REPLAY_AFTER_SECONDS)
    if not PendingIndexChange.objects.filter(Q(attempts__gt=0) | Q(queued_at__lt=stale)).exists():
        return False
    engine = get_engine()
    if engine is None:
        return True
    try:
        engine.ping(timeout=2)
    except EngineUnavailable:
        return False
    return True


def search_backlog_replay(*, batch_size: int = 200) -> int:
    """Replay every recorded change into the engine, oldest first. Returns how many groups."""
    done = 0
    while True:
        groups = list(
            PendingIndexChange.objects.order_by("queued_at").values_list("group", flat=True)[
                :batch_size
            ]
        )
        if not groups:
            return done
        search_groups_sync(groups=groups)
        done += len(groups)


def all_groups() -> list[str]:
    groups = []
    for source in registry().values():
        groups += [f"{source.label}:{key}" for key in source.all_translation_keys()]
    return groups


_EMAIL = re.compile(r"\S+@\S+")
_DIGITS = re.compile(r"\d[\d .-]{5,}\d")


def normalise_logged_query(q: str) -> str:
    """What the query log keeps: lowercased, spaces collapsed, e-mail addresses and long
    digit runs (phone numbers, ids) masked, so the log cannot hold personal data."""
    text = " ".join(q.lower().split())
    text = _EMAIL.sub("[email]", text)
    text = _DIGITS.sub("[number]", text)
    return text[:200]


def search_query_log(*, query: str, language: str, count: int) -> None:
    """Count one search of ``query`` in ``language`` today (no user, IP or session kept)."""
    text = normalise_logged_query(query)
    if not text:
        return
    today = timezone.localdate()
    zero = 1 if count == 0 else 0
    updated = QueryLogEntry.objects.filter(day=today, language=language, query=text).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + zero, last_count=count
    )
    if not updated:
        try:
            with transaction.atomic():
                QueryLogEntry.objects.create(
                    day=today,
                    language=language,
                    query=text,
                    searches=1,
                    zero_results=zero,
                    last_count=count,
                )
        except IntegrityError:  # created meanwhile by a concurrent request
            QueryLogEntry.objects.filter(day=today, language=language, query=text).update(
                searches=F("searches") + 1, zero_results=F("zero_results") + zero, last_count=count
            )
