"""Every read of the wiki, with the visibility rules applied.

``pages_visible_to(user)`` is the one filter the pages, the API, feeds, notifications and
search use, so that a group-only page cannot leak through one path and not another.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from . import permissions
from .diff import BlameLine, Diff, blame_step, diff_texts, paragraphs
from .markup import Link, Rendered, render
from .models import (
    AttachmentVersion,
    Handoff,
    Membership,
    Notification,
    Visibility,
    WikiComment,
    WikiPage,
    WikiRevision,
    WorkingGroup,
)


def groups_visible_to(user) -> QuerySet[WorkingGroup]:
    """Groups whose pages ``user`` may read (anonymous visitors: public groups only)."""
    condition = Q(visibility=Visibility.PUBLIC)
    if user is not None and user.is_authenticated:
        condition |= Q(memberships__user=user)
        if permissions.is_partner(user):
            condition |= Q(visibility=Visibility.PARTNERS)
    return WorkingGroup.objects.filter(condition).distinct()


def visible_group_ids(user) -> list[int]:
    return list(groups_visible_to(user).values_list("pk", flat=True))


def pages_visible_to(user) -> QuerySet[WikiPage]:
    """Wiki pages ``user`` may read: those of :func:`visible_group_ids` (the project's search
    applies the same groups, see ``wiki.indexing.readable_group_ids``)."""
    return WikiPage.objects.filter(group__in=visible_group_ids(user))


def group_get_visible(user, slug: str) -> WorkingGroup:
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None or not permissions.can_view_group(user, group):
        raise Http404
    return group


def page_get_visible(user, *, group_slug: str | None = None, slug: str | None = None, pk=None):
    """The page, or 404 when it does not exist or ``user`` may not see it (same answer)."""
    pages = WikiPage.objects.select_related("group", "current_revision", "translation_of", "parent")
    if pk is not None:
        page = pages.filter(pk=pk).first()
    else:
        page = pages.filter(group__slug=group_slug, slug=slug).first()
    if page is None or not permissions.can_view_page(user, page):
        raise Http404
    return page


def revision_get(page: WikiPage, number: int) -> WikiRevision:
    revision = (
        WikiRevision.objects.select_related("author").filter(page=page, number=number).first()
    )
    if revision is None:
        raise Http404
    return revision


def history_list(page: WikiPage, *, offset: int = 0, limit: int = 50) -> list[WikiRevision]:
    """One page of the history, newest first, without loading the texts."""
    return list(
        WikiRevision.objects.filter(page=page)
        .select_related("author", "base_revision", "reverted_to")
        .only(
            "number",
            "title",
            "summary",
            "author__username",
            "author__first_name",
            "author__last_name",
            "created_at",
            "kind",
            "size",
            "base_revision__number",
            "reverted_to__number",
            "page_id",
        )
        .order_by("-number")[offset : offset + limit]
    )


def revision_count(page: WikiPage) -> int:
    return page.current_revision.number if page.current_revision_id else 0


def diff_revisions(old: WikiRevision, new: WikiRevision, *, context: int | None = 2) -> Diff:
    return diff_texts(old.content, new.content, context=context)


def link_resolver(page: WikiPage, language: str | None = None):
    """Resolve ``[[Title]]`` to pages of the same group and language (or their creation)."""

    def resolve(titles: list[str]) -> dict[str, Link]:
        lang = language or page.language
        existing = dict(
            WikiPage.objects.filter(group=page.group, language=lang, title__in=titles).values_list(
                "title", "slug"
            )
        )
        create = reverse("wiki:page_create", args=[page.group.slug])
        links = {}
        for title in titles:
            if title in existing:
                links[title] = Link(
                    reverse("wiki:page", args=[page.group.slug, existing[title]]), True
                )
            else:
                query = urlencode({"title": title, "language": lang, "parent": page.pk or ""})
                links[title] = Link(f"{create}?{query}", False)
        return links

    return resolve


def page_render(page: WikiPage, text: str | None = None) -> Rendered:
    return render(page.content if text is None else text, resolve_links=link_resolver(page))


def comments_tree(page: WikiPage) -> list[dict]:
    """Comments as a tree: [{"comment": c, "replies": [...]}, ...], oldest first."""
    comments = list(
        WikiComment.objects.filter(page=page).select_related("author").prefetch_related("mentions")
    )
    nodes = {c.pk: {"comment": c, "replies": []} for c in comments}
    roots = []
    for c in comments:
        (nodes[c.parent_id]["replies"] if c.parent_id in nodes else roots).append(nodes[c.pk])
    return roots


def members_of(group: WorkingGroup) -> QuerySet[Membership]:
    return group.memberships.select_related("user", "user__wiki_profile__partner").order_by(
        "role", "user__username"
    )


def page_tree(user, group: WorkingGroup) -> list[dict]:
    """The group's pages as a tree (titles only)."""
    pages = list(
        WikiPage.objects.filter(group=group).only("pk", "title", "slug", "parent_id", "language")
    )
    nodes = {p.pk: {"page": p, "children": []} for p in pages}
    roots = []
    for p in pages:
        (nodes[p.parent_id]["children"] if p.parent_id in nodes else roots).append(nodes[p.pk])
    return roots


# --- Translations ---------------------------------------------------------------------


