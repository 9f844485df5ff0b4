"""Import and export of toolbox items as JSON, in the format described in
``docs/import-format.md`` (JSON Schema: ``docs/import-format.schema.json``).

One entry per item: its type, ``key``, classification (theme, partner, sectors, audiences,
tags), ``source_locale``, the type's shared fields and, per locale, the translated fields.
``toolbox_export`` writes that format; ``toolbox_import`` creates or updates items and their
translations by key. Translations are made through wagtail-localize
(``home.services.translation_create_or_update``), so they stay linked to their source, show
up in the translation editor and are reported stale when the source changes later.

An import is all-or-nothing: the whole file is checked first (structure, types, references),
then written in one transaction; any error, including a model validation failure while
writing, rolls everything back and names the entry (``items[3]``, its key) and the field
(``locales.es.body``). A dry run does all the work and rolls back, so it reports exactly what
a real import would create, update or leave unchanged.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_slug
from django.db import models, transaction
from django.utils.dateparse import parse_datetime, parse_duration
from django.utils.duration import duration_string
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from . import services
from .models import (
    Audience,
    EventPage,
    Partner,
    PartnerSectionPage,
    ThemePage,
    ToolboxItemPage,
)
from .registry import ItemType, item_type_for_model, item_types

FORMAT_NAME = "cybersudoe-toolbox"
FORMAT_VERSION = 1

ENTRY_KEYS = (
    "type",
    "key",
    "source_locale",
    "theme",
    "partner",
    "sectors",
    "audiences",
    "tags",
    "fields",
    "locales",
)
LOCALE_META = ("live",)

# The entry types are the registry's item types: ``name`` is an entry's ``type``, and each
# type's ``locale_fields`` and ``shared`` are its per-locale and shared fields in the format.
ITEM_TYPES: dict[str, ItemType] = {spec.name: spec for spec in item_types()}


class ImportFileError(Exception):
    """A file that cannot be imported, with where the problem is.

    ``index`` is the entry's position in ``items`` (from 0, as in a JSON path), ``field`` a
    dotted path inside the entry (``locales.es.title``, ``fields.start``, ``theme``).
    """

    def __init__(self, message: str, *, index: int | None = None, key=None, field: str = ""):
        self.message, self.index, self.key, self.field = str(message), index, key, field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.index is not None:
            entry = f"items[{self.index}]"
            if isinstance(self.key, str) and self.key:
                entry += f" (key “{self.key}”)"
            where.append(entry)
        if self.field:
            where.append(f"field “{self.field}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


# --- Reading items ------------------------------------------------------------------------


def language_codes() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def item_groups(keys: Iterable[str] | None = None) -> dict[str, list[ToolboxItemPage]]:
    """Every item's pages (its translations, no aliases) by key."""
    pages = ToolboxItemPage.objects.filter(alias_of__isnull=True).select_related("locale")
    if keys is not None:
        pages = pages.filter(key__in=list(keys))
    groups: dict[str, list[ToolboxItemPage]] = {}
    for page in pages.order_by("key", "pk"):
        groups.setdefault(page.key, []).append(page)
    return groups


def source_page(pages: list[Page]) -> Page:
    """The page the others were translated from: the locale of the first wagtail-localize
    source of the group, else the earliest page."""
    pages = sorted(pages, key=lambda p: p.pk)
    source = (
        TranslationSource.objects.filter(object_id=pages[0].translation_key)
        .order_by("created_at", "pk")
        .values_list("locale_id", flat=True)
        .first()
    )
    return next((p for p in pages if p.locale_id == source), pages[0])


def content_of(page: Page) -> Page:
    """What the page shows: the published content if live, else its latest draft."""
    page = page.specific
    if not page.live and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


# --- Field values <-> JSON ----------------------------------------------------------------


def map_page_references(block, raw, convert: Callable):
    """``raw`` (stream data for ``block``) with every page-chooser value passed to ``convert``."""
    if isinstance(block, blocks.PageChooserBlock):
        return convert(raw)
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        mapped = []
        for child in raw:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                child_block = block.child_blocks[child["type"]]
                child = {
                    **child,
                    "value": map_page_references(child_block, child.get("value"), convert),
                }
            mapped.append(child)
        return mapped
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        mapped = []
        for child in raw:
            if isinstance(child, dict) and child.get("type") == "item" and "value" in child:
                value = map_page_references(block.child_block, child["value"], convert)
                mapped.append({**child, "value": value})
            else:
                mapped.append(map_page_references(block.child_block, child, convert))
        return mapped
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            name: map_page_references(block.child_blocks[name], value, convert)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    return raw


