"""The partner wiki: working groups co-writing multilingual drafts before they reach the toolbox.

People are Django users; a :class:`WikiProfile` ties a user to the partner organisation
(``toolbox.Partner``) they work for and keeps their language and notification preferences.
Working groups (one per theme or topic) hold pages; every change of a page is a full
:class:`WikiRevision` that names the revision it started from, so that no update is ever lost
(see ``wiki.services.page_save``).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from toolbox.models import ThemePage

LANGUAGE_CHOICES = settings.LANGUAGES


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class Visibility(models.TextChoices):
    GROUP = "group", _("Group members only")
    PARTNERS = "partners", _("All partners")
    PUBLIC = "public", _("Public")


class WikiProfile(models.Model):
    """A person of the network: the partner organisation a user works for, and preferences.

    Only users with a profile linked to a partner count as "partners" for the wiki's
    "all partners" visibility; the language chosen here is used for every notification.
    """

    class Delivery(models.TextChoices):
        INSTANT = "instant", _("Instantly")
        DAILY = "daily", _("Daily digest")
        OFF = "off", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="wiki_profile",
    )
    partner = models.ForeignKey(
        "toolbox.Partner",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wiki_profiles",
        help_text=_("The organisation this person works for. Required to see partner pages."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Language of the notifications this person receives."),
    )
    delivery = models.CharField(
        _("notifications"),
        max_length=8,
        choices=Delivery.choices,
        default=Delivery.INSTANT,
        help_text=_("Send an email for each notification, once a day, or never."),
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("partner"),
        FieldPanel("language"),
        FieldPanel("delivery"),
    ]

    class Meta:
        verbose_name = _("wiki profile")
        verbose_name_plural = _("wiki profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_partner(self) -> bool:
        return self.partner_id is not None


class WorkingGroup(ClusterableModel):
    """A thematic working group: a few partners co-writing drafts about one theme."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in the group's address.")
    )
    theme_key = models.SlugField(
        _("theme"),
        max_length=80,
        help_text=_("Key of the toolbox theme this group works on (e.g. 'security')."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the group is preparing, in a few lines.")
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.GROUP,
        help_text=_(
            "Who may read the group's pages, comments, history and attachments. "
            "Only members may edit."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("theme_key"),
        FieldPanel("description"),
        FieldPanel("visibility"),
        InlinePanel("memberships", label=_("Members")),
    ]

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.theme_key and not ThemePage.objects.filter(key=self.theme_key).exists():
            raise ValidationError({"theme_key": _("No toolbox theme has this key.")})

    @cached_property
    def theme(self):
        """The toolbox theme in the active language, if any."""
        themes = ThemePage.objects.filter(key=self.theme_key).select_related("locale")
        by_language = {t.locale.language_code: t for t in themes}
        return by_language.get(get_language()) or next(iter(by_language.values()), None)


class Membership(models.Model):
    """A person's role in a working group."""

    group = ParentalKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="wiki_memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Role.choices,
        default=Role.MEMBER,
        help_text=_(
            "Coordinators approve and submit pages; members edit; observers read and comment."
        ),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    panels = [FieldPanel("user"), FieldPanel("role")]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="wiki_unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) · {self.group}"


class WikiPage(models.Model):
    """A page of a working group, in one language, possibly the translation of another page.

    The page row holds the current text (a copy of its current revision) so that reading and
    indexing need no join; ``current_revision`` is the value every save is checked against.
    The project's search indexes pages through ``wiki.indexing``.
    """

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="pages"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, allow_unicode=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    content = models.TextField(_("content"), blank=True)
    current_revision = models.ForeignKey(
        "WikiRevision",
        verbose_name=_("current revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("The source page this page translates."),
    )
    source_revision = models.ForeignKey(
        "WikiRevision",
        verbose_name=_("source revision followed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The revision of the source page this translation was last brought up to."),
    )
    approved_revision = models.ForeignKey(
        "WikiRevision",
        verbose_name=_("approved revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="wiki_unique_page_slug"),
            models.UniqueConstraint(
                fields=["group", "language", "title"], name="wiki_unique_page_title"
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="wiki_unique_translation_language",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("wiki:page", args=[self.group.slug, self.slug])

    @property
    def source_page(self) -> WikiPage:
        """The page every translation of this page follows (itself when it is a source)."""
        return self.translation_of or self

    def ancestors(self) -> list[WikiPage]:
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))


class WikiRevision(models.Model):
    """One full version of a page: the text, who wrote it, and the revision it started from."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Created")
        EDIT = "edit", _("Edited")
        MERGED = "merged", _("Merged with a concurrent edit")
        REVERT = "revert", _("Reverted")

    page = models.ForeignKey(
        WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.EDIT)
    base_revision = models.ForeignKey(
        "self",
        verbose_name=_("base revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The revision the author started from."),
    )
    previous_revision = models.ForeignKey(
        "self",
        verbose_name=_("previous revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page's current revision when this one was saved."),
    )
    reverted_to = models.ForeignKey(
        "self",
        verbose_name=_("reverted to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="wiki_unique_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} #{self.number}"

    @property
    def is_merged(self) -> bool:
        return self.kind == self.Kind.MERGED


class WikiComment(models.Model):
    """A comment on a page, possibly a reply; ``@username`` mentions notify those people."""

    page = models.ForeignKey(
        WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentions"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} on {self.page_id}"


def _private_storage_location() -> Path:
    media = Path(settings.MEDIA_ROOT)
    configured = getattr(settings, "WIKI_ATTACHMENTS_ROOT", "")
    return Path(configured or media.with_name(media.name + "-private"))


def private_storage() -> FileSystemStorage:
    """Attachments live beside MEDIA_ROOT (never under it) and have no URL: they are only
    served by the wiki's download view, which checks that the reader may see the page."""
    return FileSystemStorage(location=_private_storage_location(), base_url=None)


def attachment_upload_to(instance: AttachmentVersion, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:16]
    return f"wiki/{instance.attachment.page_id}/{uuid.uuid4().hex}{suffix}"


class WikiAttachment(models.Model):
    """A file attached to a page under a stable name; uploading the same name adds a version."""

    page = models.ForeignKey(
        WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(_("file name"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["page", "name"], name="wiki_unique_attachment_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def latest(self) -> AttachmentVersion | None:
        return self.versions.order_by("-number").first()


class AttachmentVersion(models.Model):
    """One uploaded version of an attachment."""

    attachment = models.ForeignKey(
        WikiAttachment,
        verbose_name=_("attachment"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=attachment_upload_to, storage=private_storage)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment version")
        verbose_name_plural = _("attachment versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["attachment", "number"], name="wiki_unique_attachment_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attachment} v{self.number}"

    @staticmethod
    def digest(chunks) -> str:
        h = hashlib.sha256()
        for chunk in chunks:
            h.update(chunk)
        return h.hexdigest()


class Watch(models.Model):
    """A person follows a page or a whole group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="wiki_watches",
    )
    page = models.ForeignKey(
        WikiPage,
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watches",
    )
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="watches",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        constraints = [
            models.CheckConstraint(
                condition=(Q(page__isnull=False, group__isnull=True))
                | (Q(page__isnull=True, group__isnull=False)),
                name="wiki_watch_page_xor_group",
            ),
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=Q(page__isnull=False),
                name="wiki_unique_page_watch",
            ),
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(group__isnull=False),
                name="wiki_unique_group_watch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.page or self.group}"


class Notification(models.Model):
    """Something a person should hear about; emailed instantly or in the daily digest."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Page edited")
        COMMENT = "comment", _("New comment")
        MENTION = "mention", _("Mentioned")
        SOURCE_CHANGED = "source", _("Source of a translation changed")
        HANDOFF = "handoff", _("Submitted to the editorial team")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="wiki_notifications",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    page = models.ForeignKey(
        WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="notifications"
    )
    revision = models.ForeignKey(
        WikiRevision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        WikiComment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "emailed_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


class Handoff(models.Model):
    """A page revision submitted by a coordinator to the editorial team as a toolbox draft."""

    class ItemType(models.TextChoices):
        GUIDE = "guide", _("Guide")
        BEST_PRACTICE = "best_practice", _("Best practice")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    page = models.ForeignKey(
        WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="handoffs"
    )
    revision = models.ForeignKey(
        WikiRevision, verbose_name=_("revision"), on_delete=models.PROTECT, related_name="+"
    )
    item_type = models.CharField(_("toolbox item"), max_length=16, choices=ItemType.choices)
    toolbox_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("toolbox draft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.page} #{self.revision.number} → {self.get_item_type_display()}"
