"""Signal handlers of the delivery API, connected in ``HomeConfig.ready()``.

- Any change that can alter what the API shows (a page saved, published, unpublished, moved or
  deleted; a view restriction; a partner; a locale; an image or a document) invalidates the
  response cache once the transaction commits.
- A partner key that changes is dropped from the key cache at once (revocation is immediate).
- Publishing and unpublishing toolbox items record webhook deliveries (``delivery.webhooks``);
  deleting a live page counts as unpublishing it (Wagtail unpublishes before deleting).

Handlers stay thin and never raise into the editor's request.
"""

from __future__ import annotations

import logging

from corsheaders.signals import check_request_enabled
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import content_changed
from .keys import api_key_forget, partner_origins, partner_origins_forget
from .models import PartnerAPIKey
from .webhooks import webhook_events_record_for_page

logger = logging.getLogger(__name__)

_connected = False


# Models whose rows appear in (or decide what appears in) API answers, besides pages.
CONTENT_MODELS = {
    "toolbox.partner",
    "toolbox.audience",
    "taggit.tag",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.locale",
    "wagtailcore.site",
    "wagtailimages.image",
    "wagtaildocs.document",
}


def _content_model(sender) -> bool:
    return isinstance(sender, type) and (
        issubclass(sender, Page) or sender._meta.label_lower in CONTENT_MODELS
    )


def on_content_saved(sender, instance=None, **kwargs):
    if _content_model(sender):
        content_changed()


def on_published_state_changed(sender, instance=None, **kwargs):
    content_changed()


def on_page_pre_save(sender, instance=None, **kwargs):
    """Remember whether the page was live before this save (published vs updated)."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if not hasattr(instance, "_api_was_live"):
        # Live *and* published before: a page created live but never published (Page.live
        # defaults to True) is not yet public.
        before = Page.objects.filter(pk=instance.pk).values_list("live", "first_published_at")
        live, first_published_at = before.first() or (False, None)
        instance._api_was_live = bool(live and first_published_at)


def on_page_published(sender, instance=None, **kwargs):
    content_changed()
    webhook_events_record_for_page(page=instance, change="published")
    # The next publish of this same instance compares with this one.
    instance._api_was_live = True


def on_page_unpublished(sender, instance=None, **kwargs):
    content_changed()
    webhook_events_record_for_page(page=instance, change="unpublished")
    instance._api_was_live = False


def on_api_key_changed(sender, instance=None, **kwargs):
    if isinstance(instance, PartnerAPIKey) and instance.key_hash:
        api_key_forget(instance.key_hash)
    partner_origins_forget()


def cors_allow_partner_origin(sender, request=None, **kwargs) -> bool:
    """django-cors-headers asks: may ``request``'s origin read /api/? Yes for an origin set
    on an active partner key (in addition to the CORS_ALLOWED_ORIGINS setting)."""
    if not request.path_info.startswith("/api/"):
        return False
    origin = request.headers.get("origin", "").rstrip("/")
    return bool(origin) and origin in partner_origins()


def connect() -> None:
    global _connected
    if _connected:
        return
    _connected = True
    post_save.connect(on_content_saved, dispatch_uid="api_content_saved")
    post_delete.connect(on_content_saved, dispatch_uid="api_content_deleted")
    pre_save.connect(on_page_pre_save, dispatch_uid="api_page_pre_save")
    page_published.connect(on_page_published, dispatch_uid="api_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="api_page_unpublished")
    post_page_move.connect(on_published_state_changed, dispatch_uid="api_page_moved")
    check_request_enabled.connect(cors_allow_partner_origin, dispatch_uid="api_cors_partners")
    post_save.connect(on_api_key_changed, sender=PartnerAPIKey, dispatch_uid="api_key_saved")
    post_delete.connect(on_api_key_changed, sender=PartnerAPIKey, dispatch_uid="api_key_deleted")
    for field in ("allowed_locales", "allowed_themes"):
        m2m_changed.connect(
            on_api_key_changed,
            sender=getattr(PartnerAPIKey, field).through,
            dispatch_uid=f"api_key_{field}",
        )
