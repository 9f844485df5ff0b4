"""What the search page shows for the raw keys of the index: item types, themes, partners and
languages, in the reader's language (the API keeps the stable keys)."""

from __future__ import annotations

import time

from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from toolbox.models import Partner
from toolbox.registry import item_type_named

from .query import theme_titles

# kinds of search documents that are not toolbox item types
OTHER_KIND_LABELS = {
    "theme": _("Theme"),
    "partner": _("Partner"),
    "wiki": _("Wiki page"),
}

_partner_cache: dict = {"at": 0.0, "map": {}}


def kind_label(kind: str) -> str:
    item_type = item_type_named(kind)
    if item_type is not None:
        return str(item_type.label)
    return str(OTHER_KIND_LABELS.get(kind, kind))


def locale_label(code: str) -> str:
    """The language's name in the active language ("espagnol" on a French page)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def theme_label(key: str, lang: str) -> str:
    titles = theme_titles()
    return titles.get((key, lang)) or next(
        (title for (k, _code), title in titles.items() if k == key), key
    )


def partner_names() -> dict[tuple[str, str], str]:
    """``(partner key, locale) -> name``, refreshed every 30 s."""
    if time.monotonic() - _partner_cache["at"] > 30:
        _partner_cache["map"] = {
            (key, code): name
            for key, code, name in Partner.objects.values_list(
                "key", "locale__language_code", "name"
            )
        }
        _partner_cache["at"] = time.monotonic()
    return _partner_cache["map"]


def partner_label(key: str, lang: str) -> str:
    names = partner_names()
    return names.get((key, lang)) or next(
        (name for (k, _code), name in names.items() if k == key), key
    )


def facet_value_label(facet: str, value: str, lang: str) -> str:
    """The label of one value of a facet (``type``, ``theme``, ``sector``, ``partner``,
    ``locale``) in ``lang``."""
    if facet == "type":
        return kind_label(value)
    if facet in ("theme", "sector"):
        return theme_label(value, lang)
    if facet == "partner":
        return partner_label(value, lang)
    if facet == "locale":
        return locale_label(value)
    return value
