from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from .registry import check_item_types


class ToolboxConfig(AppConfig):
    name = "toolbox"
    verbose_name = _("Toolbox")

    def ready(self):
        from . import signals

        checks.register(check_item_types, checks.Tags.models)
        # Wagtail sends page_published with the page's class as sender; the handler keeps
        # questionnaires (a sender class here would need the models imported first).
        page_published.connect(
            signals.questionnaire_published, dispatch_uid="toolbox_questionnaire_published"
        )
        post_save.connect(
            signals.partner_saved, sender="toolbox.Partner", dispatch_uid="toolbox_partner"
        )
        post_save.connect(
            signals.section_saved,
            sender="toolbox.PartnerSectionPage",
            dispatch_uid="toolbox_section",
        )
        # Not sender=self: the permissions of apps listed after toolbox are created by their
        # own post_migrate, so the handler waits for the last app (see signals).
        post_migrate.connect(signals.access_after_migrate, dispatch_uid="toolbox_access")