def _key_of_page(page_id):
    if page_id is None:
        return None
    return ToolboxItemPage.objects.filter(pk=page_id).values_list("key", flat=True).first() or None


def align_stream_ids(reference, target):
    """Give blocks of ``target`` without an id the id of the block of the same type at the
    same place in ``reference`` (recursively). Keeps block ids stable across imports of files
    written without ids, and pairs a translation's blocks with its source's."""
    if isinstance(reference, list) and isinstance(target, list):
        for position, (ref, tgt) in enumerate(zip(reference, target, strict=False)):
            if isinstance(ref, dict) and ref.get("type") == "item" and not isinstance(tgt, dict):
                # a list item given as a bare value, as in Wagtail's older list format
                tgt = target[position] = {"type": "item", "value": tgt}
            if isinstance(ref, dict) and isinstance(tgt, dict) and "value" in tgt:
                if tgt.get("type") == ref.get("type") and not tgt.get("id") and ref.get("id"):
                    tgt["id"] = ref["id"]
                align_stream_ids(ref.get("value"), tgt["value"])
            else:
                align_stream_ids(ref, tgt)
    elif isinstance(reference, dict) and isinstance(target, dict):
        for name, value in target.items():
            if name in reference:
                align_stream_ids(reference[name], value)
    return target


def field_to_json(page: Page, name: str):
    """The value of ``name`` on ``page`` as it appears in the format."""
    if name == "subtitle_tracks":
        return [
            {"language": track.language, "document": track.document_id}
            for track in page.subtitle_tracks.all()
        ]
    model_field = page._meta.get_field(name)
    return value_to_json(
        model_field,
        model_field.value_from_object(page),
        tz=_tz_of(page),
        seed=f"{page.translation_key}/{name}",
    )


def value_to_json(model_field, value, *, tz=None, seed: str = ""):
    if isinstance(model_field, StreamField):
        return stream_to_json(model_field.stream_block, value, seed=seed)
    if isinstance(model_field, models.ForeignKey):
        return value.pk if isinstance(value, models.Model) else value
    if isinstance(model_field, models.DurationField):
        return duration_string(value) if value is not None else None
    if isinstance(model_field, models.DateTimeField):
        return value.astimezone(tz).isoformat() if value is not None else None
    return value


def stream_to_json(stream_block, value, *, seed: str) -> list:
    """StreamField data in a canonical form, so that equal content exports as equal text.

    Every block goes through ``to_python`` and ``clean`` (as the admin form does: keys in
    the blocks' order, optional texts as ""), and blocks stored without an id (Wagtail's
    older list format) get one derived from ``seed`` (the item's translation key and field)
    and their place: the same in every export and in every translation of the item.
    """
    if value is None:
        return []
    raw = json.loads(json.dumps(list(value.raw_data), cls=DjangoJSONEncoder))
    fill_missing_ids(stream_block, raw, seed)
    python = stream_block.to_python(raw)
    try:
        python = stream_block.clean(python)
    except ValidationError:
        pass  # stored content that no longer validates is exported as it is
    prepared = stream_block.get_prep_value(python)
    return map_page_references(stream_block, prepared, _key_of_page)


