"""Syndication of the toolbox: RSS 2.0 and Atom 1.0 feeds of items, iCalendar of events.

Every feed is per locale (the URL's language) and lists only live, public pages: drafts,
scheduled or expired pages and pages behind a view restriction never appear. Feeds are built
with Django's syndication framework (valid RSS/Atom, ``Last-Modified`` for conditional GETs);
the calendar with ``icalendar``, each event in its own time zone with the matching VTIMEZONE.

Filters are query parameters so that one URL per language serves every combination:
``?theme=<theme key>`` (main theme or sector), ``?type=guide,video`` (item types) for the
feeds, ``?partner=<partner key>`` and ``?theme=<theme key>`` for the calendar. An unknown
theme, partner or type is a 404 rather than an empty feed, so a typo is noticed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import EventPage, Partner, ThemePage, ToolboxItemPage
from .registry import item_type_named

SITE_NAME = "CyberSudoe"
FEED_ITEM_LIMIT = 50
# A calendar subscription shows what is coming and what happened recently, not all history.
CALENDAR_PAST_DAYS = 365


def active_locale() -> Locale:
    try:
        return Locale.get_active()
    except Locale.DoesNotExist as exc:  # pragma: no cover - every site language has a locale
        raise Http404("No locale for this language") from exc


def public_items(*, locale: Locale) -> QuerySet[ToolboxItemPage]:
    """Items a visitor of ``locale`` may see: live, public, real pages (no aliases)."""
    return (
        ToolboxItemPage.objects.live()
        .public()
        .filter(locale=locale, alias_of__isnull=True)
        .select_related("locale", "theme", "partner")
    )


def theme_for_key(key: str, *, locale: Locale) -> ThemePage:
    """The live theme ``key`` in ``locale`` (or in any locale if untranslated); 404 if none."""
    themes = ThemePage.objects.live().filter(key=key)
    theme = themes.filter(locale=locale).first() or themes.first()
    if theme is None:
        raise Http404(f"Unknown theme {key!r}")
    return theme


def item_guid(page: ToolboxItemPage) -> str:
    """A stable id per item and language, kept when the title or slug changes."""
    return f"urn:uuid:{uuid.uuid5(page.translation_key, page.locale.language_code)}"


# --- RSS and Atom -------------------------------------------------------------------------


@dataclass
class FeedScope:
    """What one feed request asks for: a locale, optionally a theme and item types."""

    locale: Locale
    url: str
    theme: ThemePage | None = None
    types: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request: HttpRequest) -> FeedScope:
        locale = active_locale()
        theme_key = request.GET.get("theme", "").strip()
        theme = theme_for_key(theme_key, locale=locale) if theme_key else None
        types = [t.strip() for t in request.GET.get("type", "").split(",") if t.strip()]
        unknown = [t for t in types if item_type_named(t) is None]
        if unknown:
            raise Http404(f"Unknown item type {unknown[0]!r}")
        return cls(locale=locale, url=request.get_full_path(), theme=theme, types=types)

    def items(self) -> QuerySet[ToolboxItemPage]:
        items = public_items(locale=self.locale)
        if self.theme is not None:
            items = items.filter(Q(theme__key=self.theme.key) | Q(sectors__key=self.theme.key))
        if self.types:
            items = items.filter(
                content_type__model__in=[
                    item_type_named(t).model._meta.model_name for t in self.types
                ]
            )
        ids = items.values("pk")
        return (
            ToolboxItemPage.objects.filter(pk__in=ids)
            .select_related("locale", "theme", "partner")
            .prefetch_related("tags")
            .order_by("-first_published_at", "-pk")[:FEED_ITEM_LIMIT]
            .specific()
        )


class ToolboxRssFeed(Feed):
    """Latest toolbox items of one language (RSS 2.0)."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs) -> FeedScope:
        return FeedScope.from_request(request)

    def title(self, scope: FeedScope) -> str:
        parts = [SITE_NAME]
        if scope.theme is not None:
            parts.append(scope.theme.title)
        else:
            parts.append(_("Toolbox"))
        if scope.types:
            parts.append(
                ", ".join(
                    str(item_type_named(t).model._meta.verbose_name_plural) for t in scope.types
                )
            )
        return " · ".join(parts)

    def description(self, scope: FeedScope) -> str:
        if scope.theme is not None and scope.theme.summary:
            return scope.theme.summary
        return _("Guides, videos, best practices, events and self-diagnostics of the toolbox.")

    subtitle = description

    def link(self, scope: FeedScope) -> str:
        if scope.theme is not None and scope.theme.locale_id == scope.locale.pk:
            return scope.theme.get_url() or "/"
        return f"/{scope.locale.language_code}/"

    def feed_url(self, scope: FeedScope) -> str:
        return scope.url

    def feed_guid(self, scope: FeedScope) -> str:
        # The feed's own URL with its filters: each combination is a distinct feed.
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, scope.url)}"

    def items(self, scope: FeedScope):
        return scope.items()

    def item_title(self, item: ToolboxItemPage) -> str:
        return item.title

    def item_description(self, item: ToolboxItemPage) -> str:
        return item.summary

    def item_link(self, item: ToolboxItemPage) -> str:
        return item.get_url()

    def item_guid(self, item: ToolboxItemPage) -> str:
        return item_guid(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item: ToolboxItemPage) -> dt.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: ToolboxItemPage) -> dt.datetime | None:
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item: ToolboxItemPage) -> str | None:
        return item.partner.name if item.partner_id else None

    def item_categories(self, item: ToolboxItemPage) -> list[str]:
        categories = [str(item._meta.verbose_name)]
        if item.theme_id:
            categories.append(item.theme.title)
        categories += [tag.name for tag in item.tags.all()]
        return categories


