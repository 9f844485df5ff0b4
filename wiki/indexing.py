"""What the wiki tells an indexer (the project's search) about its pages, and when.

The search app sits above the wiki and reads wiki pages through this module only, never
through the wiki's models or selectors, so that the wiki can change its tables and its rules
without the search noticing. Everything here is plain data.

Reads:

* :func:`document_keys`: the key of every indexable document. A *document* is a source page
  together with its translations; its key is the id of the source page.
* :func:`document`: what to index of one document (:class:`IndexableDocument`): each language
  version's title, text, address and attached files, and the working group the pages belong to.
* :func:`readable_group_ids`: the groups whose pages a person may read (the rule of
  ``wiki.selectors.pages_visible_to``). A document is readable by exactly the readers of its
  group, so an indexer stores the group's id with the document and filters on it at query time.

Signals, sent inside the transaction of the change (a receiver can record it atomically), with
the wiki model behind the change as ``sender``:

* :data:`documents_changed` (``keys``: list of document keys): these documents must be built
  again. A page created, edited or deleted; an attachment uploaded (a new version) or removed;
  the group renamed, re-themed or its visibility changed (every document of the group). When a
  source page is deleted its translations become documents of their own: their keys are sent
  too, and the deleted page's key then has no document any more.
* :data:`group_access_changed` (``group_id``): who may read a group's pages changed (its
  visibility, a membership added, changed or removed, the group deleted). An indexer that
  keeps :func:`readable_group_ids` answers must drop them.

The model signals behind these are connected by ``WikiConfig.ready()`` (:func:`connect`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import Signal
from django.utils import translation

from . import selectors
from .models import (
    AttachmentVersion,
    Membership,
    Visibility,
    WikiAttachment,
    WikiPage,
    WorkingGroup,
)

documents_changed = Signal()
group_access_changed = Signal()


@dataclass(frozen=True)
class IndexableFile:
    """The latest version of a file attached to a page (text to extract, if it has some)."""

    name: str  # the attachment's name, as readers see it
    file: FieldFile  # the stored file, to open for reading
    digest: str  # SHA-256 of the content: same digest, same text
    label: str  # names the file in log messages ("wiki attachment 12 v3")


@dataclass(frozen=True)
class IndexablePage:
    """One language version of a document."""

    pk: int
    language: str
    title: str
    text: str  # the page's wiki markup
    url: str  # the page's address in its own language
    created_at: dt.datetime
    files: tuple[IndexableFile, ...]


@dataclass(frozen=True)
class IndexableGroup:
    """The working group of a document: its readers are the group's readers."""

    pk: int
    name: str
    theme_key: str  # key of the toolbox theme the group works on ("" if none)
    public: bool  # readable by everyone, signed in or not


@dataclass(frozen=True)
class IndexableDocument:
    """A source page and its translations, by id (so the source page first: a translation is
    always made after its source)."""

    key: int
    group: IndexableGroup
    pages: tuple[IndexablePage, ...]


def document_keys() -> Iterable[int]:
    """The key (source page id) of every document."""
    return WikiPage.objects.filter(translation_of__isnull=True).values_list("pk", flat=True)


def document(key: int) -> IndexableDocument | None:
    """What to index of the document ``key``, or None when it has no page any more."""
    pages = list(
        WikiPage.objects.filter(Q(pk=key) | Q(translation_of_id=key))
        .select_related("group")
        .prefetch_related("attachments")
        .order_by("pk")
    )
    if not pages:
        return None
    group = pages[0].group
    return IndexableDocument(
        key=key,
        group=IndexableGroup(
            pk=group.pk,
            name=group.name,
            theme_key=group.theme_key or "",
            public=group.visibility == Visibility.PUBLIC,
        ),
        pages=tuple(_indexable_page(page) for page in pages),
    )


def _indexable_page(page: WikiPage) -> IndexablePage:
    with translation.override(page.language):
        url = page.get_absolute_url()
    files = []
    for attachment in page.attachments.all():
        version = attachment.latest
        if version is not None:
            files.append(
                IndexableFile(
                    name=attachment.name,
                    file=version.file,
                    digest=version.sha256,
                    label=f"wiki attachment {attachment.pk} v{version.number}",
                )
            )
    return IndexablePage(
        pk=page.pk,
        language=page.language,
        title=page.title,
        text=page.content,
        url=url,
        created_at=page.created_at,
        files=tuple(files),
    )


def readable_group_ids(user) -> list[int]:
    """Ids of the groups whose pages ``user`` may read (None or anonymous: public groups)."""
    return selectors.visible_group_ids(user)


def _document_key(page: WikiPage) -> int:
    """The key of the document ``page`` belongs to."""
    return page.translation_of_id or page.pk


# --- From model signals to the wiki's own ----------------------------------------------


def _documents_changed(sender, keys: Iterable[int]) -> None:
    keys = sorted({key for key in keys if key})
    if keys:
        documents_changed.send(sender=sender, keys=keys)


def _on_page_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _documents_changed(sender, [_document_key(instance)])


def _on_page_deleting(sender, instance, **kwargs):
    # before the translations of a source page lose their link to it (SET_NULL)
    translations = WikiPage.objects.filter(translation_of=instance).values_list("pk", flat=True)
    _documents_changed(sender, list(translations))


def _on_page_deleted(sender, instance, **kwargs):
    _documents_changed(sender, [_document_key(instance)])


def _on_attachment_changed(sender, instance, raw=False, **kwargs):
    """A new version of a file, or a file removed: the text of its page changed."""
    if raw:
        return
    attachment = getattr(instance, "attachment", instance)
    try:
        page = attachment.page
    except ObjectDoesNotExist:  # deleted with its page
        return
    _documents_changed(sender, [_document_key(page)])


def _on_group_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    group_access_changed.send(sender=sender, group_id=instance.pk)
    pages = WikiPage.objects.filter(group=instance).values_list("translation_of_id", "pk")
    _documents_changed(sender, [root or pk for root, pk in pages])


def _on_group_deleted(sender, instance, **kwargs):
    group_access_changed.send(sender=sender, group_id=instance.pk)


def _on_membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        group_access_changed.send(sender=sender, group_id=instance.group_id)


def connect() -> None:
    """Connect the model signals behind :data:`documents_changed` and :data:`group_access_changed`."""
    post_save.connect(_on_page_saved, sender=WikiPage, dispatch_uid="wiki-indexing-page-saved")
    pre_delete.connect(
        _on_page_deleting, sender=WikiPage, dispatch_uid="wiki-indexing-page-deleting"
    )
    post_delete.connect(
        _on_page_deleted, sender=WikiPage, dispatch_uid="wiki-indexing-page-deleted"
    )
    post_save.connect(
        _on_attachment_changed,
        sender=AttachmentVersion,
        dispatch_uid="wiki-indexing-attachment-saved",
    )
    post_delete.connect(
        _on_attachment_changed,
        sender=WikiAttachment,
        dispatch_uid="wiki-indexing-attachment-deleted",
    )
    post_save.connect(
        _on_group_saved, sender=WorkingGroup, dispatch_uid="wiki-indexing-group-saved"
    )
    post_delete.connect(
        _on_group_deleted, sender=WorkingGroup, dispatch_uid="wiki-indexing-group-deleted"
    )
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _on_membership_changed,
            sender=Membership,
            dispatch_uid=f"wiki-indexing-membership-{name}",
        )