def _stable_id(path: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cybersudoe-toolbox:{path}"))


def fill_missing_ids(block, raw, path: str) -> None:
    """Give every block and list item of ``raw`` (stream data for ``block``) an id: its own,
    else one derived from ``path`` and its place. Lists stored in Wagtail's older format
    (bare values) are converted to the block format on the way."""
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for position, child in enumerate(raw):
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                child.setdefault("id", None)
                child["id"] = child["id"] or _stable_id(f"{path}/{position}")
                child_block = block.child_blocks[child["type"]]
                fill_missing_ids(child_block, child.get("value"), f"{path}/{child['id']}")
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for position, item in enumerate(raw):
            if not (isinstance(item, dict) and item.get("type") == "item" and "value" in item):
                item = raw[position] = {"type": "item", "value": item}
            item["id"] = item.get("id") or _stable_id(f"{path}/{position}")
            fill_missing_ids(block.child_block, item["value"], f"{path}/{item['id']}")
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            if name in raw:
                fill_missing_ids(child_block, raw[name], f"{path}/{name}")


def _tz_of(page):
    return page.tzinfo if isinstance(page, EventPage) else None


class FieldValueError(ValueError):
    pass


def value_from_json(
    model, name: str, value, *, locale: Locale, tz=None, pending_keys: frozenset = frozenset()
):
    """The Python value of ``name`` for ``model`` from its JSON form (``FieldValueError``)."""
    if name == "subtitle_tracks":
        return _subtitle_tracks_from_json(value)
    model_field = model._meta.get_field(name)
    if value is None:
        if model_field.null:
            return None
        raise FieldValueError("may not be null")
    if isinstance(model_field, StreamField):
        if not isinstance(value, list):
            raise FieldValueError("must be a list of blocks")
        for position, child in enumerate(value):
            if not isinstance(child, dict) or "type" not in child or "value" not in child:
                raise FieldValueError(f"block {position} must be an object with type and value")
            if child["type"] not in model_field.stream_block.child_blocks:
                known = ", ".join(model_field.stream_block.child_blocks)
                raise FieldValueError(
                    f"block {position} has unknown type “{child['type']}” (known: {known})"
                )
        pending_used = []

        def page_id(ref):
            page_id = _page_id_for_key(ref, locale, pending_keys)
            if page_id is None and ref is not None:
                pending_used.append(ref)
            return page_id

        raw = map_page_references(model_field.stream_block, copy.deepcopy(value), page_id)
        # Ids made explicit now (new ones for new blocks), so the stored data is what the
        # import compares and reports.
        fill_missing_ids(model_field.stream_block, raw, str(uuid.uuid4()))
        try:
            stream = model_field.stream_block.to_python(raw)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise FieldValueError(f"is not valid block data ({exc})") from exc
        if pending_used:
            return stream  # checked again on write, once those items exist
        # Block validation, as the admin form does: precise errors, and optional texts left
        # out of the file become "" (not None, which translation extraction cannot handle).
        try:
            return model_field.stream_block.clean(stream)
        except ValidationError as exc:
            raise FieldValueError(describe_validation_error(exc)) from None
    if isinstance(model_field, models.ForeignKey):
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldValueError("must be the id of a document or image")
        if not model_field.related_model.objects.filter(pk=value).exists():
            label = model_field.related_model._meta.verbose_name
            raise FieldValueError(f"there is no {label} with id {value}")
        return value
    if isinstance(model_field, models.BooleanField):
        if not isinstance(value, bool):
            raise FieldValueError("must be true or false")
        return value
    if isinstance(model_field, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldValueError("must be a whole number")
        return value
    if isinstance(model_field, models.DurationField):
        if isinstance(value, int) and not isinstance(value, bool):
            return dt.timedelta(seconds=value)
        parsed = parse_duration(value) if isinstance(value, str) else None
        if parsed is None:
            raise FieldValueError("must be a duration such as “00:03:30” (or seconds)")
        return parsed
    if isinstance(model_field, models.DateTimeField):
        parsed = None
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None
        if parsed is None:
            raise FieldValueError(
                "must be an ISO 8601 date and time, e.g. 2027-03-04T09:30:00+01:00"
            )
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=tz)  # local time where the event takes place
        return parsed
    if not isinstance(value, str):
        raise FieldValueError("must be a string")
    return value


def _page_id_for_key(ref, locale: Locale, pending_keys: frozenset = frozenset()):
    """The page of the item ``ref`` in ``locale`` (else its source). While checking a file,
    keys of items the file itself creates (``pending_keys``) are accepted as they are."""
    if ref is None:
        return None
    if not isinstance(ref, str):
        raise FieldValueError(f"recommended items are given by key, not {ref!r}")
    pages = ToolboxItemPage.objects.filter(key=ref, alias_of__isnull=True)
    page_id = (
        pages.filter(locale=locale).values_list("pk", flat=True).first()
        or pages.order_by("pk").values_list("pk", flat=True).first()
    )
    if page_id is None:
        if ref in pending_keys:
            return None
        raise FieldValueError(f"refers to an unknown item “{ref}”")
    return page_id


def _subtitle_tracks_from_json(value) -> list[dict]:
    if not isinstance(value, list):
        raise FieldValueError("must be a list of {language, document}")
    tracks = []
    Document = get_document_model()
    for position, track in enumerate(value):
        if not isinstance(track, dict) or set(track) != {"language", "document"}:
            raise FieldValueError(f"track {position} must be an object with language and document")
        if track["language"] not in language_codes():
            raise FieldValueError(f"track {position} has an unknown language “{track['language']}”")
        if not Document.objects.filter(pk=track["document"]).exists():
            raise FieldValueError(
                f"track {position}: there is no document with id {track['document']}"
            )
        tracks.append(dict(track))
    return tracks


# --- Export -------------------------------------------------------------------------------


def export_item(pages: list[ToolboxItemPage]) -> dict:
    """One entry of the format for an item given all its pages."""
    source = source_page(pages)
    spec = item_type_for_model(source.specific_class)
    content = content_of(source)
    section = source.get_parent().specific
    entry = {
        "type": spec.name,
        "key": source.key,
        "source_locale": source.locale.language_code,
        "theme": content.theme.key if content.theme_id else None,
        "partner": section.partner.key
        if isinstance(section, PartnerSectionPage) and section.partner_id
        else None,
        "sectors": sorted(sector.key for sector in content.sectors.all()),
        "audiences": sorted(audience.key for audience in content.audiences.all()),
        "tags": sorted(tag.name for tag in content.tags.all()),
        "fields": {name: field_to_json(content, name) for name in spec.shared},
        "locales": {},
    }
    by_code = {page.locale.language_code: page for page in pages}
    order = [entry["source_locale"]] + [c for c in language_codes() if c != entry["source_locale"]]
    for code in order + sorted(set(by_code) - set(order)):
        if code in by_code:
            page = by_code[code]
            localized = content_of(page)
            values = {"live": page.live}
            values.update({name: field_to_json(localized, name) for name in spec.locale_fields})
            entry["locales"][code] = values
    return entry


def toolbox_export(*, keys: Iterable[str] | None = None) -> dict:
    """Every toolbox item (or those with ``keys``) in the import format, sorted by key."""
    groups = item_groups(keys)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "items": [export_item(pages) for _key, pages in sorted(groups.items())],
    }


