"""Template filters for the integration panels of the admin (API key usage, widget snippet)."""

from django import template

from delivery.keys import api_key_usage_flush

register = template.Library()


@register.filter
def api_key_usage(key) -> dict:
    """Totals and the last 14 days of a key, with today's counters written through first."""
    if key is None or key.pk is None:
        return {}
    api_key_usage_flush(key_id=key.pk)
    key.refresh_from_db(fields=["request_count", "throttled_count", "last_used_at"])
    return {
        "total": key.request_count,
        "throttled": key.throttled_count,
        "days": list(key.daily_usage.all()[:14]),
    }


@register.filter
def widget_snippet(widget) -> str:
    return widget.snippet()
