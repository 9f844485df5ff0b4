"""Admin dashboard panels for editors: what waits for them in the toolbox.

- **My pending reviews**: workflow tasks the user may approve or reject now;
- **Stale translations**: translations of the items the user may edit whose source changed
  since they were last synced (the translation status report, ``reports.py``, says what);
- **Upcoming events**: the next events the user may edit, live or draft.

Each panel shows only what the user may act on: a partner's editors see their partner's
items; coordinators and administrators see everything. Added to the dashboard by the
``construct_homepage_panels`` hook in ``wagtail_hooks.py``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, TaskState
from wagtail.permissions import page_permission_policy
from wagtail_localize.models import TranslationLog

from .models import EventPage, ToolboxItemPage
from .reports import StatusRow, editable_items
from .staleness import STALE, TranslationState, source_items, translation_states

PANEL_ROWS = 8


@dataclass
class PendingReview:
    """A workflow task waiting for the user's decision."""

    title: str
    locale_id: int | None
    task: str
    requested_by: str
    since: object
    edit_url: str | None


def pending_reviews(user, *, limit: int = PANEL_ROWS) -> tuple[list[PendingReview], int]:
    """The tasks ``user`` may review now, newest first, and how many there are in all."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return [], 0
    states = (
        TaskState.objects.reviewable_by(user)
        .select_related("task", "revision", "workflow_state__requested_by")
        .prefetch_related("revision__content_object")
        .order_by("-started_at")
    )
    finder = AdminURLFinder(user)
    reviews = []
    for state in states[:limit]:
        obj = state.revision.content_object
        if obj is None:  # the object was deleted and kept no workflow relation
            continue
        requested_by = state.workflow_state.requested_by
        reviews.append(
            PendingReview(
                title=obj.get_admin_display_title() if isinstance(obj, Page) else str(obj),
                locale_id=getattr(obj, "locale_id", None),
                task=state.task.name,
                requested_by=requested_by.get_full_name() or requested_by.get_username()
                if requested_by
                else "",
                since=state.started_at,
                edit_url=finder.get_edit_url(obj),
            )
        )
    return reviews, states.count()


STALE_CACHE_SECONDS = 600


def stale_translations(user, *, limit: int = PANEL_ROWS) -> tuple[list[TranslationState], int]:
    """Stale translations of the items ``user`` may edit, the most recently changed source
    first, and how many there are in all. Comparing contents costs time on a large site: the
    answer is cached per user until an item is saved or a translation synced."""
    changes = ToolboxItemPage.objects.aggregate(
        saved=Max("latest_revision_created_at"), published=Max("last_published_at")
    )
    synced = TranslationLog.objects.aggregate(last=Max("pk"))["last"]
    state = f"{changes['saved']}|{changes['published']}|{synced}|{limit}"
    key = f"toolbox:stale:{user.pk}:{hashlib.sha256(state.encode()).hexdigest()[:32]}"
    found = cache.get(key)
    if found is None:
        found = _stale_translations(user, limit=limit)
        cache.set(key, found, STALE_CACHE_SECONDS)
    return found


def _stale_translations(user, *, limit: int) -> tuple[list[TranslationState], int]:
    items = editable_items(user)
    if not items.exists():
        return [], 0
    locales = Locale.objects.filter(
        language_code__in=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    )
    states = [
        state
        for state in translation_states(sources=source_items(items), locales=locales)
        if state.status == STALE
        # an editor sees the translations he may edit, not those of another partner's copy
        and (state.translation is None or state.translation.pk in editable_pks(user))
    ]
    states.sort(key=lambda s: s.source.last_published_at or timezone.now(), reverse=True)
    return states[:limit], len(states)


def editable_pks(user) -> set[int]:
    cache = getattr(user, "_toolbox_editable_pks", None)
    if cache is None:
        cache = set(editable_items(user).values_list("pk", flat=True))
        user._toolbox_editable_pks = cache
    return cache


def upcoming_events(user, *, limit: int = PANEL_ROWS) -> tuple[list[EventPage], int]:
    """The next events ``user`` may edit (one page per event: the one in the admin's language
    when there is one, else the original), soonest first, and how many there are in all."""
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    pages = (
        EventPage.objects.filter(
            pk__in=editable.values("pk"), alias_of__isnull=True, end__gte=timezone.now()
        )
        .select_related("locale")
        .order_by("start", "pk")
    )
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    chosen: dict = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (
            page.locale.language_code == language and current.locale.language_code != language
        ):
            chosen[page.translation_key] = page
    events = sorted(chosen.values(), key=lambda p: (p.start, p.pk))
    return events[:limit], len(events)


class DashboardPanel(Component):
    """A dashboard panel: a heading, a few rows, a link to everything."""

    order = 100

    def rows(self, user) -> tuple[list, int]:
        raise NotImplementedError

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"], context["total"] = self.rows(parent_context["request"].user)
        context["more"] = context["total"] - len(context["rows"])
        return context


class PendingReviewsPanel(DashboardPanel):
    name = "toolbox_pending_reviews"
    template_name = "toolbox/dashboard/pending_reviews.html"
    order = 90

    def rows(self, user):
        return pending_reviews(user)


class StaleTranslationsPanel(DashboardPanel):
    name = "toolbox_stale_translations"
    template_name = "toolbox/dashboard/stale_translations.html"
    order = 95

    def rows(self, user):
        states, total = stale_translations(user)
        return [StatusRow(state) for state in states], total

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["report_url"] = (
            reverse("toolbox_translation_status") + "?" + urlencode({"status": STALE})
        )
        return context


class UpcomingEventsPanel(DashboardPanel):
    name = "toolbox_upcoming_events"
    template_name = "toolbox/dashboard/upcoming_events.html"
    order = 96

    def rows(self, user):
        return upcoming_events(user)