class ToolboxAtomFeed(ToolboxRssFeed):
    """Latest toolbox items of one language (Atom 1.0)."""

    feed_type = Atom1Feed


# --- iCalendar ----------------------------------------------------------------------------


def calendar_events(
    *, locale: Locale, partner_key: str = "", theme_key: str = "", now: dt.datetime | None = None
) -> QuerySet[EventPage]:
    """Live public events of ``locale`` that ended less than a year ago or are to come."""
    now = now or timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .filter(
            locale=locale,
            alias_of__isnull=True,
            end__gte=now - dt.timedelta(days=CALENDAR_PAST_DAYS),
        )
    )
    if partner_key:
        events = events.filter(partner__key=partner_key)
    if theme_key:
        events = events.filter(Q(theme__key=theme_key) | Q(sectors__key=theme_key)).distinct()
    return events.select_related("partner", "theme", "locale").order_by("start", "pk")


def _location(event: EventPage) -> str:
    if event.is_online:
        return _("Online")
    parts = [event.venue, event.address, event.city, event.get_country_display()]
    return ", ".join(part for part in parts if part)


def build_calendar(*, events, name: str, language: str, request: HttpRequest) -> bytes:
    """An iCalendar (RFC 5545) of ``events``: local times with TZID and matching VTIMEZONEs."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{SITE_NAME}//Toolbox events//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    first = last = None
    for event in events:
        url = request.build_absolute_uri(event.get_url(request))
        vevent = icalendar.Event()
        vevent.add("uid", f"{event.translation_key}@{request.get_host().split(':')[0]}")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
        vevent.add("summary", event.title)
        vevent.add("description", f"{event.summary}\n\n{url}" if event.summary else url)
        vevent.add("url", url)
        location = _location(event)
        if location:
            vevent.add("location", location)
        categories = [str(event.get_event_format_display())]
        if event.theme_id:
            categories.append(event.theme.title)
        vevent.add("categories", categories)
        vevent.add("status", "CONFIRMED")
        vevent.add("transp", "OPAQUE")
        if event.first_published_at:
            vevent.add("created", event.first_published_at.astimezone(dt.UTC))
        if event.last_published_at:
            vevent.add("last-modified", event.last_published_at.astimezone(dt.UTC))
        if event.partner_id and event.partner.contact_email:
            organizer = icalendar.vCalAddress(f"mailto:{event.partner.contact_email}")
            organizer.params["cn"] = icalendar.vText(event.partner.name)
            vevent.add("organizer", organizer)
        calendar.add_component(vevent)
        first = min(first, event.local_start.date()) if first else event.local_start.date()
        last = max(last, event.local_end.date()) if last else event.local_end.date()
    if first is not None:
        # Transitions from a year before the first event to a year after the last one.
        calendar.add_missing_timezones(
            first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366)
        )
    return calendar.to_ical()


def events_calendar(request: HttpRequest) -> HttpResponse:
    """``/<lang>/events.ics``: the event calendar, optionally of one partner or one theme."""
    locale = active_locale()
    partner_key = request.GET.get("partner", "").strip()
    theme_key = request.GET.get("theme", "").strip()
    name_parts = [SITE_NAME, _("Events")]
    if partner_key:
        partners = Partner.objects.filter(key=partner_key)
        partner = partners.filter(locale=locale).first() or partners.first()
        if partner is None:
            raise Http404(f"Unknown partner {partner_key!r}")
        name_parts.append(partner.name)
    if theme_key:
        name_parts.append(theme_for_key(theme_key, locale=locale).title)
    events = calendar_events(locale=locale, partner_key=partner_key, theme_key=theme_key)
    body = build_calendar(
        events=events,
        name=" · ".join(name_parts),
        language=locale.language_code,
        request=request,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """``/<lang>/events/<id>.ics``: one live event, for "add to my calendar"."""
    event = (
        EventPage.objects.live().public().select_related("partner", "theme").filter(pk=pk).first()
    )
    if event is None:
        raise Http404("No such event")
    body = build_calendar(
        events=[event], name=event.title, language=event.locale.language_code, request=request
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug[:80]}.ics"'
    return response


# --- Links for templates ------------------------------------------------------------------


def feed_urls(*, theme_key: str = "", types: str = "") -> dict[str, str]:
    """Paths of the RSS and Atom feeds in the active language, with optional filters."""
    query = urlencode({k: v for k, v in (("theme", theme_key), ("type", types)) if v})
    suffix = f"?{query}" if query else ""
    return {
        "rss": reverse("toolbox_feed_rss") + suffix,
        "atom": reverse("toolbox_feed_atom") + suffix,
    }


def calendar_url(*, partner_key: str = "", theme_key: str = "") -> str:
    query = urlencode({k: v for k, v in (("partner", partner_key), ("theme", theme_key)) if v})
    return reverse("toolbox_events_ics") + (f"?{query}" if query else "")
