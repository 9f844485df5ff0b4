"""Hand-off: a coordinator submits an approved page; a draft toolbox item enters moderation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from toolbox import services as toolbox_services
from toolbox.blocks import RICH_TEXT_FEATURES
from toolbox.models import BestPracticePage, GuidePage
from toolbox.registry import item_type
from toolbox.services import toolbox_access_ensure
from toolbox.tests import factories
from wiki import selectors, services
from wiki.handoff import markdown_to_body
from wiki.models import Handoff, Notification, Watch

from .conftest import client_for

TEXT = "# Backups\n\nKeep **three** copies, one offline.\n\n## Test them\n\nRestore once a month.\n"


@pytest.fixture
def toolbox(world):
    theme = factories.theme(key="security")
    partner = world.coordinator.wiki_profile.partner
    section = factories.section(partner)
    toolbox_access_ensure()
    return {"theme": theme, "section": section}


@pytest.fixture
def approved(world, toolbox):
    page = services.page_create(
        group=world.private, title="Sauvegardes", language="fr", content=TEXT, author=world.member
    )
    services.page_approve(page=page, user=world.coordinator)
    page.refresh_from_db()
    return page


def _reject(item, user, comment):
    state = WorkflowState.objects.for_instance(item).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment=comment)


def _approve(item, user):
    state = WorkflowState.objects.for_instance(item).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve")


def test_markdown_becomes_heading_and_text_blocks():
    body = markdown_to_body(TEXT)
    assert body[0] == ("heading", {"text": "Backups", "level": "h2"})
    assert body[1][0] == "paragraph" and "<strong>three</strong>" in body[1][1]
    assert body[2] == ("heading", {"text": "Test them", "level": "h2"})


def test_submit_creates_draft_guide_in_workflow_linked_back(world, toolbox, approved, client):
    handoff = services.handoff_submit(page=approved, user=world.coordinator, item_type="guide")
    item = handoff.toolbox_page.specific
    assert isinstance(item, GuidePage)
    assert not item.live
    assert item.locale.language_code == "fr"
    assert item.get_parent().specific == toolbox["section"]
    assert item.theme == toolbox["theme"]
    assert item.title == "Sauvegardes"
    assert "Restore once a month." in str(item.body)
    assert handoff.revision == approved.approved_revision
    state = WorkflowState.objects.for_instance(item).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert selectors.handoff_status(handoff).status == "submitted"

    client_for(client, world.member)
    body = client.get(approved.get_absolute_url()).content.decode()
    assert "Submitted" in body or "Soumis" in body

    _reject(item, world.staff, "Please add a conclusion.")
    status = selectors.handoff_status(handoff)
    assert status.status == "rejected" and status.comment == "Please add a conclusion."
    assert "Please add a conclusion." in client.get(approved.get_absolute_url()).content.decode()


def test_approved_submission_is_published(world, toolbox, approved):
    handoff = services.handoff_submit(page=approved, user=world.coordinator, item_type="guide")
    item = handoff.toolbox_page.specific
    _approve(item, world.staff)
    item.refresh_from_db()
    assert item.live
    assert selectors.handoff_status(Handoff.objects.get(pk=handoff.pk)).status == "published"


def test_best_practice_draft(world, toolbox, approved):
    handoff = services.handoff_submit(
        page=approved, user=world.coordinator, item_type="best_practice"
    )
    item = handoff.toolbox_page.specific
    assert isinstance(item, BestPracticePage)
    assert not item.live
    assert item.action_name == "Sauvegardes"


def test_only_coordinators_submit_and_only_approved_pages(world, toolbox):
    page = services.page_create(
        group=world.private, title="Brouillon", language="fr", content=TEXT, author=world.member
    )
    with pytest.raises(PermissionDenied):
        services.page_approve(page=page, user=world.member)
    with pytest.raises(ValidationError):
        services.handoff_submit(page=page, user=world.coordinator, item_type="guide")
    services.page_approve(page=page, user=world.coordinator)
    page.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.handoff_submit(page=page, user=world.member, item_type="guide")


def test_submission_without_toolbox_section_is_refused_cleanly(world):
    page = services.page_create(
        group=world.private, title="Sans section", language="pt", content=TEXT, author=world.member
    )
    services.page_approve(page=page, user=world.coordinator)
    page.refresh_from_db()
    with pytest.raises(services.HandoffUnavailable):
        services.handoff_submit(page=page, user=world.coordinator, item_type="guide")
    assert not Handoff.objects.exists()


def test_submit_view_and_watchers_notified(
    client, world, toolbox, approved, django_capture_on_commit_callbacks
):
    Watch.objects.create(user=world.observer, page=approved)
    client_for(client, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approved.get_absolute_url() + "submit/", {"item_type": "guide"})
    assert response.status_code == 302
    handoff = Handoff.objects.get()
    assert handoff.submitted_by == world.coordinator
    assert Notification.objects.filter(
        recipient=world.observer, kind=Notification.Kind.HANDOFF
    ).exists()
    api = client.get(f"/api/v1/wiki/pages/{approved.pk}/handoffs/").json()
    assert api[0]["status"] == "submitted" and api[0]["revision"] == 1


# --- What the wiki does not know is asked of the editors, not invented -------------------

FACTS = {"leading_organisation", "country", "year", "target", "rating"}
COMPLETED = {
    "leading_organisation": "CCI Test",
    "country": "FR",
    "year": "2024",
    "target": "Artisans du bâtiment",
    "rating": "4",
}


def _edit_form_data(client, item) -> dict:
    """What the edit form posts: its inputs, and the StreamFields (drawn by JavaScript)."""
    response = client.get(f"/admin/pages/{item.pk}/edit/")
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    body = [
        (kind, rich_text(value, features=RICH_TEXT_FEATURES) if kind == "paragraph" else value)
        for kind, value in markdown_to_body(TEXT)
    ]
    data.update(nested_form_data({"body": streamfield(body), "indicators": streamfield([])}))
    return data


@pytest.fixture
def practice(world, toolbox, approved):
    handoff = services.handoff_submit(
        page=approved, user=world.coordinator, item_type="best_practice"
    )
    return handoff, handoff.toolbox_page.specific


def test_best_practice_draft_leaves_unknown_facts_empty(practice):
    _handoff, item = practice
    assert item.leading_organisation == "" and item.country == "" and item.target == ""
    assert item.year is None and item.rating is None
    draft = item.get_latest_revision_as_object()
    assert draft.year is None and draft.rating is None and draft.country == ""
    assert WorkflowState.objects.for_instance(item).get().status == "in_progress"


def test_the_hand_off_creates_through_the_toolbox_item_service(
    world, toolbox, approved, monkeypatch
):
    calls = []
    real = toolbox_services.item_create

    def recording(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(toolbox_services, "item_create", recording)
    handoff = services.handoff_submit(page=approved, user=world.coordinator, item_type="guide")
    assert [(c["item_type"], c["parent"], c.get("publish", False)) for c in calls] == [
        ("guide", toolbox["section"], False)
    ]
    actions = PageLogEntry.objects.filter(page=handoff.toolbox_page).values_list(
        "action", flat=True
    )
    assert {"wagtail.create", "wagtail.edit", "wagtail.workflow.start"} <= set(actions)


def test_handoff_item_types_are_toolbox_item_types():
    for value, label in Handoff.ItemType.choices:
        assert str(item_type(value).label) == str(label)


def test_editors_save_the_draft_but_cannot_publish_or_approve_it_incomplete(
    client, world, practice
):
    handoff, item = practice
    client_for(client, world.staff)
    data = _edit_form_data(client, item)
    assert all(not data.get(name) for name in FACTS)

    saved = client.post(f"/admin/pages/{item.pk}/edit/", data)  # "Save draft"
    assert saved.status_code == 302

    for action in (
        {"action-publish": "action-publish"},
        {"action-workflow-action": "true", "workflow-action-name": "approve"},
    ):
        refused = client.post(f"/admin/pages/{item.pk}/edit/", {**data, **action})
        assert refused.status_code == 200
        form = refused.context["form"]
        assert FACTS <= set(form.errors)
        summary = " ".join(form.non_field_errors())
        for name in FACTS:
            assert str(form.fields[name].label) in summary
        assert escape(summary) in refused.content.decode()  # shown to the editor
        assert not BestPracticePage.objects.get(pk=item.pk).live

    # Approving from the dashboard (no form) is refused too, and changes nothing.
    with pytest.raises(ValidationError):
        _approve(item, world.staff)
    assert WorkflowState.objects.for_instance(item).get().status == "in_progress"
    assert not BestPracticePage.objects.get(pk=item.pk).live

    completed = {**data, **COMPLETED}
    approved = client.post(
        f"/admin/pages/{item.pk}/edit/",
        {**completed, "action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    assert approved.status_code == 302
    item = BestPracticePage.objects.get(pk=item.pk)
    assert item.live and item.rating == 4 and item.year == 2024 and item.country == "FR"
    assert "Restore once a month." in str(item.body)
    assert selectors.handoff_status(Handoff.objects.get(pk=handoff.pk)).status == "published"


def test_approving_an_incomplete_draft_from_the_dashboard_names_the_fields(client, world, practice):
    _handoff, item = practice
    client_for(client, world.staff)
    state = WorkflowState.objects.for_instance(item).get(status=WorkflowState.STATUS_IN_PROGRESS)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(item.pk, "approve", state.current_task_state.pk)
    )
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/pages/{item.pk}/edit/"
    shown = [str(m) for m in response.context["messages"]]
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        labels = [str(BestPracticePage._meta.get_field(n).verbose_name) for n in ("rating", "year")]
    assert len(shown) == 1 and all(label.lower() in shown[0].lower() for label in labels)
    assert WorkflowState.objects.for_instance(item).get().status == "in_progress"
    assert not BestPracticePage.objects.get(pk=item.pk).live
