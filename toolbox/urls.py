"""Public toolbox URLs, mounted under /<lang>/ (see cms/urls.py) before Wagtail's pages."""

from django.urls import path

from . import fallback, feeds

urlpatterns: list = [
    path("feeds/rss/", feeds.ToolboxRssFeed(), name="toolbox_feed_rss"),
    path("feeds/atom/", feeds.ToolboxAtomFeed(), name="toolbox_feed_atom"),
    path("events.ics", feeds.events_calendar, name="toolbox_events_ics"),
    path("events/<int:pk>.ics", feeds.event_calendar, name="toolbox_event_ics"),
    path("items/<slug:key>/", fallback.item_by_key, name="toolbox_item_by_key"),
]
