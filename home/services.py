"""Site-wide services: creating linked translations of content through wagtail-localize."""

from __future__ import annotations

import copy
from collections import defaultdict

from django.db import transaction
from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def _strings_by_path(instance) -> dict[str, list[str]]:
    strings: dict[str, list[str]] = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def translation_strings_from_fields(source, fields: dict) -> dict[str, str]:
    """Pair every source segment with the segment at the same place in ``fields``.

    ``fields`` maps field names to translated values with the same structure as the source
    (same paragraphs in rich text, same blocks in a StreamField); the result maps each source
    string to its translation.
    """
    translated = copy.copy(source)
    for name, value in fields.items():
        setattr(translated, name, value)
    source_strings = _strings_by_path(source)
    target_strings = _strings_by_path(translated)
    mapping: dict[str, str] = {}
    for path, originals in source_strings.items():
        for original, target in zip(originals, target_strings.get(path, []), strict=False):
            if target and target != original:
                mapping[original] = target
    return mapping


@transaction.atomic
def translation_create_or_update(
    *,
    source,
    locale: Locale,
    fields: dict,
    user=None,
    publish: bool = True,
    tool_name: str = "",
):
    """Create (or bring up to date) the ``locale`` translation of ``source`` from ``fields``.

    The translation is made through wagtail-localize, so it is linked to its source, appears in
    the translation editor and is reported stale when the source changes later. Strings not
    given in ``fields`` fall back to the source text. Returns the translated instance.
    """
    if isinstance(source, Page):
        source = source.specific
    translation_source, _created = TranslationSource.update_or_create_from_instance(source)
    translation, _created = Translation.objects.get_or_create(
        source=translation_source, target_locale=locale, defaults={"enabled": True}
    )
    mapping = translation_strings_from_fields(source, fields)
    segments = StringSegment.objects.filter(source=translation_source).select_related(
        "string", "context"
    )
    for segment in segments:
        text = mapping.get(segment.string.data)
        if not text:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": tool_name,
                "last_translated_by": user,
                "has_error": False,
            },
        )
    # wagtail-localize defers publishing to transaction.on_commit; publish here instead, so
    # the translation is live as soon as this (possibly outer) transaction commits.
    # Objects without drafts (plain snippets) can only be saved "published".
    has_drafts = isinstance(source, DraftStateMixin)
    translation.save_target(user=user, publish=not has_drafts)
    target = translation.get_target_instance()
    if publish and has_drafts:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
