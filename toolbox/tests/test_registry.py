"""The item-type registry is the one list of toolbox item types, and it fails loudly."""

import pytest
from django.apps import apps
from django.utils import translation

from toolbox import exchange, registry
from toolbox.models import PartnerSectionPage, ToolboxItemPage
from toolbox.registry import ItemType

from . import factories


def test_every_item_model_has_one_entry_and_every_entry_a_model():
    concrete = {
        model
        for model in apps.get_models()
        if issubclass(model, ToolboxItemPage) and model is not ToolboxItemPage
    }
    assert set(registry.item_models()) == concrete
    assert registry.check_item_types() == []
    for spec in registry.item_types():
        assert registry.item_type_for_model(spec.model) is spec
        assert registry.item_type_named(spec.name) is registry.item_type(spec.name) is spec


def test_models_and_imports_read_the_registry():
    labels = {spec.model_label for spec in registry.item_types()}
    assert set(PartnerSectionPage.subpage_types) == labels
    assert list(exchange.ITEM_TYPES) == [spec.name for spec in registry.item_types()]
    with translation.override("en"):
        assert dict(registry.item_type_choices())["best_practice"] == "Best practice"


def test_an_item_knows_its_type_even_as_a_base_page(tree):
    guide = factories.guide(tree["section"], tree["security"])
    assert guide.item_type == "guide"
    assert ToolboxItemPage.objects.get(pk=guide.pk).item_type == "guide"


def test_a_missing_model_is_an_error_not_a_gap(monkeypatch):
    ghost = ItemType("podcast", "podcasts", "toolbox.PodcastPage", "Podcast", "Podcasts")
    with pytest.raises(LookupError):
        _ = ghost.model
    with pytest.raises(registry.UnknownItemType):
        registry.item_type("podcast")
    assert registry.item_type_named("podcast") is None
    monkeypatch.setattr(registry, "ITEM_TYPES", (*registry.ITEM_TYPES, ghost))
    assert [error.id for error in registry.check_item_types()] == ["toolbox.E001"]


def test_an_item_model_without_entry_is_reported(monkeypatch):
    monkeypatch.setattr(registry, "ITEM_TYPES", registry.ITEM_TYPES[:-1])
    monkeypatch.setattr(
        registry, "_BY_LABEL", {spec.model_label.lower(): spec for spec in registry.ITEM_TYPES}
    )
    errors = registry.check_item_types()
    assert [(error.id, error.obj._meta.label) for error in errors] == [
        ("toolbox.E002", "toolbox.DiagnosticToolPage")
    ]
