"""Hand-off: a coordinator submits an approved page; a draft toolbox item enters moderation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import WorkflowState

from toolbox.models import BestPracticePage, GuidePage
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
