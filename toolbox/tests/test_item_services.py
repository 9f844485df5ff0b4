"""The item services: one way to create, update, move and translate toolbox items, used by
imports, the demo data and the wiki hand-off alike."""

import json

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageLogEntry, WorkflowState

from home.demo import DemoContext
from toolbox import demo, services
from toolbox.exchange import toolbox_import
from toolbox.models import BestPracticePage, GuidePage, ToolboxItemPage
from toolbox.registry import UnknownItemType

from . import factories


def log_actions(page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def guide_fields(tree, **extra) -> dict:
    return {
        "title": "Sauvegarder",
        "summary": "Trois copies, dont une hors ligne.",
        "body": factories.paragraph("Une copie par semaine."),
        "theme": tree["security"],
        **extra,
    }


def test_create_publishes_one_logged_revision_in_the_section_locale(tree, admin_user):
    micro = factories.audience()
    page = services.item_create(
        parent=tree["section"],
        item_type="guide",
        fields=guide_fields(tree, sectors=[tree["tourism"]], audiences=[micro], tags=["RGPD"]),
        user=admin_user,
        publish=True,
    )
    assert isinstance(page, GuidePage) and page.live
    assert page.get_parent().specific == tree["section"]
    assert page.locale == tree["section"].locale and page.owner == admin_user
    assert page.key == "sauvegarder" and page.partner == tree["partner"]
    assert list(page.sectors.all()) == [tree["tourism"]] and list(page.audiences.all()) == [micro]
    assert [t.name for t in page.tags.all()] == ["RGPD"]
    assert page.revisions.count() == 1 and page.live_revision == page.latest_revision
    assert log_actions(page) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]


def test_a_draft_may_leave_required_fields_empty_publishing_may_not(tree):
    draft = services.item_create(
        parent=tree["section"],
        item_type="best_practice",
        fields={"title": "Cyber-ateliers", "summary": "Des ateliers.", "theme": tree["security"]},
    )
    assert isinstance(draft, BestPracticePage) and not draft.live
    assert draft.rating is None and draft.year is None and draft.country == ""
    with pytest.raises(ValidationError) as refused:
        services.item_update(item=draft, fields={}, publish=True)
    assert {"rating", "year", "country", "target", "action_name"} <= set(refused.value.message_dict)
    assert not BestPracticePage.objects.get(pk=draft.pk).live

    done = services.item_update(
        item=draft,
        fields={
            "action_name": "Cyber-ateliers",
            "leading_organisation": "Cybermassif",
            "country": "FR",
            "year": 2024,
            "target": "Artisans",
            "rating": 4,
        },
        publish=True,
    )
    assert done.live and done.rating == 4
    assert log_actions(done) == [
        "wagtail.create",
        "wagtail.edit",
        "wagtail.edit",
        "wagtail.publish",
    ]


def test_clean_true_holds_a_draft_to_every_rule_and_writes_nothing(tree):
    before = ToolboxItemPage.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.item_create(
            parent=tree["section"],
            item_type="best_practice",
            fields={"title": "Incomplète", "summary": "…", "theme": tree["security"]},
            clean=True,
        )
    assert "rating" in refused.value.message_dict
    with pytest.raises(ValidationError) as untitled:
        services.item_create(parent=tree["section"], item_type="guide", fields={"title": ""})
    assert "title" in untitled.value.message_dict
    assert ToolboxItemPage.objects.count() == before


def test_unknown_type_and_wrong_parent_are_refused(tree):
    with pytest.raises(UnknownItemType):
        services.item_create(parent=tree["section"], item_type="podcast", fields={})
    with pytest.raises(services.ItemParentError):
        services.item_create(parent=tree["home"], item_type="guide", fields=guide_fields(tree))


def test_submit_for_moderation_starts_the_sections_workflow(tree):
    services.toolbox_access_ensure()
    draft = services.item_create(
        parent=tree["section"],
        item_type="guide",
        fields=guide_fields(tree),
        submit_for_moderation=True,
    )
    state = WorkflowState.objects.for_instance(draft).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert log_actions(draft)[:2] == ["wagtail.create", "wagtail.edit"]


def test_translate_links_the_translation_and_can_keep_it_offline(tree):
    es = factories.locales()["es"]
    source = services.item_create(
        parent=tree["section"], item_type="guide", fields=guide_fields(tree), publish=True
    )
    target = services.item_translate(item=source, locale=es, fields={"title": "Copias"})
    assert target.live and target.title == "Copias"
    assert target.translation_key == source.translation_key
    offline = services.item_translate(item=source, locale=es, fields={}, publish=False)
    assert offline.pk == target.pk and not ToolboxItemPage.objects.get(pk=target.pk).live


# --- Imports, demo data and the hand-off go through the same service ----------------------


@pytest.fixture
def calls(monkeypatch):
    """Every call of ``services.item_create`` (the real one runs)."""
    seen = []
    real = services.item_create

    def recording(**kwargs):
        seen.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "item_create", recording)
    return seen


def test_import_creates_through_the_service(tree, calls):
    entry = {
        "type": "guide",
        "key": "imported",
        "source_locale": "fr",
        "theme": "security",
        "partner": "cybermassif",
        "locales": {"fr": {"title": "Importé", "summary": "Un résumé."}},
    }
    toolbox_import(
        text=json.dumps({"format": "cybersudoe-toolbox", "version": 1, "items": [entry]})
    )
    page = ToolboxItemPage.objects.get(key="imported")
    assert [call["parent"] for call in calls] == [tree["section"]]
    assert calls[0]["clean"] is True
    assert log_actions(page) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]


def test_demo_items_are_created_through_the_service(tree, calls, admin_user):
    locales = factories.locales()
    ctx = DemoContext(
        user=admin_user, locales=locales, source_locale=locales["fr"], home=tree["home"]
    )
    spec = demo.SINGLE_LANGUAGE[0]  # a French guide of Cybermassif on security
    page = demo.load_item(ctx, spec)
    assert [(call["item_type"], call["parent"]) for call in calls] == [("guide", tree["section"])]
    assert page.live and page.owner == admin_user
    assert log_actions(page) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    assert demo.load_item(ctx, spec).pk == page.pk and len(calls) == 1  # idempotent
