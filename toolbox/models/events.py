"""Events (awareness conferences, workshops, webinars) and the event calendar."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from toolbox import selectors
from toolbox.forms import EventPageForm, timezone_select

from .items import ToolboxItemPage
from .themes import HomeListingPage, Partner


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        ) from exc


class EventPage(ToolboxItemPage):
    """An awareness conference, workshop or webinar organised by a partner.

    ``start`` and ``end`` are stored in UTC; ``timezone`` is where the event happens, so the
    public page, feeds and iCalendar show local times. In the admin, editors type local times
    at the venue (see ``forms.EventPageForm``). Participants are counted after the event.
    """

    class Format(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")

    event_format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.CONFERENCE
    )
    start = models.DateTimeField(_("start"), help_text=_("Local time at the venue."))
    end = models.DateTimeField(_("end"), help_text=_("Local time at the venue."))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_timezone],
        help_text=_("Where the event takes place; start and end are local times there."),
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("Building or room; empty online.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=Partner.Country.choices, blank=True
    )
    registration_url = models.URLField(
        _("registration link"), blank=True, help_text=_("Where visitors sign up.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats available; empty if unlimited.")
    )
    participants = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("How many attended; filled in after the event."),
    )
    programme = RichTextField(
        _("programme"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Agenda and speakers."),
    )

    content_panels = (
        Page.content_panels
        + ToolboxItemPage.summary_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("event_format"),
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                    FieldPanel("timezone", widget=timezone_select()),
                ],
                heading=_("When"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("venue"),
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                ],
                heading=_("Where"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("registration_url"),
                    FieldRowPanel([FieldPanel("capacity"), FieldPanel("participants")]),
                ],
                heading=_("Attendance"),
            ),
            FieldPanel("programme"),
        ]
        + ToolboxItemPage.body_panels
        + ToolboxItemPage.classification_panels
    )
    search_fields = ToolboxItemPage.search_fields + [
        index.SearchField("venue"),
        index.SearchField("city"),
        index.SearchField("programme"),
        index.FilterField("event_format"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("country"),
    ]
    api_fields = ToolboxItemPage.api_fields + [
        APIField("event_format"),
        APIField("start"),
        APIField("end"),
        APIField("timezone"),
        APIField("venue"),
        APIField("address"),
        APIField("city"),
        APIField("country"),
        APIField("registration_url"),
        APIField("capacity"),
        APIField("participants"),
        APIField("programme"),
    ]
    override_translatable_fields = ToolboxItemPage.override_translatable_fields + [
        SynchronizedField("start", overridable=False),
        SynchronizedField("end", overridable=False),
        SynchronizedField("timezone", overridable=False),
        SynchronizedField("venue"),
        SynchronizedField("address"),
        SynchronizedField("capacity", overridable=False),
        SynchronizedField("participants", overridable=False),
    ]

    base_form_class = EventPageForm
    parent_page_types = ["toolbox.PartnerSectionPage"]
    subpage_types: list[str] = []
    template = "toolbox/event_page.html"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if self.participants is not None:
            if self.end and self.end > timezone.now():
                errors["participants"] = _("Participants can only be counted after the event.")
            elif self.capacity is not None and self.participants > self.capacity:
                errors["participants"] = _(
                    "More participants (%(participants)s) than the capacity (%(capacity)s)."
                ) % {"participants": self.participants, "capacity": self.capacity}
        if self.event_format != self.Format.WEBINAR and not self.city:
            errors["city"] = _("Give the city of an event held on site.")
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start, self.tzinfo)

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.end, self.tzinfo)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_online(self) -> bool:
        return self.event_format == self.Format.WEBINAR


class EventIndexPage(HomeListingPage):
    """The event calendar: upcoming and past events of every partner, with filters."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Introduces the calendar."),
    )

    class Meta:
        verbose_name = _("event calendar")
        verbose_name_plural = _("event calendars")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = selectors.EventFilters.from_query(request.GET, locale=self.locale)
        context["filter_choices"] = selectors.event_filter_choices(locale=self.locale)
        if request.GET.get("view") == "month":
            month = selectors.parse_month(request.GET.get("month", ""))
            context.update(
                filters=filters,
                view="month",
                calendar=selectors.month_calendar(locale=self.locale, month=month, filters=filters),
            )
            return context
        events = selectors.events(locale=self.locale, filters=filters)
        page_obj = Paginator(events, 20).get_page(request.GET.get("page"))
        context.update(
            filters=filters,
            page_obj=page_obj,
            months=selectors.group_events_by_month(page_obj.object_list),
        )
        return context