def dumps(document: dict) -> str:
    """The canonical text of a document: stable, so that two exports can be compared."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- Import: checking the file ------------------------------------------------------------


@dataclass
class ParsedEntry:
    """One entry, checked and resolved against the database, ready to write."""

    index: int
    key: str
    spec: ItemType
    source_locale: Locale
    raw: dict
    theme: ThemePage | None = None
    section: PartnerSectionPage | None = None
    partner_given: bool = False
    sectors: list[ThemePage] | None = None
    audiences: list[Audience] | None = None
    tags: list[str] | None = None
    shared: dict = field(default_factory=dict)  # name -> JSON value as given
    locales: dict[str, dict] = field(default_factory=dict)  # code -> {name: JSON value}
    locale_objects: dict[str, Locale] = field(default_factory=dict)

    def error(self, message: str, field_path: str = "") -> ImportFileError:
        return ImportFileError(message, index=self.index, key=self.key, field=field_path)

    def path_of(self, name: str, code: str | None = None) -> str:
        """The path in the entry of a model field (for validation errors)."""
        if name in self.spec.shared:
            return f"fields.{name}"
        if name in self.spec.locale_fields:
            return f"locales.{code or self.source_locale.language_code}.{name}"
        return name if name in ENTRY_KEYS else ""


def parse_document(text: str | bytes) -> list[dict]:
    """The entries of a JSON document, after checking its envelope."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"not UTF-8 text: {exc}") from exc
    if not isinstance(document, dict):
        raise ImportFileError("the document must be a JSON object with “format” and “items”")
    if document.get("format") != FORMAT_NAME:
        raise ImportFileError(f"“format” must be “{FORMAT_NAME}”")
    if document.get("version") != FORMAT_VERSION:
        raise ImportFileError(f"unsupported “version” {document.get('version')!r} (expected 1)")
    items = document.get("items")
    if not isinstance(items, list):
        raise ImportFileError("“items” must be a list of entries")
    return items


def _keys_of(model, keys: list, locale: Locale, entry: ParsedEntry, field_path: str):
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise entry.error("must be a list of keys", field_path)
    found = []
    for key in keys:
        objects = model.objects.filter(key=key)
        if model is ThemePage:
            objects = objects.filter(kind=ThemePage.Kind.SECTORAL)
        obj = objects.filter(locale=locale).first() or objects.first()
        if obj is None:
            label = "sector (sectoral theme)" if model is ThemePage else "audience"
            raise entry.error(f"unknown {label} “{key}”", field_path)
        found.append(obj)
    return found


