"""Site-level integrations for external sites: partner API keys, webhooks and widgets.

These models configure how partner sites consume the toolbox (``/api/v1/``, webhooks,
``/widgets/``). They are managed in the admin (see ``delivery/wagtail_hooks.py``); the behaviour
lives in ``keys.py``, ``webhooks.py`` and ``widgets.py``.
"""

from __future__ import annotations

import secrets
import uuid
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.models import APIToken
from wagtail.models.api import DISPLAY_PREFIX_LENGTH

from toolbox.registry import item_type_choices

from .widget_params import widget_param_errors, widget_snippet


class PartnerAPIKeyForm(WagtailAdminModelForm):
    """Adds a "revoke" switch: revoking takes effect on the next request."""

    revoke = forms.BooleanField(
        label=_("Revoke this key"),
        required=False,
        help_text=_("Requests with a revoked key are refused with 401. This cannot be undone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or self.instance.revoked_at is not None:
            del self.fields["revoke"]

    def save(self, commit=True):
        if self.cleaned_data.get("revoke") and self.instance.revoked_at is None:
            self.instance.revoked_at = timezone.now()
        return super().save(commit=commit)


def _default_language_only():
    return {"locale__language_code": settings.LANGUAGE_CODE}


def _origin_lines(value: str) -> list[str]:
    return [line.strip().rstrip("/") for line in (value or "").splitlines() if line.strip()]


def validate_origins(value: str) -> None:
    """Each line must be a bare origin: scheme, host and optional port, nothing else."""
    for origin in _origin_lines(value):
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path:
            raise ValidationError(
                _("'%(origin)s' is not an origin such as https://www.example.org"),
                params={"origin": origin},
            )


class PartnerAPIKey(models.Model):
    """A key a partner site sends with its API requests, with its own quota and scope.

    The key format and its storage come from Wagtail's own API tokens
    (``wagtail.models.APIToken``): only a salted HMAC digest is stored, the plaintext is shown
    once, keys survive a ``SECRET_KEY`` rotation through ``SECRET_KEY_FALLBACKS`` and a malformed
    key is rejected by its checksum without a database query. Partner keys are a model of their
    own because a Wagtail token authenticates *as a CMS user* (for the write-capable API), while
    a partner key identifies an external site: no CMS account, a quota, optional restrictions to
    locales and themes, CORS origins and usage counts.
    """

    class Period(models.TextChoices):
        MINUTE = "minute", _("per minute")
        HOUR = "hour", _("per hour")
        DAY = "day", _("per day")

    PERIOD_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("Who uses this key and for what, e.g. 'CCI Toulouse website'."),
    )
    partner = models.ForeignKey(
        "toolbox.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The partner organisation the key was issued to, if any."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Whom to warn before the key is revoked or its quota changes."),
    )
    quota = models.PositiveIntegerField(
        _("quota"),
        default=1000,
        validators=[MinValueValidator(1)],
        help_text=_("Requests allowed in each period; more are refused with 429."),
    )
    quota_period = models.CharField(
        _("quota period"), max_length=8, choices=Period.choices, default=Period.HOUR
    )
    allowed_locales = models.ManyToManyField(
        "wagtailcore.Locale",
        verbose_name=_("allowed languages"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to allow every language."),
    )
    allowed_themes = models.ManyToManyField(
        "toolbox.ThemePage",
        verbose_name=_("allowed themes"),
        blank=True,
        limit_choices_to=_default_language_only,
        related_name="+",
        help_text=_("Leave empty to allow every theme. A theme covers all its translations."),
    )
    allowed_origins = models.TextField(
        _("allowed origins"),
        blank=True,
        validators=[validate_origins],
        help_text=_(
            "Web origins allowed to call the API from a browser (CORS), one per line, "
            "e.g. https://www.cci-toulouse.fr"
        ),
    )
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Leave empty for no expiry.")
    )
    # Filled in by the system.
    prefix = models.CharField(_("key prefix"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    request_count = models.PositiveBigIntegerField(_("requests"), default=0, editable=False)
    throttled_count = models.PositiveBigIntegerField(
        _("requests refused over quota"), default=0, editable=False
    )

    base_form_class = PartnerAPIKeyForm
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("partner"), FieldPanel("contact_email")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("quota"), FieldPanel("quota_period")])],
            heading=_("Quota"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("allowed_locales", widget=forms.CheckboxSelectMultiple),
                FieldPanel("allowed_themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("allowed_origins"),
                FieldPanel("expires_at"),
            ],
            heading=_("Restrictions"),
        ),
        FieldPanel("revoke"),
        HelpPanel(template="delivery/integrations/api_key_usage_panel.html", heading=_("Usage")),
    ]

    class Meta:
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)" if self.prefix else self.name

    @classmethod
    def issue(cls, **fields) -> tuple[PartnerAPIKey, str]:
        """A new unsaved key with its plaintext; the plaintext is never stored."""
        key = cls(**fields)
        return key, key.set_new_secret()

    def set_new_secret(self) -> str:
        """Give the key a new secret and return its plaintext (to show once)."""
        plaintext = APIToken.generate_token()
        self.key_hash = APIToken.hash_token(plaintext)
        self.prefix = plaintext[:DISPLAY_PREFIX_LENGTH]
        return plaintext

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("Revoked"))
        if not self.is_active:
            return str(_("Expired"))
        return str(_("Active"))

    @property
    def quota_display(self) -> str:
        return f"{self.quota} {self.get_quota_period_display()}"

    @property
    def period_seconds(self) -> int:
        return self.PERIOD_SECONDS[self.quota_period]

    @cached_property
    def locale_codes(self) -> frozenset[str]:
        """Allowed language codes; empty means every language."""
        return frozenset(self.allowed_locales.values_list("language_code", flat=True))

    @cached_property
    def theme_keys(self) -> frozenset[str]:
        """Allowed theme keys; empty means every theme."""
        return frozenset(self.allowed_themes.values_list("key", flat=True))

    @property
    def origins(self) -> list[str]:
        return _origin_lines(self.allowed_origins)

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class APIKeyDailyUsage(models.Model):
    """Requests made with a partner key on one day (UTC), for the usage report in the admin."""

    key = models.ForeignKey(PartnerAPIKey, on_delete=models.CASCADE, related_name="daily_usage")
    day = models.DateField(_("day"))
    requests = models.PositiveIntegerField(_("requests"), default=0)
    throttled = models.PositiveIntegerField(_("refused over quota"), default=0)

    class Meta:
        verbose_name = _("API key daily usage")
        verbose_name_plural = _("API key daily usage")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="unique_api_key_usage_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.day}: {self.requests}"


