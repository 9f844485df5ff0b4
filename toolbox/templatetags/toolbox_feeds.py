"""``<link rel="alternate">`` elements for the toolbox feeds and calendar (see toolbox.feeds)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from toolbox.feeds import SITE_NAME, calendar_url, feed_urls

register = template.Library()


@register.inclusion_tag("toolbox/feeds/alternates.html")
def feed_alternates(theme=None, item_type: str = "", calendar: bool = False, partner=None):
    """RSS and Atom alternates (of a theme and/or item type), and optionally the calendar
    (of a theme or partner). ``theme`` and ``partner`` are objects with a ``key``."""
    theme_key = getattr(theme, "key", "") or ""
    partner_key = getattr(partner, "key", "") or ""
    name = " · ".join(
        part
        for part in (SITE_NAME, getattr(theme, "title", "") or getattr(partner, "name", ""))
        if part
    )
    links = []
    if not partner_key:
        urls = feed_urls(theme_key=theme_key, types=item_type)
        links.append({"type": "application/rss+xml", "href": urls["rss"], "title": f"{name} (RSS)"})
        links.append(
            {"type": "application/atom+xml", "href": urls["atom"], "title": f"{name} (Atom)"}
        )
    if calendar:
        links.append(
            {
                "type": "text/calendar",
                "href": calendar_url(partner_key=partner_key, theme_key=theme_key),
                "title": f"{name} · {_('Events')} (iCalendar)",
            }
        )
    return {"links": links}
