"""Translation staleness of toolbox items (reads for the admin report, see ``reports.py``).

For every item and target locale, a translation is

- **missing** when the item has no page (other than an alias) in that locale;
- **stale** when the source changed after the translation was last synced with it;
- **not published** when its page exists but is not live: a copy made by "Translate this
  page", still being translated (visitors get the stated fallback meanwhile);
- **up to date** otherwise.

"Last synced" is the latest wagtail-localize ``TranslationLog`` of the translation (written
each time the translation is created or updated from its ``TranslationSource``). What the
translation was made from is the source snapshot (``TranslationSource.content_json``) when
that snapshot is not newer than the sync, else the source revision that was published at
the time of the sync. Translations made without wagtail-localize (no log) are compared with
the source revision published when the translation was last published.

Staleness is decided on content, not only on dates: the translatable texts and synchronised
values of the source then and now are compared, so republishing an unchanged source does
not make its translations stale, and the report can show what changed.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import TranslationLog, TranslationSource
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments

from home.text_diff import word_diff

from .exchange import fill_missing_ids
from .models import EventPage, ToolboxItemPage

MISSING, UP_TO_DATE, STALE = "missing", "up_to_date", "stale"
UNPUBLISHED = "unpublished"
STATUS_LABELS = {
    MISSING: _("Missing"),
    UNPUBLISHED: _("Not published yet"),
    UP_TO_DATE: _("Up to date"),
    STALE: _("Stale"),
}
# Synchronised fields compared otherwise (tags) or not shown to visitors.
COPIED_FIELDS_SKIPPED = {"tags", "tagged_items", "show_in_menus"}


@dataclass
class SourceChange:
    """One text or value of the source that differs between the synced version and now."""

    path: str
    label: str
    before: str | None  # None: added since
    after: str | None  # None: removed since

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"

    @cached_property
    def segments(self) -> list[tuple[str, str]]:
        """Word-level differences: ("equal" | "insert" | "delete", text)."""
        return word_diff(self.before or "", self.after or "")


@dataclass
class TranslationState:
    """Where the translation of ``source`` into ``locale`` stands."""

    source: ToolboxItemPage
    locale: Locale
    translation: ToolboxItemPage | None
    status: str
    synced_at: dt.datetime | None = None
    translation_source: TranslationSource | None = None
    changes: list[SourceChange] | None = None  # None when unknown (or not computed)
    base_known: bool = True

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_stale(self) -> bool:
        return self.status == STALE


# --- What a page says, path by path -------------------------------------------------------


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_display(v) for v in value)
    return str(value)


def content_texts(instance) -> dict[str, tuple[str, str]]:
    """The translatable texts and synchronised values of ``instance``:
    ``{key: (label, text)}``. Keys are content paths with list items by position, so that
    two versions compare even when one stored its list items without ids."""
    texts: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    instance = with_block_ids(instance)
    for segment in extract_segments(instance):
        if not isinstance(
            segment, StringSegmentValue | OverridableSegmentValue | RelatedObjectSegmentValue
        ):
            continue
        label, key, block = describe_path(instance, segment.path)
        labels.setdefault(key, label)
        if isinstance(segment, StringSegmentValue):
            texts[key].append(segment.string.render_text())
        elif isinstance(segment, OverridableSegmentValue):
            texts[key].append(_chosen_display(block, segment.data))
        else:
            texts[key].append(_related_display(segment, instance.locale))
    # Synchronised values that are not segments (choices, numbers, dates, references, child
    # objects) are copied to translations on sync: a change makes translations stale too.
    for field in get_translatable_fields(type(instance)):
        if not isinstance(field, SynchronizedField):
            continue
        name = field.field_name
        if name in COPIED_FIELDS_SKIPPED or name in texts:
            continue
        texts[name].append(_copied_value(instance, name))
        labels[name] = describe_path(instance, name)[0]
    texts["tags"] = [", ".join(sorted(tag.name for tag in instance.tags.all()))]
    labels["tags"] = describe_path(instance, "tags")[0]
    return {key: (labels[key], "\n".join(values)) for key, values in texts.items()}


def with_block_ids(instance):
    """A copy of ``instance`` whose StreamFields have an id on every block and list item.

    wagtail-localize leaves out the items of lists stored without ids (Wagtail's older
    format), so two versions of the same content could extract differently; ids derived
    from the item's place make them extract alike (comparison keys use places anyway)."""
    copied = copy.copy(instance)
    for model_field in instance._meta.get_fields():
        if isinstance(model_field, StreamField):
            value = model_field.value_from_object(instance)
            if value is None:
                continue
            raw = json.loads(json.dumps(list(value.raw_data), cls=DjangoJSONEncoder))
            fill_missing_ids(model_field.stream_block, raw, model_field.name)
            setattr(copied, model_field.name, raw)
    return copied


