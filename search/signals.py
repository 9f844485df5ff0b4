"""Signal handlers: every change that can alter what visitors find records its group.

Connected in ``SearchConfig.ready()``. Handlers only record (outbox, same transaction) and
leave the work to ``search.tasks`` once the transaction commits. Wiki pages are followed
through the wiki's own signals (``wiki.indexing``), not through its models.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from wiki import indexing as wiki_indexing

from . import thesaurus
from .models import ThesaurusConcept
from .outbox import search_changes_record
from .query import promotions_changed
from .services import group_of
from .sources import model_sources, source_for_instance, wiki_groups_changed, wiki_source

logger = logging.getLogger(__name__)


def _groups_in_subtree(page) -> list[str]:
    labels = {label.split(".")[1] for label in model_sources()}
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
    groups = []
    for reference in ReferenceIndex.get_references_to(instance).select_related("content_type"):
        obj = reference.content_type.get_object_for_this_type(pk=reference.object_id)
        groups.append(group_of(getattr(obj, "specific", obj)))
    search_changes_record(groups=groups)


def on_collection_restriction_changed(sender, instance, raw=False, **kwargs):
    """Documents of a collection made private (or public again): the items offering them."""
    if raw:
        return
    try:
        collection = instance.collection
    except Collection.DoesNotExist:
        return
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    for document in get_document_model().objects.filter(collection__in=collections):
        on_document_saved(sender, document)


def on_wiki_documents_changed(sender, keys, **kwargs):
    """Wiki documents (a page and its translations) to build again: ``wiki.indexing``."""
    source = wiki_source()
    search_changes_record(groups=[source.group_of_key(key) for key in keys])


def on_wiki_group_access_changed(sender, group_id, **kwargs):
    """Who may read a working group changed: anonymous visitors' cached audiences go.

    (Readers' access is decided at query time from the group's id, so visibility and
    membership changes take effect at once; the group's documents, which show its name and
    theme, come through :func:`on_wiki_documents_changed`.)
    """
    wiki_groups_changed()


def on_promotions_changed(sender, **kwargs):
    promotions_changed()


def on_thesaurus_changed(sender, **kwargs):
    thesaurus.bump_version()


def connect() -> None:
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
    wiki_indexing.documents_changed.connect(
        on_wiki_documents_changed, dispatch_uid="search-wiki-documents-changed"
    )
    wiki_indexing.group_access_changed.connect(
        on_wiki_group_access_changed, dispatch_uid="search-wiki-group-access-changed"
    )
    for model in (SearchPromotion, Query):
        post_save.connect(
            on_promotions_changed, sender=model, dispatch_uid=f"search-picks-saved-{model}"
        )
        post_delete.connect(
            on_promotions_changed, sender=model, dispatch_uid=f"search-picks-deleted-{model}"
        )
    for source in model_sources().values():
        post_delete.connect(
            on_deleted, sender=source.model, dispatch_uid=f"search-deleted-{source.label}"
        )
        if not issubclass(source.model, Page):
            post_save.connect(
                on_snippet_saved, sender=source.model, dispatch_uid=f"search-saved-{source.label}"
            )
