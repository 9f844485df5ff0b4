"""Signal handlers of the toolbox (thin: each calls one service). Connected in apps.py."""

from __future__ import annotations

from django.apps import apps

from .models import DiagnosticToolPage
from .services import (
    partner_editor_group_ensure,
    partner_section_permissions_grant,
    questionnaire_version_ensure,
    toolbox_access_ensure,
)


def questionnaire_published(sender, instance, **kwargs) -> None:
    """Record a new questionnaire version when a publish changes its structure."""
    if isinstance(instance, DiagnosticToolPage):
        questionnaire_version_ensure(page=instance)


def partner_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """Every partner has an editor group (shared by its translations)."""
    if not raw and not instance.editor_group_id:
        partner_editor_group_ensure(partner=instance)


def section_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A partner section (in any locale) is editable by its partner's editors."""
    if not raw and instance.partner_id:
        partner_section_permissions_grant(section=instance)


def access_after_migrate(sender, **kwargs) -> None:
    """Coordinators group and moderation workflow exist on every migrated database.

    Runs once per migrate, after the last app's post_migrate (when every permission exists).
    """
    with_models = [app for app in apps.get_app_configs() if app.models_module is not None]
    if with_models and sender is with_models[-1]:
        toolbox_access_ensure()
