from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class ToolboxConfig(AppConfig):
    name = "toolbox"
    verbose_name = _("Toolbox")

    def ready(self):
        from wagtail.signals import page_published

        from . import signals
        from .models import DiagnosticToolPage, Partner, PartnerSectionPage

        page_published.connect(
            signals.questionnaire_published,
            sender=DiagnosticToolPage,
            dispatch_uid="toolbox_questionnaire_published",
        )
        post_save.connect(signals.partner_saved, sender=Partner, dispatch_uid="toolbox_partner")
        post_save.connect(
            signals.section_saved, sender=PartnerSectionPage, dispatch_uid="toolbox_section"
        )
        # Not sender=self: the permissions of apps listed after toolbox are created by their
        # own post_migrate, so the handler waits for the last app (see signals).
        post_migrate.connect(signals.access_after_migrate, dispatch_uid="toolbox_access")
