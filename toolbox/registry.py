"""The toolbox item types the delivery API, the widgets and the webhooks know about.

One entry per type: its public name (``type`` in every response and webhook), the URL segment
of its endpoint and the page model. A model that does not exist (yet) is simply left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ItemType:
    name: str  # public, singular, as ToolboxItemPage.item_type: "guide", "best_practice"
    segment: str  # URL segment of the endpoint: "guides"
    model_label: str  # "toolbox.GuidePage"
    label: object  # translated, singular
    label_plural: object

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None


ITEM_TYPES: tuple[ItemType, ...] = (
    ItemType("guide", "guides", "toolbox.GuidePage", _("Guide"), _("Guides")),
    ItemType("video", "videos", "toolbox.VideoPage", _("Video"), _("Videos")),
    ItemType(
        "best_practice",
        "best-practices",
        "toolbox.BestPracticePage",
        _("Best practice"),
        _("Best practices"),
    ),
    ItemType("event", "events", "toolbox.EventPage", _("Event"), _("Events")),
    ItemType(
        "diagnostic",
        "diagnostic-tools",
        "toolbox.DiagnosticToolPage",
        _("Diagnostic tool"),
        _("Diagnostic tools"),
    ),
)


def item_types() -> list[ItemType]:
    """The item types whose models exist."""
    return [item_type for item_type in ITEM_TYPES if item_type.model is not None]


def item_type_for_model(model) -> ItemType | None:
    label = model._meta.label
    for item_type in ITEM_TYPES:
        if item_type.model_label == label:
            return item_type
    return None


def item_type_named(name: str) -> ItemType | None:
    for item_type in item_types():
        if item_type.name == name:
            return item_type
    return None


def item_type_choices() -> list[tuple[str, object]]:
    return [(item_type.name, item_type.label) for item_type in item_types()]


def item_models() -> list:
    return [item_type.model for item_type in item_types()]