def _chosen_display(block, data) -> str:
    """An overridable value for people: the title of a chosen page, document or image."""
    if isinstance(block, blocks.ChooserBlock) and isinstance(data, int):
        chosen = block.target_model._default_manager.filter(pk=data).first()
        if chosen is not None:
            return str(chosen)
    return _display(data)


def _related_display(segment: RelatedObjectSegmentValue, locale) -> str:
    model = segment.content_type.model_class()
    objects = model._default_manager.filter(translation_key=segment.translation_key)
    related = objects.filter(locale=locale).first() or objects.order_by("pk").first()
    return str(related) if related is not None else str(segment.translation_key)


def _copied_value(instance, name: str) -> str:
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(sorted(str(obj) for obj in getattr(instance, name).all()))
    if model_field.one_to_many:  # child objects, e.g. subtitle tracks
        return "; ".join(_child_display(obj) for obj in getattr(instance, name).all())
    value = getattr(instance, name)
    if isinstance(value, dt.datetime) and isinstance(instance, EventPage):
        value = value.astimezone(instance.tzinfo)
    return _display(value)


def _child_display(obj) -> str:
    skipped = {"id", "page", "sort_order"}
    return " ".join(
        _display(getattr(obj, f.name))
        for f in obj._meta.concrete_fields
        if f.name not in skipped and not f.name.endswith("_ptr")
    )


def describe_path(instance, path: str) -> tuple[str, str, object]:
    """For a content path of ``instance``: a readable label ("Body › 2. Callout › Text"),
    a comparison key (list items by position instead of id) and the block at the end."""
    parts = path.split(".")
    try:
        model_field = instance._meta.get_field(parts[0])
    except FieldDoesNotExist:
        return path, path, None
    labels = [capfirst(str(getattr(model_field, "verbose_name", parts[0])))]
    keys = [parts[0]]
    block = None
    if isinstance(model_field, StreamField) and len(parts) > 1:
        value = model_field.value_from_object(instance)
        block = _walk_blocks(model_field.stream_block, value, parts[1:], labels, keys)
    else:
        keys += parts[1:]
    return " › ".join(labels), ".".join(keys), block


def _walk_blocks(block, value, parts: list[str], labels: list, keys: list):
    if not parts:
        return block
    head, rest = parts[0], parts[1:]
    if isinstance(block, blocks.StreamBlock) and value is not None:
        for position, child in enumerate(value):
            if child.id == head:
                labels.append(f"{position + 1}. {capfirst(str(child.block.label))}")
                keys.append(head)
                return _walk_blocks(child.block, child.value, rest, labels, keys)
    elif isinstance(block, blocks.ListBlock) and value is not None:
        for position, item in enumerate(value.bound_blocks):
            if item.id == head:
                labels.append(str(position + 1))
                keys.append(f"#{position}")
                return _walk_blocks(block.child_block, item.value, rest, labels, keys)
    elif isinstance(block, blocks.StructBlock) and head in block.child_blocks:
        child_block = block.child_blocks[head]
        labels.append(capfirst(str(child_block.label)))
        keys.append(head)
        child_value = value.get(head) if value is not None else None
        return _walk_blocks(child_block, child_value, rest, labels, keys)
    labels.extend(parts)
    keys.extend(parts)
    return None


def source_changes(*, before, after) -> list[SourceChange]:
    """What differs between two versions of a source (texts and synchronised values)."""
    old, new = content_texts(before), content_texts(after)
    changes = []
    for key, (label, text) in new.items():
        previous = old.get(key)
        if previous is None or previous[1] != text:
            changes.append(
                SourceChange(key, label, before=previous[1] if previous else None, after=text)
            )
    for key, (label, text) in old.items():
        if key not in new:
            changes.append(SourceChange(key, label, before=text, after=None))
    return changes


# --- States -------------------------------------------------------------------------------


def _content(page: Page) -> Page:
    page = page.specific
    if not page.live and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def published_revision_at(page: Page, moment: dt.datetime) -> Revision | None:
    """The revision of ``page`` that was live at ``moment`` (its last publish before then)."""
    entry = (
        PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", timestamp__lte=moment, revision__isnull=False
        )
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry else None


