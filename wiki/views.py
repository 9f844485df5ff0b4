"""The server-rendered wiki. Views parse the request, call a selector or service, render.

Anything a reader may not see is a 404, exactly as if it did not exist; an action a reader may
see but not do (an observer editing) is a 403.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import forms, notifications, permissions, selectors, services
from .diff import diff_texts
from .downloads import attachment_response
from .markup import (
    SectionNotFound,
    add_section_edit_links,
    section_text,
    split_sections,
    without_title_heading,
)
from .markup import render as render_markdown
from .merge import MARK_MINE, MARK_SEP, MARK_THEIRS
from .models import Handoff, Role, Watch, WikiComment, WikiPage, WikiProfile

HISTORY_PAGE_SIZE = 50


def _login_url() -> str:
    try:
        return (
            settings.LOGIN_URL
            if settings.LOGIN_URL != "/accounts/login/"
            else reverse("wagtailadmin_login")
        )
    except NoReverseMatch:  # pragma: no cover
        return settings.LOGIN_URL


def login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), _login_url())
        return view(request, *args, **kwargs)

    return wrapper


def _page(request, group: str, slug: str) -> WikiPage:
    return selectors.page_get_visible(request.user, group_slug=group, slug=slug)


def _role_label(role: str | None) -> str:
    return str(Role(role).label) if role else ""


def _page_context(request, page: WikiPage) -> dict:
    user = request.user
    return {
        "page": page,
        "group": page.group,
        "wiki_page": page,
        "role": permissions.role_in(user, page.group),
        "role_label": _role_label(permissions.role_in(user, page.group)),
        "can_edit": permissions.can_edit_page(user, page),
        "can_comment": permissions.can_comment(user, page),
        "can_coordinate": permissions.can_coordinate(user, page.group),
        "can_watch": permissions.can_watch(user, page.group),
        "ancestors": page.ancestors(),
    }


# --- Index, preferences, notifications ------------------------------------------------


def index(request):
    groups = selectors.groups_visible_to(request.user).prefetch_related("memberships")
    recent = (
        selectors.pages_visible_to(request.user)
        .select_related("group", "current_revision__author")
        .defer("content", "current_revision__content")
        .order_by("-updated_at")[:20]
    )
    return render(request, "wiki/index.html", {"groups": groups, "recent": recent})


@login_required
def preferences(request):
    profile, _created = WikiProfile.objects.get_or_create(user=request.user)
    form = forms.PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(
            user=request.user,
            language=form.cleaned_data["language"],
            delivery=form.cleaned_data["delivery"],
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("wiki:preferences")
    watches = Watch.objects.filter(user=request.user).select_related("page", "page__group", "group")
    visible = set(selectors.visible_group_ids(request.user))
    watches = [w for w in watches if (w.group_id or w.page.group_id) in visible]
    return render(
        request, "wiki/preferences.html", {"form": form, "profile": profile, "watches": watches}
    )


@login_required
def notification_list(request):
    items = list(selectors.notifications_for(request.user)[:100])
    rows = [(n, notifications.describe(n), notifications.target_url(n)) for n in items]
    return render(request, "wiki/notifications.html", {"rows": rows})


def unsubscribe(request, token: str):
    """One click from an e-mail: stop the e-mails (or stop watching one page/group)."""
    try:
        data = notifications.read_unsubscribe_token(token)
    except signing.BadSignature as exc:
        raise Http404 from exc
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        raise Http404
    if data.get("w"):
        Watch.objects.filter(pk=data["w"], user=user).delete()
        scope = "watch"
    else:
        services.profile_update(user=user, delivery=WikiProfile.Delivery.OFF)
        scope = "all"
    return render(request, "wiki/unsubscribed.html", {"scope": scope, "subject": user})


@login_required
@require_POST
def preview(request):
    """Markdown to sanitised HTML for the live preview of the editor."""
    page = None
    page_id = request.POST.get("page")
    group_slug = request.POST.get("group")
    text = request.POST.get("content", "")
    if page_id:
        try:
            page = selectors.page_get_visible(request.user, pk=int(page_id))
        except (ValueError, Http404):
            page = None
    if page is None and group_slug:
        try:
            group = selectors.group_get_visible(request.user, group_slug)
            page = WikiPage(
                group=group, language=request.POST.get("language") or request.LANGUAGE_CODE
            )
        except Http404:
            page = None
    if page is None:
        return JsonResponse({"html": render_markdown(text).html})
    return JsonResponse({"html": selectors.page_render(page, text).html})


# --- Groups ---------------------------------------------------------------------------


def group_detail(request, group: str):
    grp = selectors.group_get_visible(request.user, group)
    return render(
        request,
        "wiki/group.html",
        {
            "group": grp,
            "tree": selectors.page_tree(request.user, grp),
            "members": selectors.members_of(grp),
            "role": permissions.role_in(request.user, grp),
            "role_label": _role_label(permissions.role_in(request.user, grp)),
            "can_edit": permissions.can_edit_group(request.user, grp),
            "can_watch": permissions.can_watch(request.user, grp),
            "watching": request.user.is_authenticated
            and Watch.objects.filter(user=request.user, group=grp).exists(),
        },
    )


@login_required
@require_POST
def group_watch(request, group: str):
    grp = selectors.group_get_visible(request.user, group)
    services.watch_set(user=request.user, group=grp, on=request.POST.get("on") == "1")
    return redirect("wiki:group", grp.slug)


@login_required
def page_create(request, group: str):
    grp = selectors.group_get_visible(request.user, group)
    if not permissions.can_edit_group(request.user, grp):
        raise PermissionDenied
    parents = list(grp.pages.only("pk", "title"))
    initial = {
        "title": request.GET.get("title", ""),
        "language": request.GET.get("language") or request.LANGUAGE_CODE,
        "parent": request.GET.get("parent") or None,
    }
    form = forms.PageCreateForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = grp.pages.filter(pk=data["parent"]).first() if data["parent"] else None
        try:
            page = services.page_create(
                group=grp,
                title=data["title"],
                language=data["language"],
                content=data["content"],
                summary=data["summary"],
                parent=parent,
                author=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The page is created."))
            return redirect(page.get_absolute_url())
    return render(request, "wiki/page_create.html", {"group": grp, "form": form})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Pages ----------------------------------------------------------------------------


def page_detail(request, group: str, slug: str):
    page = _page(request, group, slug)
    ctx = _page_context(request, page)
    rendered = selectors.page_render(page)
    html = without_title_heading(rendered.html, page.title)
    if ctx["can_edit"] and rendered.section_count == len(split_sections(page.content)) - 1:
        edit = reverse("wiki:edit", args=[page.group.slug, page.slug])
        html = add_section_edit_links(html, lambda n: f"{edit}?section={n}", _("edit"))
    status = selectors.translation_status(page)
    attachments = page.attachments.prefetch_related("versions__uploaded_by")
    translations = selectors.translations_of(page)
    ctx.update(
        {
            "html": html,
            "translations": translations,
            "translation": status,
            "source_changes": status.changes() if status else None,
            "comments": selectors.comments_tree(page),
            "comment_form": forms.CommentForm(),
            "attachments": attachments,
            "attachment_form": forms.AttachmentForm(),
            "watching": request.user.is_authenticated
            and Watch.objects.filter(user=request.user, page=page).exists(),
            "children": page.children.order_by("title"),
            "handoffs": selectors.handoffs_of(page),
            "handoff_form": forms.HandoffForm(),
            "missing_languages": [
                (code, name)
                for code, name in settings.LANGUAGES
                if code not in {p.language for p in translations}
            ],
        }
    )
    return render(request, "wiki/page.html", ctx)


def _has_markers(text: str) -> bool:
    lines = text.splitlines()
    return (
        any(line.startswith(MARK_MINE) for line in lines)
        and MARK_SEP in lines
        and any(line.startswith(MARK_THEIRS) for line in lines)
    )


@login_required
def page_edit(request, group: str, slug: str):
    page = _page(request, group, slug)
    if not permissions.can_edit_page(request.user, page):
        raise PermissionDenied
    ctx = _page_context(request, page)
    section = request.GET.get("section") or request.POST.get("section") or None
    try:
        section = int(section) if section not in (None, "") else None
    except ValueError as exc:
        raise Http404 from exc
    current = page.current_revision
    if request.method == "POST":
        form = forms.PageEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("resolving") and _has_markers(data["content"]):
                form.add_error(
                    "content", _("Remove the conflict markers (<<<<<<<, =======, >>>>>>>) first.")
                )
            else:
                try:
                    outcome = services.page_save(
                        page=page,
                        base_revision_id=data["base_revision"],
                        content=data["content"],
                        title=data["title"] or None,
                        summary=data["summary"],
                        section=data["section"],
                        author=request.user,
                        mark_translation_current=data["mark_translation_current"],
                    )
                except services.EditConflict as conflict:
                    return _conflict_response(request, page, conflict, ctx)
                except services.StaleBase:
                    form.add_error(None, _("This revision does not belong to the page."))
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    if outcome.status == "merged":
                        messages.success(
                            request,
                            _(
                                "Someone saved revision %(n)s while you were editing: your "
                                "changes were merged with theirs as revision %(m)s."
                            )
                            % {"n": outcome.merged_with.number, "m": outcome.revision.number},
                        )
                    elif outcome.status == "unchanged":
                        messages.info(request, _("Nothing changed: no revision was recorded."))
                    else:
                        messages.success(
                            request, _("Saved as revision %(n)s.") % {"n": outcome.revision.number}
                        )
                    anchor = f"#section-{section}" if section else ""
                    return redirect(page.get_absolute_url() + anchor)
    else:
        try:
            text = (
                section_text(current.content, section) if section is not None else current.content
            )
        except SectionNotFound as exc:
            raise Http404 from exc
        form = forms.PageEditForm(
            initial={
                "base_revision": current.pk,
                "section": section,
                "title": page.title,
                "content": text,
            }
        )
    ctx.update({"form": form, "section": section, "base": current})
    return render(request, "wiki/page_edit.html", ctx)


def _conflict_response(request, page, conflict: services.EditConflict, ctx: dict):
    form = forms.PageEditForm(
        initial={
            "base_revision": conflict.current.pk,
            "title": conflict.mine_title if not conflict.title_conflict else conflict.current.title,
            "content": conflict.merge.text,
            "summary": request.POST.get("summary", ""),
        }
    )
    ctx.update(
        {
            "form": form,
            "conflict": conflict,
            "current": conflict.current,
            "mine": conflict.mine,
            "diff": diff_texts(conflict.current.content, conflict.mine),
            "regions": conflict.merge.conflicts,
        }
    )
    return render(request, "wiki/conflict.html", ctx, status=409)


def history(request, group: str, slug: str):
    page = _page(request, group, slug)
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    total = selectors.revision_count(page)
    revisions = selectors.history_list(
        page, offset=(number - 1) * HISTORY_PAGE_SIZE, limit=HISTORY_PAGE_SIZE
    )
    ctx = _page_context(request, page)
    pages = (total + HISTORY_PAGE_SIZE - 1) // HISTORY_PAGE_SIZE
    ctx.update(
        {
            "revisions": revisions,
            "total": total,
            "page_number": number,
            "page_count": pages,
            "previous_page": number - 1 if number > 1 else None,
            "next_page": number + 1 if number < pages else None,
        }
    )
    return render(request, "wiki/history.html", ctx)


def diff(request, group: str, slug: str):
    page = _page(request, group, slug)
    try:
        to_number = int(request.GET.get("to") or page.current_revision.number)
        from_number = int(request.GET.get("from") or max(1, to_number - 1))
    except ValueError as exc:
        raise Http404 from exc
    old = selectors.revision_get(page, from_number)
    new = selectors.revision_get(page, to_number)
    mode = "side" if request.GET.get("mode") == "side" else "inline"
    ctx = _page_context(request, page)
    ctx.update({"old": old, "new": new, "mode": mode, "diff": selectors.diff_revisions(old, new)})
    return render(request, "wiki/diff.html", ctx)


def revision_detail(request, group: str, slug: str, number: int):
    page = _page(request, group, slug)
    revision = selectors.revision_get(page, number)
    ctx = _page_context(request, page)
    html = without_title_heading(selectors.page_render(page, revision.content).html, page.title)
    ctx.update({"revision": revision, "html": html})
    return render(request, "wiki/revision.html", ctx)


@login_required
@require_POST
def revert(request, group: str, slug: str, number: int):
    page = _page(request, group, slug)
    if not permissions.can_edit_page(request.user, page):
        raise PermissionDenied
    revision = selectors.revision_get(page, number)
    try:
        outcome = services.page_revert(
            page=page,
            revision=revision,
            author=request.user,
            base_revision_id=int(request.POST.get("base_revision") or page.current_revision_id),
        )
    except services.EditConflict as conflict:
        return _conflict_response(request, page, conflict, _page_context(request, page))
    if outcome.status == "unchanged":
        messages.info(request, _("The page already reads like that revision."))
    else:
        messages.success(
            request,
            _("Revision %(old)s is back, as revision %(new)s.")
            % {"old": number, "new": outcome.revision.number},
        )
    return redirect(page.get_absolute_url())


def blame(request, group: str, slug: str):
    page = _page(request, group, slug)
    ctx = _page_context(request, page)
    ctx["blame"] = selectors.blame(page)
    return render(request, "wiki/blame.html", ctx)


# --- Comments, attachments, watches, translations, hand-off -----------------------------


@login_required
@require_POST
def comment_add(request, group: str, slug: str):
    page = _page(request, group, slug)
    if not permissions.can_comment(request.user, page):
        raise PermissionDenied
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = WikiComment.objects.filter(page=page, pk=form.cleaned_data["parent"]).first()
        try:
            comment = services.comment_create(
                page=page, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect(page.get_absolute_url() + f"#comment-{comment.pk}")
    else:
        messages.error(request, _("A comment cannot be empty."))
    return redirect(page.get_absolute_url() + "#comments")


@login_required
@require_POST
def attachment_upload(request, group: str, slug: str):
    page = _page(request, group, slug)
    if not permissions.can_edit_page(request.user, page):
        raise PermissionDenied
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.attachment_upload(
                page=page,
                uploaded_file=form.cleaned_data["file"],
                user=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s uploaded (version %(n)s).")
                % {"name": version.attachment.name, "n": version.number},
            )
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect(page.get_absolute_url() + "#attachments")


def attachment_download(request, group: str, slug: str, pk: int, number: int | None = None):
    version = selectors.attachment_version_get(_page(request, group, slug), pk, number)
    if version is None:
        raise Http404
    return attachment_response(version)


@login_required
@require_POST
def page_watch(request, group: str, slug: str):
    page = _page(request, group, slug)
    services.watch_set(user=request.user, page=page, on=request.POST.get("on") == "1")
    return redirect(page.get_absolute_url())


@login_required
def translate(request, group: str, slug: str):
    page = _page(request, group, slug)
    if not permissions.can_edit_page(request.user, page):
        raise PermissionDenied
    source = page.source_page
    form = forms.TranslationCreateForm(
        request.POST or None, initial={"language": request.GET.get("language", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            parent = None
            if source.parent_id:
                parent = WikiPage.objects.filter(
                    translation_of=source.parent, language=form.cleaned_data["language"]
                ).first() or (
                    source.parent
                    if source.parent.language == form.cleaned_data["language"]
                    else None
                )
            translation = services.page_create(
                group=page.group,
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
                content=source.content,
                parent=parent,
                author=request.user,
                translation_of=source,
                summary=_("Translation started from revision %(n)s of “%(title)s”")
                % {"n": source.current_revision.number, "title": source.title},
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The translation is created: translate the text now."))
            return redirect("wiki:edit", translation.group.slug, translation.slug)
    ctx = _page_context(request, page)
    ctx.update({"form": form, "source": source})
    return render(request, "wiki/translate.html", ctx)


@login_required
@require_POST
def translation_current(request, group: str, slug: str):
    page = _page(request, group, slug)
    try:
        revision_id = int(request.POST.get("source_revision") or 0) or None
        services.translation_mark_current(
            page=page, user=request.user, source_revision_id=revision_id
        )
    except (ValueError, ValidationError) as exc:
        raise Http404 from exc
    messages.success(request, _("The translation is marked up to date."))
    return redirect(page.get_absolute_url())


@login_required
@require_POST
def approve(request, group: str, slug: str):
    page = _page(request, group, slug)
    services.page_approve(page=page, user=request.user)
    messages.success(
        request, _("Revision %(n)s is approved.") % {"n": page.current_revision.number}
    )
    return redirect(page.get_absolute_url())


@login_required
@require_POST
def submit(request, group: str, slug: str):
    page = _page(request, group, slug)
    if not permissions.can_coordinate(request.user, page.group):
        raise PermissionDenied
    form = forms.HandoffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of toolbox item."))
        return redirect(page.get_absolute_url())
    try:
        handoff = services.handoff_submit(
            page=page, user=request.user, item_type=form.cleaned_data["item_type"]
        )
    except (ValidationError, services.HandoffUnavailable) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("Revision %(n)s is submitted to the editorial team as a %(type)s.")
            % {"n": handoff.revision.number, "type": Handoff.ItemType(handoff.item_type).label},
        )
    return redirect(page.get_absolute_url())


def method_not_allowed(request, *args, **kwargs):  # pragma: no cover - safety net
    return HttpResponseNotAllowed(["POST"])
