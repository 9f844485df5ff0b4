"""Admin setup for the site's integrations: partner API keys, webhooks and widgets."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import PartnerAPIKey, WebhookDelivery, WebhookEndpoint, WidgetConfig


class APIKeyCreateView(generic.CreateView):
    """Generates the key's secret and shows it once, like Wagtail's own API tokens."""

    def save_instance(self):
        self.plaintext = self.form.instance.set_new_secret()
        return super().save_instance()

    def save_action(self):
        context = self.get_context_data(key=self.plaintext)
        context["page_title"] = context["header_title"] = _("API key created")
        return TemplateResponse(self.request, "delivery/integrations/api_key_created.html", context)


class PartnerAPIKeyViewSet(ModelViewSet):
    model = PartnerAPIKey
    icon = "key"
    menu_label = _("API keys")
    menu_order = 100
    copy_view_enabled = False
    add_view_class = APIKeyCreateView
    list_display = [
        "name",
        "partner",
        Column("prefix", label=_("Key")),
        Column("quota_display", label=_("Quota"), accessor="quota_display"),
        Column("request_count", label=_("Requests")),
        Column("last_used_at", label=_("Last used")),
        StatusTagColumn(
            "status_label",
            label=_("Status"),
            accessor="status_label",
            primary=lambda key: key.is_active,
        ),
    ]
    list_filter = ["partner", "quota_period"]
    search_fields = ["name", "prefix", "contact_email"]


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    menu_order = 200
    copy_view_enabled = False
    list_display = ["name", "url", "partner", "is_active"]
    list_filter = ["is_active", "partner"]
    search_fields = ["name", "url"]


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: what was sent where, and every response (read-only)."""

    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    menu_order = 210
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "endpoint",
        "event",
        "status",
        "attempts",
        "created_at",
        "delivered_at",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "payload",
    ]
    form_fields = []
    list_display = [
        "event",
        "endpoint",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda delivery: delivery.status == WebhookDelivery.Status.DELIVERED,
        ),
        "attempts",
        "last_status_code",
        "created_at",
    ]
    list_filter = ["status", "event", "endpoint"]

    def get_common_view_kwargs(self, **kwargs):
        # Deliveries are made by publishing, never by hand: no add or edit views.
        return super().get_common_view_kwargs(add_url_name=None, edit_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"add", "edit", "history", "history_results", "usage"}
        ]


class WidgetConfigViewSet(ModelViewSet):
    model = WidgetConfig
    icon = "code"
    menu_label = _("Widgets")
    menu_order = 300
    list_display = ["name", "content", "language", "variant"]
    list_filter = ["content", "language", "variant"]
    search_fields = ["name"]


class IntegrationsGroup(ModelViewSetGroup):
    menu_label = _("Partner sites")
    menu_icon = "site"
    menu_order = 850
    items = (
        PartnerAPIKeyViewSet("partner_api_keys"),
        WebhookEndpointViewSet("webhook_endpoints"),
        WebhookDeliveryViewSet("webhook_deliveries"),
        WidgetConfigViewSet("widgets"),
    )


@hooks.register("register_admin_viewset")
def register_integrations():
    return IntegrationsGroup()