@dataclass
class TranslationStatus:
    """Where a translation stands relative to its source page."""

    source: WikiPage
    followed: WikiRevision | None
    current: WikiRevision | None

    @property
    def outdated(self) -> bool:
        return self.current is not None and (
            self.followed is None or self.followed.number < self.current.number
        )

    def changes(self) -> Diff | None:
        """What changed in the source since the revision the translation follows."""
        if not self.outdated:
            return None
        old_text = self.followed.content if self.followed else ""
        return diff_texts(old_text, self.current.content)


def translation_status(page: WikiPage) -> TranslationStatus | None:
    if page.translation_of_id is None:
        return None
    source = WikiPage.objects.select_related("current_revision").get(pk=page.translation_of_id)
    followed = (
        WikiRevision.objects.filter(pk=page.source_revision_id).first()
        if page.source_revision_id
        else None
    )
    return TranslationStatus(source=source, followed=followed, current=source.current_revision)


def translations_of(page: WikiPage) -> list[WikiPage]:
    """Every language version of the page (source first), including the page itself."""
    source = page.source_page
    others = list(
        WikiPage.objects.filter(translation_of=source)
        .select_related("group", "current_revision", "source_revision")
        .order_by("language")
    )
    return [source, *others]


# --- Blame ----------------------------------------------------------------------------

BLAME_CACHE_SECONDS = 24 * 3600


def _blame_key(revision_id: int, created_at) -> str:
    # The time makes the key unique even across databases sharing one cache (ids restart
    # when a database is recreated, e.g. by tests).
    return f"wiki:blame:{revision_id}:{created_at.timestamp():.6f}"


def blame(page: WikiPage, revision: WikiRevision | None = None) -> list[dict]:
    """Who wrote each paragraph of ``revision`` (default: current), as it reads now.

    Walks the history forward once and caches the result per revision, so the next call after
    a new revision costs a single step.
    """
    revision = revision or page.current_revision
    state = cache.get(_blame_key(revision.pk, revision.created_at))
    if state is None:
        previous_revision = (
            WikiRevision.objects.filter(pk=revision.previous_revision_id).only("created_at").first()
            if revision.previous_revision_id
            else None
        )
        previous = (
            cache.get(_blame_key(previous_revision.pk, previous_revision.created_at))
            if previous_revision is not None
            else None
        )
        if previous is not None:
            state = blame_step(
                [BlameLine(t, n) for t, n in previous], revision.content, revision.number
            )
        else:
            lines: list[BlameLine] = []
            rows = (
                WikiRevision.objects.filter(page=page, number__lte=revision.number)
                .order_by("number")
                .values_list("number", "content")
                .iterator(chunk_size=200)
            )
            for number, content in rows:
                lines = blame_step(lines, content, number)
            state = lines
        state_tuples = [(b.text, b.revision) for b in state]
        cache.set(_blame_key(revision.pk, revision.created_at), state_tuples, BLAME_CACHE_SECONDS)
    else:
        state = [BlameLine(t, n) for t, n in state]
    numbers = {b.revision for b in state}
    revisions = {
        r.number: r
        for r in WikiRevision.objects.filter(page=page, number__in=numbers)
        .select_related("author")
        .only("number", "created_at", "summary", "author__username", "page_id")
    }
    return [{"text": b.text, "revision": revisions.get(b.revision)} for b in state]


# --- Notifications and hand-offs ------------------------------------------------------


def attachment_version_get(page: WikiPage, attachment_id, number: int | None = None):
    """A version of an attachment of ``page`` (the latest without ``number``), or None."""
    versions = AttachmentVersion.objects.filter(
        attachment__page=page, attachment__pk=attachment_id
    ).select_related("attachment")
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()


def notifications_for(user) -> QuerySet[Notification]:
    """A person's notifications about pages they can still see."""
    return (
        Notification.objects.filter(recipient=user, page__group__in=visible_group_ids(user))
        .select_related("page", "page__group", "actor", "revision", "comment")
        .order_by("-created_at", "-pk")
    )


@dataclass
class HandoffStatus:
    status: str
    label: str
    comment: str = ""


def handoff_status(handoff: Handoff) -> HandoffStatus:
    """Where the toolbox draft stands in Wagtail's moderation workflow."""
    page = handoff.toolbox_page
    if page is None:
        return HandoffStatus("withdrawn", _("Withdrawn"))
    page = page.specific
    if page.live:
        return HandoffStatus("published", _("Published"))
    state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    if state is None:
        return HandoffStatus("submitted", _("Submitted"))
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return HandoffStatus("submitted", _("Submitted"))
    if state.status in (WorkflowState.STATUS_NEEDS_CHANGES, "rejected"):
        task = (
            TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
            .order_by("-finished_at")
            .first()
        )
        return HandoffStatus("rejected", _("Rejected"), (task.comment if task else "") or "")
    if state.status == WorkflowState.STATUS_CANCELLED:
        return HandoffStatus("withdrawn", _("Withdrawn"))
    return HandoffStatus("submitted", _("Submitted"))


def handoffs_of(page: WikiPage) -> list[tuple[Handoff, HandoffStatus]]:
    items = Handoff.objects.filter(page=page).select_related(
        "revision", "submitted_by", "toolbox_page"
    )
    return [(h, handoff_status(h)) for h in items]


def group_stats(group: WorkingGroup) -> dict:
    return group.pages.aggregate(pages=Count("pk"), languages=Count("language", distinct=True))


__all__ = [
    "pages_visible_to",
    "groups_visible_to",
    "page_get_visible",
    "group_get_visible",
    "paragraphs",
]
