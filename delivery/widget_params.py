"""What a widget may be asked for: its parameters, checked once for the widget views and the
admin form, and the snippet a partner pastes into its page (``widgets.py`` serves them)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from toolbox.models import Partner, ThemePage
from toolbox.registry import item_types

from .negotiation import negotiate

WIDGET_PARAMS = {"content", "type", "theme", "partner", "lang", "fallback", "limit"}
FRAME_PARAMS = WIDGET_PARAMS | {"accent", "stylesheet"}
CONTENTS = ("latest", "events")
MAX_LIMIT = 20


def widget_param_errors(params) -> dict[str, list[str]]:
    """Problems with widget parameters, by name (used by the views and by the admin form)."""
    errors: dict[str, list[str]] = {}
    content = params.get("content", "latest")
    if content not in CONTENTS:
        errors["content"] = [_("Expected latest or events.")]
    item_type = params.get("type")
    if item_type and item_type not in {t.name for t in item_types()}:
        errors["type"] = [
            _("Unknown type. Expected one of: %(types)s.")
            % {"types": ", ".join(t.name for t in item_types())}
        ]
    limit = params.get("limit", "5")
    if not (str(limit).isdigit() and 1 <= int(limit) <= MAX_LIMIT):
        errors["limit"] = [_("Must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}]
    theme = params.get("theme")
    if theme and not ThemePage.objects.filter(key=theme).exists():
        errors["theme"] = [_("No theme has the key '%(key)s'.") % {"key": theme}]
    partner = params.get("partner")
    if partner and not Partner.objects.filter(key=partner).exists():
        errors["partner"] = [_("No partner has the key '%(key)s'.") % {"key": partner}]
    try:
        negotiate(params)
    except ValidationError as exc:
        errors.update({name: [str(m) for m in messages] for name, messages in exc.detail.items()})
    return errors


def widget_snippet(params: dict[str, str], *, variant: str = "script", base_url: str = "") -> str:
    """The HTML a partner pastes into its page."""
    base = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    if variant == "iframe":
        height = 120 + 90 * int(params.get("limit", 5))
        return (
            f'<iframe src="{escape(base)}/widgets/frame/?{escape(urlencode(params))}" '
            f'title="CyberSudoe" loading="lazy" '
            f'style="width: 100%; height: {height}px; border: 0;"></iframe>'
        )
    attributes = " ".join(f'data-{name}="{escape(value)}"' for name, value in params.items())
    return (
        f'<div class="cybersudoe-widget" {attributes}></div>\n'
        f'<script src="{escape(base)}/widgets/embed.js" async></script>'
    )
