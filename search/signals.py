"""Signal handlers: every change that can alter what visitors find records its group.

Connected in ``SearchConfig.ready()``. Handlers only record (outbox, same transaction) and
leave the work to ``search.tasks`` once the transaction commits.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .services import group_of, search_changes_record
from .sources import registry, source_for_instance

logger = logging.getLogger(__name__)


def _groups_in_subtree(page) -> list[str]:
    labels = {label.split(".")[1] for label in registry()}
    descendants = Page.objects.descendant_of(page, inclusive=True).select_related("content_type")
    groups = []
    for item in descendants.filter(content_type__model__in=labels):
        groups.append(group_of(item.specific))
    return [g for g in groups if g]


def on_page_published(sender, instance, **kwargs):
    search_changes_record(groups=[group_of(instance)])


def on_page_unpublished(sender, instance, **kwargs):
    search_changes_record(groups=[group_of(instance)])


def on_page_moved(sender, instance, **kwargs):
    # the URL of the page and of everything below it changed; so may its privacy
    search_changes_record(groups=_groups_in_subtree(instance))


def on_deleted(sender, instance, **kwargs):
    if source_for_instance(instance) is not None and type(instance) is sender:
        search_changes_record(groups=[group_of(instance)])


def on_snippet_saved(sender, instance, raw=False, **kwargs):
    if not raw and source_for_instance(instance) is not None:
        search_changes_record(groups=[group_of(instance)])


def on_view_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        page = instance.page
    except Page.DoesNotExist:
        return
    search_changes_record(groups=_groups_in_subtree(page))


def on_document_saved(sender, instance, raw=False, **kwargs):
    """A replaced or renamed PDF changes the text of the items that offer it."""
    if raw:
        return
    from wagtail.models import ReferenceIndex

    groups = []
    for reference in ReferenceIndex.get_references_to(instance).select_related("content_type"):
        obj = reference.content_type.get_object_for_this_type(pk=reference.object_id)
        groups.append(group_of(getattr(obj, "specific", obj)))
    search_changes_record(groups=groups)


def on_collection_restriction_changed(sender, instance, raw=False, **kwargs):
    """Documents of a collection made private (or public again): the items offering them."""
    if raw:
        return
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    try:
        collection = instance.collection
    except Collection.DoesNotExist:
        return
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    for document in get_document_model().objects.filter(collection__in=collections):
        on_document_saved(sender, document)


def on_wiki_page_deleting(sender, instance, **kwargs):
    """The translations of a deleted source page become pages of their own (SET_NULL)."""
    pks = sender.objects.filter(translation_of=instance).values_list("pk", flat=True)
    search_changes_record(groups=[f"{sender._meta.label_lower}:{pk}" for pk in pks])


def on_wiki_attachment_changed(sender, instance, raw=False, **kwargs):
    """A file attached to a wiki page (a new version, or removed): the page's text changed."""
    if raw:
        return
    attachment = getattr(instance, "attachment", instance)
    try:
        page = attachment.page
    except ObjectDoesNotExist:
        return
    search_changes_record(groups=[group_of(page)])


def on_wiki_group_saved(sender, instance, raw=False, **kwargs):
    """A group renamed, re-themed or made public/partners/group-only: refresh its pages.

    (Who may read the pages is decided at query time from the group's id, so visibility and
    membership changes take effect at once; the rebuild keeps the group name and theme right.)
    """
    if raw:
        return
    from wiki.models import WikiPage

    from .sources import wiki_groups_changed

    wiki_groups_changed()  # anonymous visitors' cached audiences

    roots = WikiPage.objects.filter(group=instance).values_list("translation_of_id", "pk")
    search_changes_record(
        groups=[f"{WikiPage._meta.label_lower}:{root or pk}" for root, pk in roots]
    )


def on_wiki_group_deleted(sender, **kwargs):
    from .sources import wiki_groups_changed

    wiki_groups_changed()


def on_promotions_changed(sender, **kwargs):
    from .query import promotions_changed

    promotions_changed()


def on_thesaurus_changed(sender, **kwargs):
    from . import thesaurus

    thesaurus.bump_version()


def connect() -> None:
    from wagtail.documents import get_document_model

    from .models import ThesaurusConcept

    post_save.connect(
        on_thesaurus_changed, sender=ThesaurusConcept, dispatch_uid="search-thesaurus-saved"
    )
    post_delete.connect(
        on_thesaurus_changed, sender=ThesaurusConcept, dispatch_uid="search-thesaurus-deleted"
    )

    page_published.connect(on_page_published, dispatch_uid="search-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search-moved")
    post_save.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search-restriction-saved",
    )
    post_delete.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search-restriction-deleted",
    )
    post_save.connect(
        on_document_saved, sender=get_document_model(), dispatch_uid="search-document-saved"
    )
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"search-collection-restriction-{name}",
        )
    try:
        from wiki.models import WikiPage, WorkingGroup
    except ImportError:
        WikiPage = None
    if WikiPage is not None:
        pre_delete.connect(
            on_wiki_page_deleting, sender=WikiPage, dispatch_uid="search-wiki-page-deleting"
        )
        from wiki.models import AttachmentVersion, WikiAttachment

        post_save.connect(
            on_wiki_attachment_changed,
            sender=AttachmentVersion,
            dispatch_uid="search-wiki-attachment-saved",
        )
        post_delete.connect(
            on_wiki_attachment_changed,
            sender=WikiAttachment,
            dispatch_uid="search-wiki-attachment-deleted",
        )
        post_save.connect(
            on_wiki_group_saved, sender=WorkingGroup, dispatch_uid="search-wiki-group-saved"
        )
        post_delete.connect(
            on_wiki_group_deleted, sender=WorkingGroup, dispatch_uid="search-wiki-group-deleted"
        )
    try:
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    except ImportError:
        SearchPromotion = None
    if SearchPromotion is not None:
        for model in (SearchPromotion, Query):
            post_save.connect(
                on_promotions_changed, sender=model, dispatch_uid=f"search-picks-saved-{model}"
            )
            post_delete.connect(
                on_promotions_changed, sender=model, dispatch_uid=f"search-picks-deleted-{model}"
            )
    for source in registry().values():
        post_delete.connect(
            on_deleted, sender=source.model, dispatch_uid=f"search-deleted-{source.label}"
        )
        if not issubclass(source.model, Page):
            post_save.connect(
                on_snippet_saved, sender=source.model, dispatch_uid=f"search-saved-{source.label}"
            )