def parse_entry(
    index: int, raw, *, locales: dict[str, Locale], pending_keys: frozenset = frozenset()
) -> ParsedEntry:
    """Check one entry's structure and resolve its references (nothing is written)."""
    if not isinstance(raw, dict):
        raise ImportFileError("each entry must be a JSON object", index=index)
    key = raw.get("key")
    if key in (None, ""):
        raise ImportFileError("required", index=index, field="key")
    if not isinstance(key, str):
        raise ImportFileError("must be a string", index=index, field="key")
    try:
        validate_slug(key)
    except ValidationError:
        raise ImportFileError(
            "must be a slug (letters, numbers, hyphens, underscores)",
            index=index,
            key=key,
            field="key",
        ) from None
    if len(key) > 80:
        raise ImportFileError("at most 80 characters", index=index, key=key, field="key")
    unknown = sorted(set(raw) - set(ENTRY_KEYS))
    if unknown:
        raise ImportFileError(
            f"unknown field (known: {', '.join(ENTRY_KEYS)})",
            index=index,
            key=key,
            field=unknown[0],
        )
    type_name = raw.get("type")
    if type_name not in ITEM_TYPES:
        raise ImportFileError(
            f"unknown item type {type_name!r} (known: {', '.join(ITEM_TYPES)})",
            index=index,
            key=key,
            field="type",
        )
    spec = ITEM_TYPES[type_name]
    code = raw.get("source_locale")
    if code not in locales:
        raise ImportFileError(
            f"unknown locale {code!r} (known: {', '.join(locales)})",
            index=index,
            key=key,
            field="source_locale",
        )
    entry = ParsedEntry(index=index, key=key, spec=spec, source_locale=locales[code], raw=raw)
    source = entry.source_locale

    if "theme" in raw:
        theme_key = raw["theme"]
        if not isinstance(theme_key, str):
            raise entry.error("must be a theme key", "theme")
        themes = ThemePage.objects.filter(key=theme_key)
        entry.theme = themes.filter(locale=source).first()
        if entry.theme is None:
            where = "in any locale" if not themes.exists() else f"in locale “{code}”"
            raise entry.error(f"unknown theme “{theme_key}” {where}", "theme")
    if "partner" in raw:
        entry.partner_given = True
        partner_key = raw["partner"]
        if partner_key is not None and not isinstance(partner_key, str):
            raise entry.error("must be a partner key or null", "partner")
        if partner_key is not None and not Partner.objects.filter(key=partner_key).exists():
            raise entry.error(f"unknown partner “{partner_key}”", "partner")
        sections = PartnerSectionPage.objects.filter(locale=source).order_by("path")
        if partner_key is None:
            entry.section = sections.filter(partner__isnull=True).first()
        else:
            entry.section = sections.filter(partner__key=partner_key).first()
        if entry.section is None:
            label = f"partner “{partner_key}”" if partner_key else "the network (no partner)"
            raise entry.error(f"{label} has no section in locale “{code}”", "partner")
    if "sectors" in raw:
        entry.sectors = _keys_of(ThemePage, raw["sectors"], source, entry, "sectors")
    if "audiences" in raw:
        entry.audiences = _keys_of(Audience, raw["audiences"], source, entry, "audiences")
    if "tags" in raw:
        tags = raw["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
            raise entry.error("must be a list of non-empty strings", "tags")
        entry.tags = sorted({t.strip() for t in tags})

    shared = raw.get("fields", {})
    if not isinstance(shared, dict):
        raise entry.error("must be an object", "fields")
    for name in shared:
        if name not in spec.shared:
            known = ", ".join(spec.shared) or "none"
            raise entry.error(
                f"not a shared field of a {spec.name} (known: {known})", f"fields.{name}"
            )
    entry.shared = dict(shared)

    given_locales = raw.get("locales")
    if not isinstance(given_locales, dict) or not given_locales:
        raise entry.error("must be an object with the fields of each locale", "locales")
    for locale_code, values in given_locales.items():
        if locale_code not in locales:
            raise entry.error(
                f"unknown locale (known: {', '.join(locales)})", f"locales.{locale_code}"
            )
        if not isinstance(values, dict):
            raise entry.error("must be an object", f"locales.{locale_code}")
        for name in values:
            if name not in spec.locale_fields + LOCALE_META:
                raise entry.error(
                    f"not a per-locale field of a {spec.name} "
                    f"(known: {', '.join(LOCALE_META + spec.locale_fields)})",
                    f"locales.{locale_code}.{name}",
                )
        if "live" in values and not isinstance(values["live"], bool):
            raise entry.error("must be true or false", f"locales.{locale_code}.live")
        entry.locales[locale_code] = dict(values)
        entry.locale_objects[locale_code] = locales[locale_code]
    if code not in entry.locales:
        raise entry.error(f"the source locale “{code}” must be given", "locales")
    # Every value converts (types, formats, references); the conversion is redone on write.
    tz = _entry_timezone(entry, None)
    for name, value in entry.shared.items():
        _convert(
            entry, name, value, locale=source, tz=tz, path=f"fields.{name}", pending=pending_keys
        )
    for locale_code, values in entry.locales.items():
        for name, value in values.items():
            if name not in LOCALE_META:
                _convert(
                    entry,
                    name,
                    value,
                    locale=locales[locale_code],
                    tz=tz,
                    path=f"locales.{locale_code}.{name}",
                    pending=pending_keys,
                )
    return entry


def _entry_timezone(entry: ParsedEntry, current):
    name = entry.shared.get("timezone")
    if name is None and current is not None:
        name = getattr(current, "timezone", None)
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _convert(
    entry: ParsedEntry, name: str, value, *, locale: Locale, tz, path: str, pending=frozenset()
):
    try:
        return value_from_json(
            entry.spec.model, name, value, locale=locale, tz=tz, pending_keys=pending
        )
    except FieldValueError as exc:
        raise entry.error(str(exc), path) from None


def parse_entries(items: list) -> list[ParsedEntry]:
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in language_codes()
    }
    pending_keys = frozenset(
        raw["key"] for raw in items if isinstance(raw, dict) and isinstance(raw.get("key"), str)
    )
    entries = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(items):
        entry = parse_entry(index, raw, locales=locales, pending_keys=pending_keys)
        if entry.key in first_index:
            raise entry.error(f"duplicate key: items[{first_index[entry.key]}] has it too", "key")
        first_index[entry.key] = index
        entries.append(entry)
    return entries