class StateBuilder:
    """Translation states of many items at once, with a handful of queries."""

    def __init__(self, sources: Iterable[ToolboxItemPage]):
        self.sources = [
            source if type(source) is not ToolboxItemPage else source.specific for source in sources
        ]
        keys = [source.translation_key for source in self.sources]
        self.pages = {
            (page.translation_key, page.locale_id): page
            for page in ToolboxItemPage.objects.filter(
                translation_key__in=keys, alias_of__isnull=True
            ).select_related("locale")
        }
        self.translation_sources = {
            (ts.object_id, ts.locale_id): ts
            for ts in TranslationSource.objects.filter(object_id__in=keys)
        }
        logs = (
            TranslationLog.objects.filter(source__in=list(self.translation_sources.values()))
            .values("source_id", "locale_id")
            .annotate(last=Max("created_at"))
        )
        self.last_logs = {(log["source_id"], log["locale_id"]): log["last"] for log in logs}

    def states(self, locales: Iterable[Locale], *, with_changes: bool = False):
        for source in self.sources:
            for locale in locales:
                if locale.pk != source.locale_id:
                    yield self.state(source, locale, with_changes=with_changes)

    def state(self, source, locale: Locale, *, with_changes: bool = False) -> TranslationState:
        translation = self.pages.get((source.translation_key, locale.pk))
        if translation is None:
            return TranslationState(source, locale, None, MISSING)
        if not translation.live:
            return TranslationState(source, locale, translation, UNPUBLISHED)
        ts = self.translation_sources.get((source.translation_key, source.locale_id))
        log_at = self.last_logs.get((ts.pk, locale.pk)) if ts else None
        synced_at = (
            log_at or translation.last_published_at or translation.latest_revision_created_at
        )
        state = TranslationState(
            source, locale, translation, UP_TO_DATE, synced_at=synced_at, translation_source=ts
        )
        published = source.last_published_at
        made_from_snapshot = ts is not None and log_at is not None and ts.last_updated_at <= log_at
        if made_from_snapshot and published is not None and published <= ts.last_updated_at:
            # made from a snapshot taken after the source's last publish: nothing new since
            return self._with_changes(state, []) if with_changes else state
        if log_at is None and published and synced_at and published <= synced_at:
            return self._with_changes(state, []) if with_changes else state
        base = self.base_instance(source, ts, log_at, synced_at, made_from_snapshot)
        if base is None:
            state.status, state.base_known = STALE, False
            return state
        changes = source_changes(before=base, after=_content(source))
        state.status = STALE if changes else UP_TO_DATE
        return self._with_changes(state, changes)

    @staticmethod
    def _with_changes(state: TranslationState, changes) -> TranslationState:
        state.changes = changes
        return state

    @staticmethod
    def base_instance(source, ts, log_at, synced_at, made_from_snapshot: bool):
        """The version of the source the translation was made from (None if unknown)."""
        if made_from_snapshot:
            return ts.as_instance()
        if synced_at is None:
            return None
        revision = published_revision_at(source, synced_at)
        return revision.as_object() if revision else None


def translation_states(
    *, sources: Iterable[ToolboxItemPage], locales: Iterable[Locale]
) -> list[TranslationState]:
    """The state of every source item's translation into each of ``locales``."""
    return list(StateBuilder(sources).states(list(locales)))


def translation_state(*, source: ToolboxItemPage, locale: Locale) -> TranslationState:
    """One translation's state, with what changed in the source since its last sync."""
    return StateBuilder([source]).state(source, locale, with_changes=True)


def source_items(queryset=None) -> list[ToolboxItemPage]:
    """The source page of every item (the page its translations were made from)."""
    pages = queryset if queryset is not None else ToolboxItemPage.objects.all()
    pages = pages.filter(alias_of__isnull=True)
    groups: dict = defaultdict(list)
    for page in ToolboxItemPage.objects.filter(
        translation_key__in=pages.values("translation_key"), alias_of__isnull=True
    ).order_by("pk"):
        groups[page.translation_key].append(page)
    first_source_locale = {}
    for ts in TranslationSource.objects.filter(object_id__in=list(groups)).order_by(
        "created_at", "pk"
    ):
        first_source_locale.setdefault(ts.object_id, ts.locale_id)
    source_ids = []
    for key, group in groups.items():
        locale_id = first_source_locale.get(key)
        source_ids.append(next((p for p in group if p.locale_id == locale_id), group[0]).pk)
    return list(
        ToolboxItemPage.objects.filter(pk__in=source_ids)
        .select_related("locale", "theme", "partner")
        .order_by("pk")
        .specific()
    )
