"""Who hears about what, and the e-mails they get (in their own language).

The rule that matters: a notification is only created for, and only e-mailed to, someone who may
see the page at that moment; access is checked again when the e-mail is sent, since a person
may have left the group in between.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.public_urls import public_base_url

from . import permissions
from .models import (
    Handoff,
    Notification,
    Role,
    Watch,
    WikiComment,
    WikiPage,
    WikiProfile,
    WikiRevision,
)

UNSUBSCRIBE_SALT = "wiki.unsubscribe"


def _watchers(page: WikiPage) -> set[int]:
    return set(Watch.objects.filter(page=page).values_list("user_id", flat=True)) | set(
        Watch.objects.filter(group_id=page.group_id).values_list("user_id", flat=True)
    )


def _allowed(user_ids, page: WikiPage, exclude=None) -> list:
    users = get_user_model().objects.filter(pk__in=set(user_ids) - {exclude}, is_active=True)
    return [u for u in users if permissions.can_view_page(u, page)]


def _create(recipients, **fields) -> list[Notification]:
    with transaction.atomic():
        return [Notification.objects.create(recipient=u, **fields) for u in recipients]


def for_revision(revision: WikiRevision) -> list[Notification]:
    page = revision.page
    created = _create(
        _allowed(_watchers(page), page, exclude=revision.author_id),
        kind=Notification.Kind.EDIT,
        page=page,
        revision=revision,
        actor=revision.author,
    )
    notified = {n.recipient_id for n in created} | {revision.author_id}
    for translation_page in WikiPage.objects.filter(translation_of=page).select_related("group"):
        created += _create(
            _allowed(
                _watchers(translation_page) - notified, translation_page, exclude=revision.author_id
            ),
            kind=Notification.Kind.SOURCE_CHANGED,
            page=translation_page,
            revision=revision,
            actor=revision.author,
        )
    return created


def for_comment(comment: WikiComment) -> list[Notification]:
    page = comment.page
    mentioned = set(comment.mentions.values_list("pk", flat=True))
    created = _create(
        _allowed(mentioned, page, exclude=comment.author_id),
        kind=Notification.Kind.MENTION,
        page=page,
        comment=comment,
        actor=comment.author,
    )
    others = _watchers(page) - mentioned
    if comment.parent_id and comment.parent.author_id:
        others.add(comment.parent.author_id)
    created += _create(
        _allowed(others, page, exclude=comment.author_id),
        kind=Notification.Kind.COMMENT,
        page=page,
        comment=comment,
        actor=comment.author,
    )
    return created


def for_handoff(handoff: Handoff) -> list[Notification]:
    page = handoff.page
    coordinators = set(
        page.group.memberships.filter(role=Role.COORDINATOR).values_list("user_id", flat=True)
    )
    return _create(
        _allowed(_watchers(page) | coordinators, page, exclude=handoff.submitted_by_id),
        kind=Notification.Kind.HANDOFF,
        page=page,
        revision=handoff.revision,
        actor=handoff.submitted_by,
    )


# --- Wording and links ----------------------------------------------------------------


def describe(notification: Notification) -> str:
    """One sentence, in the active language."""
    actor = notification.actor.get_username() if notification.actor else _("Someone")
    values = {"actor": actor, "page": notification.page.title}
    Kind = Notification.Kind
    if notification.kind == Kind.EDIT:
        if notification.revision and notification.revision.kind == WikiRevision.Kind.CREATE:
            return _("%(actor)s created “%(page)s”") % values
        if notification.revision and notification.revision.kind == WikiRevision.Kind.MERGED:
            return _("%(actor)s edited “%(page)s” (merged with a concurrent edit)") % values
        return _("%(actor)s edited “%(page)s”") % values
    if notification.kind == Kind.COMMENT:
        return _("%(actor)s commented on “%(page)s”") % values
    if notification.kind == Kind.MENTION:
        return _("%(actor)s mentioned you on “%(page)s”") % values
    if notification.kind == Kind.SOURCE_CHANGED:
        return _("The source of your translation “%(page)s” changed") % values
    if notification.kind == Kind.HANDOFF:
        return _("%(actor)s submitted “%(page)s” to the editorial team") % values
    return values["page"]


def absolute(path: str) -> str:
    return public_base_url() + path


def target_url(notification: Notification) -> str:
    page = notification.page
    if notification.kind == Notification.Kind.EDIT and notification.revision_id:
        number = notification.revision.number
        if number > 1:
            return (
                reverse("wiki:diff", args=[page.group.slug, page.slug])
                + f"?from={number - 1}&to={number}"
            )
    if notification.comment_id:
        return (
            reverse("wiki:page", args=[page.group.slug, page.slug])
            + f"#comment-{notification.comment_id}"
        )
    return reverse("wiki:page", args=[page.group.slug, page.slug])


def unsubscribe_token(user, watch: Watch | None = None) -> str:
    return signing.dumps({"u": user.pk, "w": watch.pk if watch else None}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict:
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user, watch: Watch | None = None) -> str:
    return absolute(reverse("wiki:unsubscribe", args=[unsubscribe_token(user, watch)]))


def _profile(user) -> WikiProfile:
    return WikiProfile.objects.get_or_create(user=user)[0]


def _send(user, subject: str, body: str, unsubscribe: str) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


def deliver(notification: Notification) -> bool:
    """E-mail one notification now, if its recipient still may see the page and wants it."""
    user = notification.recipient
    profile = _profile(user)
    if (
        notification.emailed_at is not None
        or not user.email
        or not user.is_active
        or profile.delivery != WikiProfile.Delivery.INSTANT
        or not permissions.can_view_page(user, notification.page)
    ):
        return False
    with translation.override(profile.language):
        sentence = describe(notification)
        body = render_to_string(
            "wiki/email/notification.txt",
            {
                "user": user,
                "sentence": sentence,
                "notification": notification,
                "url": absolute(target_url(notification)),
                "unsubscribe_all": unsubscribe_url(user),
                "preferences": absolute(reverse("wiki:preferences")),
            },
        )
        subject = "[CyberSudoe wiki] " + sentence
    _send(user, subject, body, unsubscribe_url(user))
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def deliver_digest(user) -> int:
    """E-mail the day's notifications to a daily-digest reader; returns how many it held."""
    profile = _profile(user)
    if profile.delivery != WikiProfile.Delivery.DAILY or not user.email or not user.is_active:
        return 0
    pending = list(
        Notification.objects.filter(recipient=user, emailed_at__isnull=True)
        .select_related("page", "page__group", "actor", "revision")
        .order_by("created_at")
    )
    visible = [n for n in pending if permissions.can_view_page(user, n.page)]
    if not visible:
        return 0
    with translation.override(profile.language):
        items = [(describe(n), absolute(target_url(n))) for n in visible]
        body = render_to_string(
            "wiki/email/digest.txt",
            {
                "user": user,
                "items": items,
                "unsubscribe_all": unsubscribe_url(user),
                "preferences": absolute(reverse("wiki:preferences")),
            },
        )
        subject = "[CyberSudoe wiki] " + ngettext(
            "Your daily digest: %(n)s update", "Your daily digest: %(n)s updates", len(items)
        ) % {"n": len(items)}
    _send(user, subject, body, unsubscribe_url(user))
    Notification.objects.filter(pk__in=[n.pk for n in visible]).update(emailed_at=timezone.now())
    return len(visible)