# --- Import: writing ------------------------------------------------------------------------


@dataclass
class EntryResult:
    """What an import did (or would do) to one entry, per locale."""

    index: int
    key: str
    type: str
    locales: dict[str, str] = field(default_factory=dict)  # code -> created/updated/unchanged

    @property
    def changed(self) -> bool:
        return any(status != "unchanged" for status in self.locales.values())


@dataclass
class ImportResult:
    entries: list[EntryResult]
    dry_run: bool

    def count(self, status: str) -> int:
        return sum(
            1 for entry in self.entries for value in entry.locales.values() if value == status
        )


def describe_validation_error(error) -> str:
    """A one-line message for a (possibly nested StreamField) validation error."""
    if hasattr(error, "as_json_data"):
        return _describe_json_errors(error.as_json_data()) or "invalid"
    if hasattr(error, "messages"):
        return " ".join(str(m) for m in error.messages)
    return str(error)


def _describe_json_errors(data, prefix: str = "") -> str:
    if isinstance(data, list):
        return " ".join(_describe_json_errors(item, prefix) for item in data)
    if isinstance(data, str):
        return f"{prefix}{data}"
    if isinstance(data, dict):
        parts = []
        for message in data.get("messages", []):
            parts.append(f"{prefix}{message}")
        for index, nested in (data.get("blockErrors") or {}).items():
            parts.append(_describe_json_errors(nested, f"{prefix}block {index}: "))
        return " ".join(p for p in parts if p)
    return str(data)


# Page fields Wagtail validates under another name than the one in the file.
FIELD_ALIASES = {"draft_title": "title"}


def _validation_to_import_error(entry: ParsedEntry, exc: ValidationError, code: str | None):
    """The first error of ``exc`` on a field of the file (else the first error at all)."""
    fallback_path = f"locales.{code}" if code else ""
    if not hasattr(exc, "error_dict"):
        return entry.error(" ".join(exc.messages), fallback_path)
    located = []
    for name, errors in exc.error_dict.items():
        message = " ".join(describe_validation_error(error) for error in errors)
        path = entry.path_of(FIELD_ALIASES.get(name, name), code) if name != "__all__" else ""
        located.append((path, message))
    path, message = next(((p, m) for p, m in located if p), located[0])
    return entry.error(message, path or fallback_path)