class WebhookEvent(models.TextChoices):
    """What a partner can subscribe to. Values are part of the public webhook contract."""

    ITEM_PUBLISHED = "item.published", _("Item published")
    ITEM_UNPUBLISHED = "item.unpublished", _("Item unpublished")
    ITEM_UPDATED = "item.updated", _("Item updated")
    TRANSLATION_PUBLISHED = "translation.published", _("Translation published in a language")
    EVENT_CHANGED = "event.changed", _("Event changed (published, updated or withdrawn)")


class WebhookEndpointForm(WagtailAdminModelForm):
    """Events as checkboxes rather than raw JSON."""

    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events sent to this URL."),
    )


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A partner URL that receives signed notifications when toolbox content changes."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("Who receives these notifications.")
    )
    partner = models.ForeignKey(
        "toolbox.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("Receives a POST with a JSON body for each event.")
    )
    events = models.JSONField(
        _("events"),
        default=list,
        help_text=_("The events sent to this URL."),
    )
    locales = models.ManyToManyField(
        "wagtailcore.Locale",
        verbose_name=_("languages"),
        blank=True,
        related_name="+",
        help_text=_("Only send events about content in these languages; empty for all."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=80,
        default=_new_secret,
        help_text=_(
            "Shared with the partner to verify the X-CyberSudoe-Signature header. "
            "Change it to rotate the secret."
        ),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive endpoints receive nothing.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    base_form_class = WebhookEndpointForm
    panels = [
        FieldPanel("name"),
        FieldPanel("partner"),
        FieldPanel("url"),
        FieldPanel("events"),
        FieldPanel("locales", widget=forms.CheckboxSelectMultiple),
        FieldPanel("secret"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        unknown = set(self.events or []) - set(WebhookEvent.values)
        if unknown:
            raise ValidationError(
                {"events": _("Unknown events: %(events)s") % {"events": ", ".join(sorted(unknown))}}
            )
        if not self.events:
            raise ValidationError({"events": _("Choose at least one event.")})


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint, with every attempt logged."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RETRYING = "retrying", _("Retrying")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery and what the partner's server answered."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True)
    response_body = models.TextField(_("response body"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"


def _item_type_choices():
    return [("", _("All types")), *item_type_choices()]


class WidgetConfigForm(WagtailAdminModelForm):
    """Item types come from the API's registry of toolbox item types."""

    item_type = forms.ChoiceField(
        label=_("item type"),
        choices=_item_type_choices,
        required=False,
        help_text=_("Only this type of item (latest items only); empty for all types."),
    )


class WidgetConfig(models.Model):
    """A widget a partner pastes into its own site: latest items or upcoming events.

    The admin shows the copy-paste snippet; the widget itself is served under ``/widgets/``
    without cookies, and reads only published content.
    """

    class Content(models.TextChoices):
        LATEST = "latest", _("Latest items")
        EVENTS = "events", _("Upcoming events")

    class Variant(models.TextChoices):
        SCRIPT = "script", _("Script tag (inherits the host page's fonts, restyle with CSS)")
        IFRAME = "iframe", _("Iframe (fully isolated)")

    name = models.CharField(
        _("name"), max_length=120, help_text=_("e.g. 'Security guides for CCI Toulouse'.")
    )
    content = models.CharField(
        _("content"), max_length=10, choices=Content.choices, default=Content.LATEST
    )
    item_type = models.CharField(
        _("item type"),
        max_length=40,
        blank=True,
        help_text=_("Only this type of item (latest items only); empty for all types."),
    )
    theme = models.ForeignKey(
        "toolbox.ThemePage",
        verbose_name=_("theme"),
        limit_choices_to=_default_language_only,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only items of this theme (in any language); empty for all themes."),
    )
    partner = models.ForeignKey(
        "toolbox.Partner",
        verbose_name=_("partner"),
        limit_choices_to=_default_language_only,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only items of this partner; empty for all partners."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Items are shown in this language, or in the fallback languages below."),
    )
    fallback = models.CharField(
        _("fallback languages"),
        max_length=40,
        blank=True,
        help_text=_("Comma-separated language codes tried in order, e.g. 'es,fr'."),
    )
    limit = models.PositiveSmallIntegerField(
        _("number of items"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    variant = models.CharField(
        _("embedding"), max_length=8, choices=Variant.choices, default=Variant.SCRIPT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    base_form_class = WidgetConfigForm
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("content"), FieldPanel("item_type")]),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("partner")]),
        FieldRowPanel([FieldPanel("language"), FieldPanel("fallback"), FieldPanel("limit")]),
        FieldPanel("variant"),
        HelpPanel(template="delivery/integrations/widget_snippet_panel.html", heading=_("Snippet")),
    ]

    class Meta:
        verbose_name = _("widget")
        verbose_name_plural = _("widgets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = widget_param_errors(self.params())
        if errors:
            raise ValidationError(
                {
                    {"type": "item_type", "lang": "language"}.get(name, name): messages
                    for name, messages in errors.items()
                }
            )

    def params(self) -> dict[str, str]:
        """The widget's query parameters (shared by the script and the iframe variants)."""
        params = {"content": self.content, "lang": self.language, "limit": str(self.limit)}
        if self.fallback:
            params["fallback"] = self.fallback.replace(" ", "")
        if self.item_type and self.content == self.Content.LATEST:
            params["type"] = self.item_type
        if self.theme_id:
            params["theme"] = self.theme.key
        if self.partner_id:
            params["partner"] = self.partner.key
        return params

    def snippet(self, base_url: str = "") -> str:
        return widget_snippet(self.params(), variant=self.variant, base_url=base_url)
