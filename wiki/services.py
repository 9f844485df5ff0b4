"""Every write of the wiki. Pages, the API, demo data and tests all go through these.

The central rule is in :func:`page_save`: a save names the revision it started from, the page
row is locked (``SELECT … FOR UPDATE``) inside the transaction, and when the page moved on in
the meantime the two changes are merged three ways, or refused as a conflict with nothing
written. So no update is ever lost, whatever the number of simultaneous writers.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from . import permissions, tasks
from .handoff import create_toolbox_draft, toolbox_section_for
from .markup import SectionNotFound, mentioned_usernames, normalise_title, replace_section
from .merge import MergeResult, merge_texts, merge_titles
from .models import (
    AttachmentVersion,
    Handoff,
    Membership,
    Role,
    Watch,
    WikiAttachment,
    WikiComment,
    WikiPage,
    WikiProfile,
    WikiRevision,
    WorkingGroup,
)

MAX_PAGE_CHARS = 1_000_000
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


class WikiError(Exception):
    """Base of the wiki's domain errors."""


class EditConflict(WikiError):
    """The page changed since the writer's base revision and the changes overlap.

    Nothing was written. ``merge`` holds the text with conflict markers and each region in its
    three versions; ``mine`` is what the writer submitted (whole page), ``current`` the page's
    revision now, so the writer can resolve and save again with ``current`` as base.
    """

    def __init__(
        self,
        *,
        page: WikiPage,
        base: WikiRevision,
        current: WikiRevision,
        mine: str,
        mine_title: str,
        merge: MergeResult,
        title_conflict: bool,
    ):
        super().__init__("edit conflict")
        self.page = page
        self.base = base
        self.current = current
        self.mine = mine
        self.mine_title = mine_title
        self.merge = merge
        self.title_conflict = title_conflict


class StaleBase(WikiError):
    """The base revision named by the writer does not belong to the page."""


@dataclass
class SaveOutcome:
    """``saved`` (on top of the base), ``merged`` (clean merge with a concurrent edit) or
    ``unchanged`` (nothing to record)."""

    status: str
    page: WikiPage
    revision: WikiRevision
    merged_with: WikiRevision | None = None
    notes: list[str] = field(default_factory=list)


def _normalise_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_PAGE_CHARS:
        raise ValidationError(_("A page may not exceed %(n)s characters.") % {"n": MAX_PAGE_CHARS})
    return text