def _normalized(entry: ParsedEntry, name: str, value, *, locale: Locale, tz, path: str):
    """(python value, JSON value as an export would write it) of a given field."""
    python = _convert(entry, name, value, locale=locale, tz=tz, path=path)
    if name == "subtitle_tracks":
        return python, python
    model_field = entry.spec.model._meta.get_field(name)
    return python, value_to_json(model_field, python, tz=tz)


def _first_difference(expected, actual, path: str = "") -> str:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for name in expected:
            if name not in actual:
                return f"{path}.{name}".lstrip(".")
            found = _first_difference(expected[name], actual[name], f"{path}.{name}")
            if found:
                return found
        return ""
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path} ({len(expected)} given, {len(actual)} in the source)".lstrip(".")
        for position, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found = _first_difference(left, right, f"{path}[{position}]")
            if found:
                return found
        return ""
    return "" if expected == actual else (path.lstrip(".") or "value")


class EntryWriter:
    """Creates or updates one entry's pages (inside the import's transaction)."""

    def __init__(self, entry: ParsedEntry, *, user=None):
        self.entry, self.user = entry, user
        self.spec = entry.spec

    def run(self) -> EntryResult:
        entry = self.entry
        groups = item_groups([entry.key]).get(entry.key, [])
        before = export_item(groups) if groups else None
        source = source_page(groups).specific if groups else None
        if source is not None:
            self.check_existing(source, groups)
        source, source_changed = self.write_source(source, before)
        self.write_translations(source, before, source_changed)
        after = export_item(item_groups([entry.key])[entry.key])
        result = EntryResult(index=entry.index, key=entry.key, type=self.spec.name)
        for code in entry.locales:
            result.locales[code] = self.status(before, after, code)
        return result

    def check_existing(self, source, groups) -> None:
        entry = self.entry
        existing_type = item_type_for_model(source.specific_class)
        if existing_type is not self.spec:
            name = existing_type.name if existing_type else source.specific_class.__name__
            raise entry.error(
                f"the item “{entry.key}” exists as a {name}; its type cannot change", "type"
            )
        if source.locale_id != entry.source_locale.pk:
            raise entry.error(
                f"the item “{entry.key}” was written in “{source.locale.language_code}”; "
                "its source locale cannot change",
                "source_locale",
            )

    @staticmethod
    def status(before, after, code: str) -> str:
        if before is None or code not in before["locales"]:
            return "created"
        shared_keys = [k for k in ENTRY_KEYS if k != "locales"]
        same_shared = all(before.get(k) == after.get(k) for k in shared_keys)
        same_locale = before["locales"][code] == after["locales"].get(code)
        return "unchanged" if same_shared and same_locale else "updated"

    # -- the source page --

    def write_source(self, source, before) -> tuple[ToolboxItemPage, bool]:
        entry = self.entry
        code = entry.source_locale.language_code
        given = entry.locales[code]
        content = content_of(source) if source is not None else None
        tz = _entry_timezone(entry, content)
        wanted: dict[str, tuple] = {}
        for name, value in entry.shared.items():
            wanted[name] = _normalized(
                entry, name, value, locale=entry.source_locale, tz=tz, path=f"fields.{name}"
            )
        for name, value in given.items():
            if name in LOCALE_META:
                continue
            if isinstance(value, list) and content is not None:
                value = align_stream_ids(field_to_json(content, name), copy.deepcopy(value))
            wanted[name] = _normalized(
                entry, name, value, locale=entry.source_locale, tz=tz, path=f"locales.{code}.{name}"
            )
        live = given.get("live", True if source is None else source.live)

        if before is not None:
            current = {**before["fields"], **before["locales"][code]}
            changed = (
                any(current.get(name) != json_value for name, (_p, json_value) in wanted.items())
                or (entry.theme is not None and before["theme"] != entry.theme.key)
                or (
                    entry.sectors is not None
                    and before["sectors"] != sorted(s.key for s in entry.sectors)
                )
                or (
                    entry.audiences is not None
                    and before["audiences"] != sorted(a.key for a in entry.audiences)
                )
                or (entry.tags is not None and before["tags"] != entry.tags)
                or before["locales"][code]["live"] != live
            )
            moved = entry.partner_given and entry.section.pk != source.get_parent().pk
            if moved:
                source = services.item_move(item=source, section=entry.section, user=self.user)
                content = content_of(source)  # its tree position changed
            if not changed:
                return source, moved
        elif entry.section is None:
            raise entry.error("required for a new item", "partner")
        elif entry.theme is None:
            raise entry.error("required for a new item", "theme")

        fields = {name: python for name, (python, _json) in wanted.items()}
        for name in ("theme", "sectors", "audiences", "tags"):
            if getattr(entry, name) is not None:
                fields[name] = getattr(entry, name)
        # A file must be valid even for a draft: every rule applies (clean=True).
        try:
            if source is None:
                page = services.item_create(
                    parent=entry.section,
                    item_type=self.spec,
                    fields={"key": entry.key, **fields},
                    user=self.user,
                    publish=live,
                    clean=True,
                )
            else:
                page = services.item_update(
                    item=content,
                    fields=fields,
                    user=self.user,
                    publish=live,
                    unpublish=not live,
                    clean=True,
                )
        except ValidationError as exc:
            raise _validation_to_import_error(entry, exc, code) from None
        return page, True

    # -- translations --

    def write_translations(self, source, before, source_changed: bool) -> None:
        entry = self.entry
        source_code = entry.source_locale.language_code
        source_content = content_of(source)
        tz = _entry_timezone(entry, source_content)
        for code, given in entry.locales.items():
            if code == source_code:
                continue
            locale = entry.locale_objects[code]
            wanted: dict[str, tuple] = {}
            for name, value in given.items():
                if name in LOCALE_META:
                    continue
                if isinstance(value, list):
                    value = align_stream_ids(
                        field_to_json(source_content, name), copy.deepcopy(value)
                    )
                wanted[name] = _normalized(
                    entry, name, value, locale=locale, tz=tz, path=f"locales.{code}.{name}"
                )
            existing = before["locales"].get(code) if before else None
            live = given.get("live", existing["live"] if existing else True)
            if (
                existing is not None
                and not source_changed
                and existing["live"] == live
                and all(
                    existing.get(name) == json_value for name, (_p, json_value) in wanted.items()
                )
            ):
                continue
            fields = {name: python for name, (python, _json) in wanted.items()}
            try:
                target = services.item_translate(
                    item=source,
                    locale=locale,
                    fields=fields,
                    user=self.user,
                    publish=live,
                    tool_name="import_toolbox",
                )
            except ValidationError as exc:
                raise _validation_to_import_error(entry, exc, code) from None
            self.verify_translation(target, code, wanted)

    def verify_translation(self, target, code: str, wanted: dict) -> None:
        """A translation keeps the source's structure: only its texts are its own. Refuse
        values that could not be applied (another block structure, other choices or
        numbers) rather than silently importing something else."""
        content = content_of(target)
        for name, (_python, json_value) in wanted.items():
            actual = field_to_json(content, name)
            if actual == json_value:
                continue
            if isinstance(json_value, list):
                where = _first_difference(json_value, actual)
                message = (
                    "does not match the source's structure (a translation may only change "
                    f"texts; blocks, choices, numbers and files come from the source): {where}"
                )
            else:
                message = f"could not be set as given: it was saved as “{actual}”"
                if name == "slug":
                    message += " (another page next to it already uses that slug)"
            raise self.entry.error(message, f"locales.{code}.{name}")


def toolbox_import(
    *,
    text: str | bytes,
    user=None,
    dry_run: bool = False,
    progress: Callable[[EntryResult], None] | None = None,
) -> ImportResult:
    """Create or update the items of a JSON document (see ``docs/import-format.md``).

    All or nothing: raises ``ImportFileError`` (naming the entry and field) and changes
    nothing if any entry is wrong. With ``dry_run`` everything is done then rolled back, and
    the result says what would have been created, updated or left unchanged.
    """
    items = parse_document(text)
    entries = parse_entries(items)
    # Entries that recommend other items (questionnaires) are written after the others, so
    # that references to items created by the same file resolve.
    ordered = sorted(entries, key=lambda e: (e.spec.references_items, e.index))
    results: list[EntryResult] = []
    with transaction.atomic():
        for entry in ordered:
            result = EntryWriter(entry, user=user).run()
            results.append(result)
            if progress is not None:
                progress(result)
        if dry_run:
            transaction.set_rollback(True)
    results.sort(key=lambda r: r.index)
    return ImportResult(entries=results, dry_run=dry_run)
