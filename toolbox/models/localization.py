"""Keep references between translatable objects inside one locale."""

from __future__ import annotations


def localized_instance(obj, locale):
    """The translation of ``obj`` in ``locale`` when it exists, else ``obj`` itself.

    wagtail-localize copies synchronised references (theme, partner, sectors) as they are in
    the source, i.e. pointing at source-locale objects; items call this on save so that a
    Spanish guide points at the Spanish theme and partner once they exist.
    """
    if obj is None or locale is None or getattr(obj, "locale_id", None) == locale.pk:
        return obj
    return obj.get_translation_or_none(locale) or obj