def _clean_title(title: str) -> str:
    title = normalise_title(title or "")
    if not title:
        raise ValidationError({"title": _("A page needs a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("A title may not exceed 200 characters.")})
    if "[" in title or "]" in title or "|" in title:
        raise ValidationError({"title": _("A title may not contain [, ] or |.")})
    return title


def _unique_slug(group: WorkingGroup, title: str) -> str:
    base = slugify(title)[:200] or "page"
    slug, n = base, 1
    taken = set(
        WikiPage.objects.filter(group=group, slug__startswith=base).values_list("slug", flat=True)
    )
    while slug in taken or slug in {"new", "watch"}:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_title_free(group: WorkingGroup, language: str, title: str, exclude_pk=None) -> None:
    clash = WikiPage.objects.filter(group=group, language=language, title=title)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"title": _("A page with this title already exists in this group and language.")}
        )


def _enqueue(task_name: str, *args) -> None:
    """Send a Celery task once the current transaction has committed."""

    transaction.on_commit(lambda: getattr(tasks, task_name).delay(*args))


# --- Profiles and groups --------------------------------------------------------------


def profile_update(
    *, user, partner=None, language: str | None = None, delivery: str | None = None
) -> WikiProfile:
    """Create or change a person's wiki profile."""
    profile, _created = WikiProfile.objects.get_or_create(user=user)
    if partner is not None:
        profile.partner = partner
    if language is not None:
        profile.language = language
    if delivery is not None:
        profile.delivery = delivery
    profile.full_clean()
    profile.save()
    return profile


def membership_set(*, group: WorkingGroup, user, role: str) -> Membership:
    """Add ``user`` to ``group`` with ``role`` (or change their role)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, _created = Membership.objects.update_or_create(
        group=group, user=user, defaults={"role": role}
    )
    permissions.forget(user)
    return membership


# --- Pages ----------------------------------------------------------------------------


@transaction.atomic
def page_create(
    *,
    group: WorkingGroup,
    title: str,
    language: str,
    content: str,
    author,
    parent: WikiPage | None = None,
    summary: str = "",
    translation_of: WikiPage | None = None,
) -> WikiPage:
    """Create a page with its first revision."""
    if not permissions.can_edit_group(author, group):
        raise PermissionDenied
    title = _clean_title(title)
    content = _normalise_text(content)
    if parent is not None and parent.group_id != group.pk:
        raise ValidationError({"parent": _("The parent page must be in the same group.")})
    _check_title_free(group, language, title)
    source = translation_of.source_page if translation_of is not None else None
    if source is not None:
        if source.group_id != group.pk:
            raise ValidationError(_("A translation stays in the group of its source."))
        if source.language == language or source.translations.filter(language=language).exists():
            raise ValidationError(_("This page already exists in that language."))
    now = timezone.now()
    page = WikiPage.objects.create(
        group=group,
        parent=parent,
        title=title,
        slug=_unique_slug(group, title),
        language=language,
        content=content,
        translation_of=source,
        source_revision=source.current_revision if source is not None else None,
        created_by=author,
        created_at=now,
        updated_at=now,
    )
    revision = WikiRevision.objects.create(
        page=page,
        number=1,
        title=title,
        content=content,
        summary=summary,
        author=author,
        created_at=now,
        kind=WikiRevision.Kind.CREATE,
        size=len(content.encode()),
    )
    page.current_revision = revision
    page.save(update_fields=["current_revision"])
    if author is not None and author.is_authenticated:
        Watch.objects.get_or_create(user=author, page=page)
    _enqueue("revision_saved", revision.pk)
    return page


@dataclass
class _Plan:
    """What saving ``mine`` on top of ``current`` amounts to (see :func:`page_save`)."""

    status: str  # "saved", "merged", "unchanged" or "conflict"
    current: WikiRevision
    text: str = ""
    title: str | None = None
    merge: MergeResult | None = None


def _plan(base: WikiRevision, current: WikiRevision, mine: str, mine_title: str) -> _Plan:
    if current.pk == base.pk:
        if mine == current.content and mine_title == current.title:
            return _Plan("unchanged", current)
        return _Plan("saved", current, mine, mine_title)
    merged = merge_texts(
        base.content,
        current.content,
        mine,
        label_mine=_("your version"),
        label_theirs=_("revision %(n)s") % {"n": current.number},
    )
    merged_title = merge_titles(base.title, current.title, mine_title)
    if not merged.clean or merged_title is None:
        return _Plan("conflict", current, merged.text, merged_title, merged)
    if merged.text == current.content and merged_title == current.title:
        return _Plan("unchanged", current)
    return _Plan("merged", current, merged.text, merged_title, merged)


def page_save(
    *,
    page: WikiPage | int,
    base_revision_id: int,
    content: str,
    author,
    title: str | None = None,
    summary: str = "",
    section: int | None = None,
    mark_translation_current: bool = False,
) -> SaveOutcome:
    """Save a new version of a page, never losing a concurrent one.

    Inside one transaction the page row is locked; if its current revision is still
    ``base_revision_id`` the text is saved as the next revision. Otherwise the writer's change
    (base → content) and the others' (base → current) are merged three ways: a clean merge is
    saved as a revision of kind ``merged``; overlapping changes raise :class:`EditConflict`
    and nothing is written. With ``section``, ``content`` replaces that section of the base
    revision (before merging), as when editing one section.
    """
    page_id = page if isinstance(page, int) else page.pk
    content = _normalise_text(content)
    head = (
        WikiPage.objects.filter(pk=page_id).values_list("current_revision_id", "group_id").first()
    )
    if head is None:
        raise WikiPage.DoesNotExist(page_id)
    if permissions.role_in(author, head[1]) not in {Role.MEMBER, Role.COORDINATOR}:
        raise PermissionDenied
    # Revisions never change: the base and the writer's full text are prepared before locking.
    base = WikiRevision.objects.filter(page_id=page_id, pk=base_revision_id).first()
    if base is None:
        raise StaleBase(base_revision_id)
    if section is not None:
        try:
            mine = replace_section(base.content, section, content)
        except SectionNotFound as exc:
            raise ValidationError(_("This section no longer exists.")) from exc
    else:
        mine = content
    mine_title = _clean_title(title) if title is not None else base.title
    # Optimistically, the merge too, against the page's revision as it is now: the lock is then
    # held only to check that nobody saved meanwhile and to write.
    current = base if head[0] == base.pk else WikiRevision.objects.get(pk=head[0])
    plan = _plan(base, current, mine, mine_title)

    with transaction.atomic():
        # Lock the page row alone. No join here: after waiting for the lock, PostgreSQL
        # re-reads the locked row but not the joined ones, so a join would miss the revision
        # committed by the writer we waited for. The revision is read by a new statement.
        locked = (
            WikiPage.objects.select_for_update()
            .only("group_id", "current_revision_id", "title", "language", "translation_of_id")
            .get(pk=page_id)
        )
        if not permissions.can_edit_page(author, locked):
            raise PermissionDenied
        if locked.current_revision_id != plan.current.pk:
            # Someone saved since the plan was made: plan again, under the lock this time.
            plan = _plan(
                base, WikiRevision.objects.get(pk=locked.current_revision_id), mine, mine_title
            )
        current = plan.current
        if plan.status == "unchanged":
            return SaveOutcome("unchanged", locked, current)
        if plan.status == "conflict":
            raise EditConflict(
                page=locked,
                base=base,
                current=current,
                mine=mine,
                mine_title=mine_title,
                merge=plan.merge,
                title_conflict=plan.title is None,
            )
        final_text, final_title, status = plan.text, plan.title, plan.status
        kind = WikiRevision.Kind.MERGED if status == "merged" else WikiRevision.Kind.EDIT

        if final_title != locked.title:
            _check_title_free(locked.group, locked.language, final_title, exclude_pk=locked.pk)
        now = timezone.now()
        revision = WikiRevision.objects.create(
            page=locked,
            number=current.number + 1,
            title=final_title,
            content=final_text,
            summary=summary[:300],
            author=author,
            created_at=now,
            kind=kind,
            base_revision=base,
            previous_revision=current,
            size=len(final_text.encode()),
        )
        locked.current_revision = revision
        locked.content = final_text
        locked.title = final_title
        locked.updated_at = now
        update_fields = ["current_revision", "content", "title", "updated_at"]
        if mark_translation_current and locked.translation_of_id:
            locked.source_revision_id = locked.translation_of.current_revision_id
            update_fields.append("source_revision")
        locked.save(update_fields=update_fields)
        _enqueue("revision_saved", revision.pk)
    return SaveOutcome(
        status, locked, revision, merged_with=current if status == "merged" else None
    )


@transaction.atomic
def page_revert(*, page: WikiPage, revision: WikiRevision, author, base_revision_id: int):
    """Bring back the text of an old revision, as a new revision (history is never rewritten)."""
    if revision.page_id != page.pk:
        raise StaleBase(revision.pk)
    outcome = page_save(
        page=page,
        base_revision_id=base_revision_id,
        content=revision.content,
        title=revision.title,
        author=author,
        summary=_("Reverted to revision %(n)s") % {"n": revision.number},
    )
    if outcome.status in {"saved", "merged"}:
        WikiRevision.objects.filter(pk=outcome.revision.pk).update(
            kind=WikiRevision.Kind.REVERT, reverted_to=revision
        )
        outcome.revision.kind = WikiRevision.Kind.REVERT
        outcome.revision.reverted_to = revision
    return outcome


@transaction.atomic
def page_move(*, page: WikiPage, parent: WikiPage | None, user) -> WikiPage:
    """Place a page under another page of the same group (or at the top)."""
    if not permissions.can_edit_page(user, page):
        raise PermissionDenied
    if parent is not None:
        if parent.group_id != page.group_id:
            raise ValidationError(_("The parent page must be in the same group."))
        if parent.pk == page.pk or page in parent.ancestors():
            raise ValidationError(_("A page cannot be placed under itself."))
    page.parent = parent
    page.save(update_fields=["parent"])
    return page


def translation_mark_current(*, page: WikiPage, user, source_revision_id: int | None = None):
    """Record that a translation now follows the given (default: current) source revision."""
    if not permissions.can_edit_page(user, page):
        raise PermissionDenied
    if page.translation_of_id is None:
        raise ValidationError(_("This page is not a translation."))
    source = page.translation_of
    revision_id = source_revision_id or source.current_revision_id
    if not WikiRevision.objects.filter(pk=revision_id, page=source).exists():
        raise ValidationError(_("This revision is not a revision of the source page."))
    WikiPage.objects.filter(pk=page.pk).update(source_revision_id=revision_id)
    page.source_revision_id = revision_id
    return page


@transaction.atomic
def page_approve(*, page: WikiPage, user) -> WikiPage:
    """A coordinator approves the page as it is now (its current revision)."""
    if not permissions.can_coordinate(user, page.group):
        raise PermissionDenied
    page.approved_revision_id = page.current_revision_id
    page.save(update_fields=["approved_revision"])
    return page


# --- Comments, attachments, watches ---------------------------------------------------


@transaction.atomic
def comment_create(
    *, page: WikiPage, author, body: str, parent: WikiComment | None = None
) -> WikiComment:
    """Comment (or reply); ``@username`` mentions of people who can see the page notify them."""
    if not permissions.can_comment(author, page):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("A comment cannot be empty.")})
    if len(body) > 20_000:
        raise ValidationError({"body": _("A comment may not exceed 20,000 characters.")})
    if parent is not None and parent.page_id != page.pk:
        raise ValidationError({"parent": _("You can only reply to a comment on the same page.")})
    comment = WikiComment.objects.create(page=page, author=author, body=body, parent=parent)
    names = mentioned_usernames(body)
    if names:
        users = get_user_model().objects.filter(username__in=names, is_active=True)
        comment.mentions.set([u for u in users if permissions.can_view_page(u, page)])
    _enqueue("notify_comment", comment.pk)
    return comment


@transaction.atomic
def attachment_upload(
    *, page: WikiPage, uploaded_file, user, name: str | None = None, comment: str = ""
) -> AttachmentVersion:
    """Attach a file to a page; a file with the same name becomes its next version."""
    if not permissions.can_edit_page(user, page):
        raise PermissionDenied
    name = (name or uploaded_file.name or "").strip().replace("/", "_").replace("\\", "_")
    if not name:
        raise ValidationError({"file": _("The file needs a name.")})
    if uploaded_file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Files may not exceed 50 MB.")})
    attachment, _created = WikiAttachment.objects.get_or_create(page=page, name=name[:200])
    last = (
        AttachmentVersion.objects.select_for_update()
        .filter(attachment=attachment)
        .order_by("-number")
        .first()
    )
    digest = AttachmentVersion.digest(uploaded_file.chunks())
    uploaded_file.seek(0)
    version = AttachmentVersion(
        attachment=attachment,
        number=(last.number + 1) if last else 1,
        size=uploaded_file.size,
        content_type=(
            getattr(uploaded_file, "content_type", "")
            or mimetypes.guess_type(name)[0]
            or "application/octet-stream"
        )[:120],
        sha256=digest,
        comment=comment[:300],
        uploaded_by=user,
    )
    version.file.save(name, uploaded_file, save=False)
    try:
        version.save()
    except IntegrityError:
        version.file.delete(save=False)
        raise
    return version


def watch_set(*, user, page: WikiPage | None = None, group: WorkingGroup | None = None, on: bool):
    """Start or stop watching a page or a group."""
    target_group = group or page.group
    if on and not permissions.can_watch(user, target_group):
        raise PermissionDenied
    lookup = {"user": user, "page": page} if page is not None else {"user": user, "group": group}
    if on:
        Watch.objects.get_or_create(**lookup)
    else:
        Watch.objects.filter(**lookup).delete()


# --- Hand-off to the toolbox ----------------------------------------------------------


class HandoffUnavailable(WikiError):
    """The toolbox cannot receive this hand-off (no content or no section in the language)."""


def _handoff_section(*, page: WikiPage, user):
    """The toolbox section the hand-off goes to (``HandoffUnavailable`` if there is none)."""
    locale = Locale.objects.filter(language_code=page.language).first()
    if locale is None:
        raise HandoffUnavailable(_("The toolbox has no content in this page's language yet."))
    section = toolbox_section_for(user=user, locale=locale)
    if section is None:
        raise HandoffUnavailable(
            _(
                "Neither your organisation nor the network has a toolbox section in this "
                "language yet: ask the editorial team to create one."
            )
        )
    return section


def handoff_submit(*, page: WikiPage, user, item_type: str) -> Handoff:
    """Create a draft toolbox item from the approved revision and start Wagtail's workflow.

    ``item_type`` is one of ``Handoff.ItemType``, which are toolbox item types (the toolbox
    registry's names). The draft leaves what the wiki does not know empty; the editorial team
    fills it in before publishing.
    """
    if not permissions.can_coordinate(user, page.group):
        raise PermissionDenied
    if page.approved_revision_id is None:
        raise ValidationError(_("Approve the page before submitting it."))
    if item_type not in Handoff.ItemType.values:
        raise ValidationError({"item_type": _("Unknown toolbox item type.")})
    with transaction.atomic():
        revision = page.approved_revision
        toolbox_page = create_toolbox_draft(
            page=page,
            revision=revision,
            item_type=item_type,
            section=_handoff_section(page=page, user=user),
            user=user,
        )
        handoff = Handoff.objects.create(
            page=page,
            revision=revision,
            item_type=item_type,
            toolbox_page=toolbox_page,
            submitted_by=user,
        )
        _enqueue("notify_handoff", handoff.pk)
    return handoff
