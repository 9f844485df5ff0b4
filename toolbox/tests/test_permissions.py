"""Editorial rights: partner editors edit their own section, coordinators publish everything,
and every submission goes through the coordinators' review."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from home.services import translation_create_or_update
from toolbox import services
from toolbox.tasks import publish_scheduled

from . import factories


@pytest.fixture
def people(tree):
    """A coordinator, an editor of Cybermassif, an editor of LEITAT and their sections."""
    User = get_user_model()
    leitat = factories.partner(key="leitat", name="LEITAT", country="ES")
    leitat_section = factories.section(leitat)
    services.toolbox_access_ensure()
    coordinator = User.objects.create_user("coord", password="pw")
    coordinator.groups.add(Group.objects.get(name=services.COORDINATORS_GROUP))
    cyber_editor = User.objects.create_user("cyber", password="pw")
    cyber_editor.groups.add(tree["partner"].editor_group)
    leitat.refresh_from_db()
    leitat_editor = User.objects.create_user("leitat", password="pw")
    leitat_editor.groups.add(leitat.editor_group)
    return {
        **tree,
        "leitat_section": leitat_section,
        "coordinator": coordinator,
        "cyber_editor": cyber_editor,
        "leitat_editor": leitat_editor,
    }


def test_every_partner_gets_an_editor_group_shared_by_its_translations(tree):
    partner = tree["partner"]
    assert partner.editor_group.name == "Editors · Cybermassif"
    es_partner = partner.copy_for_translation(factories.locales()["es"])
    es_partner.save()
    assert es_partner.editor_group == partner.editor_group


def test_partner_editors_edit_only_their_own_section(people):
    own = factories.guide(people["section"], people["security"], title="Chez Cybermassif")
    other = factories.guide(people["leitat_section"], people["security"], title="Chez LEITAT")
    editor = people["cyber_editor"]
    assert own.permissions_for_user(editor).can_edit()
    assert not other.permissions_for_user(editor).can_edit()
    assert people["section"].permissions_for_user(editor).can_add_subpage()
    assert not people["leitat_section"].permissions_for_user(editor).can_add_subpage()
    assert not people["security"].permissions_for_user(editor).can_edit()  # themes: coordinators


def test_partner_editors_cannot_publish_coordinators_can(people):
    item = factories.guide(people["section"], people["security"])
    assert not item.permissions_for_user(people["cyber_editor"]).can_publish()
    for page in (item, people["security"], people["home"]):
        assert page.permissions_for_user(people["coordinator"]).can_publish()


def test_admin_edit_view_enforces_the_partner_boundary(client, people):
    own = factories.guide(people["section"], people["security"], title="Chez Cybermassif")
    other = factories.guide(people["leitat_section"], people["security"], title="Chez LEITAT")
    client.force_login(people["cyber_editor"])
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    denied = client.get(f"/admin/pages/{other.pk}/edit/")
    assert denied.status_code in (302, 403)
    assert (
        client.get(f"/admin/pages/add/toolbox/guidepage/{people['section'].pk}/").status_code == 200
    )
    refused = client.get(f"/admin/pages/add/toolbox/guidepage/{people['leitat_section'].pk}/")
    assert refused.status_code in (302, 403)


def test_rights_follow_the_section_into_every_locale(people):
    es = factories.locales()["es"]
    factories.home("es")
    es_section = translation_create_or_update(source=people["section"], locale=es, fields={})
    item = factories.guide(people["section"], people["security"])
    es_item = translation_create_or_update(source=item, locale=es, fields={"title": "Guía"})
    assert es_item.get_parent().pk == es_section.pk
    assert es_item.permissions_for_user(people["cyber_editor"]).can_edit()
    assert not es_item.permissions_for_user(people["leitat_editor"]).can_edit()


def test_submission_waits_for_a_coordinator_then_goes_live(people):
    draft = factories.guide(people["section"], people["security"], title="À relire", live=False)
    editor, coordinator = people["cyber_editor"], people["coordinator"]
    workflow = draft.get_workflow()
    assert workflow.name == services.WORKFLOW_NAME
    state = workflow.start(draft, editor)
    task_state = state.current_task_state
    assert task_state.task.name == services.APPROVAL_TASK_NAME
    assert task_state.task.specific.get_actions(draft, editor) == []
    assert "approve" in [
        name for name, *_ in task_state.task.specific.get_actions(draft, coordinator)
    ]
    task_state.task.specific.on_action(task_state, user=coordinator, action_name="approve")
    draft.refresh_from_db()
    assert draft.live
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


def test_the_workflow_covers_every_page(people):
    root = Page.get_first_root_node()
    assert root.get_workflow().name == services.WORKFLOW_NAME
    assert people["leitat_section"].get_workflow().name == services.WORKFLOW_NAME


def test_access_setup_is_idempotent(people):
    before = (Group.objects.count(), people["coordinator"].groups.get().permissions.count())
    services.toolbox_access_ensure()
    services.toolbox_access_ensure()
    assert (Group.objects.count(), people["coordinator"].groups.get().permissions.count()) == before


def test_editable_partner_keys(people):
    assert services.editable_partner_keys(user=people["cyber_editor"]) == {"cybermassif"}
    assert services.editable_partner_keys(user=people["coordinator"]) is None


def test_scheduled_publishing_goes_live_when_the_task_runs(people):
    coordinator = people["coordinator"]
    page = factories.guide(people["section"], people["security"], title="Plus tard", live=False)
    page.go_live_at = timezone.now() + dt.timedelta(hours=1)
    revision = page.save_revision(user=coordinator)
    revision.publish(user=coordinator)
    page.refresh_from_db()
    revision.refresh_from_db()
    assert not page.live
    assert revision.approved_go_live_at is not None  # scheduled, not published
    publish_scheduled.delay()
    page.refresh_from_db()
    assert not page.live  # the hour has not passed
    # An hour later (moved back in time rather than waiting):
    past = timezone.now() - dt.timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.live
