"""The toolbox item types, written once.

Every part of the project that needs "the list of item types" reads it here: the models
(which pages a partner section may hold, ``ToolboxItemPage.item_type``), import and export
(the ``type`` of an entry and the fields of the format), the demo data, the wiki hand-off, the
feeds and reports, search and the delivery API (``type`` in responses and webhooks, endpoint
URL segments).

Each entry holds its model by label and resolves it through the app registry on use; a label
that names no model is a programming error, so it raises (``LookupError``) rather than being
left out, and ``manage.py check`` reports it (``toolbox.E001``). This module imports no
models, so models may import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core import checks
from django.utils.translation import gettext_lazy as _

# Per-locale fields of every item in the import/export format (the page's own translatable
# fields); each type adds its own in ``localized``.
COMMON_LOCALIZED = ("title", "slug", "seo_title", "search_description", "summary", "body")


class UnknownItemType(LookupError):
    """No toolbox item type has this name."""

    def __init__(self, name: str):
        self.name = name
        known = ", ".join(item_type.name for item_type in ITEM_TYPES)
        super().__init__(f"unknown item type {name!r} (known: {known})")


@dataclass(frozen=True)
class ItemType:
    """One type of toolbox item.

    ``name`` is public and stable (``type`` in the API, webhooks and import files);
    ``segment`` is the URL segment of its API endpoint. ``localized`` and ``shared`` are its
    fields in the import/export format beyond the common ones: wagtail-localize's translatable
    fields (per locale) and its synchronised fields (the same in every translation).
    ``references_items`` marks types whose content points at other items (a questionnaire's
    recommendations), which imports write after the others.
    """

    name: str
    segment: str
    model_label: str
    label: object  # translated, singular
    label_plural: object
    localized: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    references_items: bool = False

    @property
    def model(self):
        """The page model (``LookupError`` if the label names none: the registry is wrong)."""
        return apps.get_model(self.model_label)

    @property
    def locale_fields(self) -> tuple[str, ...]:
        return COMMON_LOCALIZED + self.localized


ITEM_TYPES: tuple[ItemType, ...] = (
    ItemType(
        "guide",
        "guides",
        "toolbox.GuidePage",
        _("Guide"),
        _("Guides"),
        localized=("documents",),
        shared=("picture", "level"),
    ),
    ItemType(
        "video",
        "videos",
        "toolbox.VideoPage",
        _("Video"),
        _("Videos"),
        localized=("transcript",),
        shared=("picture", "video_url", "video_file", "poster", "duration", "subtitle_tracks"),
    ),
    ItemType(
        "best_practice",
        "best-practices",
        "toolbox.BestPracticePage",
        _("Best practice"),
        _("Best practices"),
        localized=(
            "action_name",
            "target",
            "results",
            "indicators",
            "strengths",
            "weaknesses",
            "transferability",
            "golden_rule",
        ),
        shared=(
            "picture",
            "leading_organisation",
            "country",
            "region",
            "year",
            "budget_range",
            "rating",
            "is_golden_rule",
        ),
    ),
    ItemType(
        "event",
        "events",
        "toolbox.EventPage",
        _("Event"),
        _("Events"),
        localized=("city", "programme"),
        shared=(
            "picture",
            "event_format",
            "timezone",
            "start",
            "end",
            "venue",
            "address",
            "country",
            "registration_url",
            "capacity",
            "participants",
        ),
    ),
    ItemType(
        "diagnostic",
        "diagnostic-tools",
        "toolbox.DiagnosticToolPage",
        _("Diagnostic tool"),
        _("Diagnostic tools"),
        localized=("questionnaire", "results_intro"),
        shared=("picture",),
        references_items=True,
    ),
)

_BY_NAME = {item_type.name: item_type for item_type in ITEM_TYPES}
_BY_LABEL = {item_type.model_label.lower(): item_type for item_type in ITEM_TYPES}


def item_types() -> list[ItemType]:
    """Every item type, in the catalogue's order."""
    return list(ITEM_TYPES)


def item_type(name: str) -> ItemType:
    """The item type called ``name`` (``UnknownItemType`` if there is none)."""
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise UnknownItemType(name) from None


def item_type_named(name: str) -> ItemType | None:
    """The item type called ``name``, or None (for callers that validate names themselves)."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def item_type_for_model(model) -> ItemType | None:
    """The item type of a model class, or None if the model is not a toolbox item type."""
    return _BY_LABEL.get(model._meta.label_lower)


def item_type_choices() -> list[tuple[str, object]]:
    return [(item_type.name, item_type.label) for item_type in ITEM_TYPES]


def item_models() -> list:
    return [item_type.model for item_type in ITEM_TYPES]


def model_labels() -> list[str]:
    """Model labels of the item types, e.g. for a page type's ``subpage_types``."""
    return [item_type.model_label for item_type in ITEM_TYPES]


def check_item_types(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every entry names an existing toolbox item model, and every concrete toolbox item model
    has an entry (a model added without one would be missing from the API and imports)."""
    base = apps.get_model("toolbox", "ToolboxItemPage")
    errors = []
    for entry in ITEM_TYPES:
        try:
            model = entry.model
        except LookupError:
            errors.append(
                checks.Error(
                    f"Item type {entry.name!r} names the model {entry.model_label!r}, which "
                    "does not exist.",
                    obj="toolbox.registry.ITEM_TYPES",
                    id="toolbox.E001",
                )
            )
            continue
        if not issubclass(model, base):
            errors.append(
                checks.Error(
                    f"Item type {entry.name!r}: {entry.model_label} is not a ToolboxItemPage.",
                    obj="toolbox.registry.ITEM_TYPES",
                    id="toolbox.E001",
                )
            )
    for model in apps.get_models():
        if issubclass(model, base) and model is not base and item_type_for_model(model) is None:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is a toolbox item model without an item type.",
                    hint="Add it to toolbox.registry.ITEM_TYPES.",
                    obj=model,
                    id="toolbox.E002",
                )
            )
    return errors
