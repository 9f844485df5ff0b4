"""What gets indexed, and how an item becomes a :class:`~search.models.SearchDocument`.

A *source* adapts one kind of content (a toolbox page type, themes, partners, wiki pages) to
the search document: its kind, which translations are visible to visitors, and the text, facets
and dates of each translation. Content models stay unaware of search; registering a source is
all it takes to make a new type searchable.

Visibility is decided here and only here: a page translation is indexed when it is live and
public (no view restriction on it or an ancestor); wiki pages carry their audience. The wiki is
read through its indexing interface only (``wiki.indexing``: the documents as plain data, the
groups a person may read), never through its models.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.models import Collection, ReferenceIndex
from wagtail_localize.models import TranslationSource

from toolbox.models import ThemePage
from wiki import indexing as wiki_indexing

from . import versions
from .analysis import LANGUAGES
from .models import PUBLIC_AUDIENCE
from .pdf import document_text, pdf_text

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
MAX_BODY_CHARS = 60_000
MAX_ATTACHMENT_CHARS = 60_000


def plain_text(value: Any) -> str:
    """Text of a rich-text string, a StreamField value or a plain value, without markup."""
    if value is None:
        return ""
    if hasattr(value, "stream_block"):
        parts = value.stream_block.get_searchable_content(value)
        return plain_text(" ".join(str(p) for p in parts))
    if hasattr(value, "source"):  # RichText object
        value = value.source
    text = html.unescape(strip_tags(str(value)))
    return _SPACES.sub(" ", text).strip()


@dataclass
class TranslationText:
    locale: str
    title: str
    summary: str = ""
    body: str = ""
    attachments: str = ""
    url: str = ""
    api_url: str = ""
    pk: int | None = None


@dataclass
class ItemData:
    """Everything the search document of one translation group needs."""

    kind: str
    item_key: str
    translation_key: str
    original_locale: str
    translations: dict[str, TranslationText]
    audience: str = PUBLIC_AUDIENCE
    themes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    start: Any = None
    end: Any = None
    city: str = ""
    published_at: Any = None


class Source:
    """Adapter from one kind of content to search documents. ``model`` is the model it reads,
    or None when it reads another app's interface instead (the wiki)."""

    kind: str = ""
    model: type[models.Model] | None

    def __init__(self, model: type[models.Model], kind: str):
        self.model = model
        self.kind = kind

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def group_of(self, instance) -> str:
        return f"{self.label}:{instance.translation_key}"

    def visible_translations(self, translation_key: str) -> list:
        raise NotImplementedError

    def all_translation_keys(self):
        return self.model.objects.order_by().values_list("translation_key", flat=True).distinct()

    def build(self, translation_key: str) -> ItemData | None:
        raise NotImplementedError


def _first_attr(obj, names: list[str], default=None):
    for name in names:
        value = getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return default


def _related_keys(obj, names: list[str]) -> list:
    """Objects referenced by a FK (single) or a many-to-many / ParentalManyToMany (several)."""
    found = []
    for name in names:
        value = getattr(obj, name, None)
        if value is None:
            continue
        if isinstance(value, models.Manager):
            found.extend(value.all())
        elif isinstance(value, models.Model):
            found.append(value)
        elif isinstance(value, list | tuple):
            found.extend(value)
    return found


def _theme_of_object(obj):
    themes = _related_keys(obj, ["theme", "themes"])
    if not themes and hasattr(obj, "get_ancestors"):
        themes = list(ThemePage.objects.ancestor_of(obj).specific())
    result = []
    for theme in themes:
        theme = getattr(theme, "specific", theme)
        if isinstance(theme, ThemePage):
            result.append(theme)
    return result


def _attached_documents(page) -> list:
    """Documents a page offers: FKs to the document model and references in its content."""
    document_model = get_document_model()
    documents = {}
    for model_field in page._meta.get_fields():
        if (
            isinstance(model_field, models.ForeignKey)
            and model_field.related_model is document_model
        ):
            document = getattr(page, model_field.name, None)
            if document is not None:
                documents[document.pk] = document
    try:
        document_ct = ContentType.objects.get_for_model(document_model)
        ids = (
            ReferenceIndex.get_references_for_object(page)
            .filter(to_content_type=document_ct)
            .values_list("to_object_id", flat=True)
        )
        for document in document_model.objects.filter(pk__in=[int(i) for i in ids]):
            documents[document.pk] = document
    except Exception as exc:  # reference index unavailable: FK documents still count
        logger.debug("reference index lookup failed: %s", exc)
    # a document in a collection with view restrictions is not for every visitor: its text is
    # not indexed on a public item (downloading it asks for the password/login/group)
    return [d for d in documents.values() if not _restricted_collection(d.collection_id)]


def _restricted_collection(collection_id) -> bool:
    if collection_id is None:
        return False
    collection = Collection.objects.filter(pk=collection_id).first()
    return collection is not None and collection.get_view_restrictions().exists()


class PageSource(Source):
    """A Wagtail page type: one search document per translation group of live, public pages."""

    summary_fields = ["summary", "search_description"]
    skip_body_fields = {"title", "summary", "search_description", "slug"}

    def queryset(self):
        return self.model.objects.live().public().select_related("locale")

    def visible_translations(self, translation_key: str) -> list:
        return list(self.queryset().filter(translation_key=translation_key).specific())

    def all_translation_keys(self):
        return self.queryset().order_by().values_list("translation_key", flat=True).distinct()

    def body_text(self, page) -> str:
        parts = []
        for search_field in page.get_search_fields():
            name = getattr(search_field, "field_name", "")
            if not name or name in self.skip_body_fields or not hasattr(search_field, "boost"):
                continue
            try:
                value = getattr(page, name, None)
            except Exception:  # a search field that is a method with arguments
                continue
            if callable(value) and not isinstance(value, models.Manager):
                value = value()
            if isinstance(value, models.Manager):
                continue
            parts.append(plain_text(value))
        tags = getattr(page, "tags", None)
        if isinstance(tags, models.Manager):
            parts.append(" ".join(tag.name for tag in tags.all()))
        return " ".join(p for p in parts if p)[:MAX_BODY_CHARS]

    def attachments_text(self, page) -> str:
        texts = [document_text(document) for document in _attached_documents(page)]
        return " ".join(t for t in texts if t)[:MAX_ATTACHMENT_CHARS]

    def translation_text(self, page) -> TranslationText:
        url = page.get_url(request=None) or page.url_path
        return TranslationText(
            locale=page.locale.language_code,
            title=page.title,
            summary=plain_text(_first_attr(page, self.summary_fields, "")),
            body=self.body_text(page),
            attachments=self.attachments_text(page),
            url=url,
            api_url=f"/api/v2/pages/{page.pk}/",
            pk=page.pk,
        )

    def build(self, translation_key: str) -> ItemData | None:
        pages = self.visible_translations(translation_key)
        pages = [p for p in pages if p.locale.language_code in LANGUAGES]
        if not pages:
            return None
        by_locale = {p.locale.language_code: p for p in pages}
        original = next((p for p in pages if getattr(p, "alias_of_id", None) is None), pages[0])
        source_page = _original_translation(pages) or original
        themes = _theme_of_object(source_page)
        theme_keys = sorted({t.key for t in themes})
        sectors = sorted({t.key for t in themes if t.kind == "sectoral"})
        sectors += [s for s in self._sector_keys(source_page) if s not in sectors]
        partners = sorted(
            {getattr(p, "key", "") for p in _related_keys(source_page, ["partner", "partners"])}
            - {""}
        )
        start = _first_attr(source_page, ["start", "starts_at", "start_at", "start_date", "date"])
        end = _first_attr(source_page, ["end", "ends_at", "end_at", "end_date"])
        city = _first_attr(source_page, ["city", "location_city", "town"], "")
        published = min((p.first_published_at for p in pages if p.first_published_at), default=None)
        kind = self.kind
        if self.model.__name__ == "ThemePage":
            theme_keys = [source_page.key]
            if source_page.kind == "sectoral":
                sectors = [source_page.key]
        return ItemData(
            kind=kind,
            item_key=str(getattr(source_page, "key", "") or translation_key),
            translation_key=str(translation_key),
            original_locale=source_page.locale.language_code,
            translations={
                code: self.translation_text(page) for code, page in sorted(by_locale.items())
            },
            themes=theme_keys,
            sectors=sorted(set(sectors)),
            partners=partners,
            start=_as_datetime(start),
            end=_as_datetime(end),
            city=str(city or ""),
            published_at=published,
        )

    @staticmethod
    def _sector_keys(page) -> list[str]:
        value = _first_attr(page, ["sector", "sectors"])
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        items = value.all() if isinstance(value, models.Manager) else [value]
        return [getattr(i, "key", str(i)) for i in items]


def _original_translation(pages):
    """The translation the others were made from (wagtail-localize source), if known."""
    try:
        source = (
            TranslationSource.objects.filter(object_id=pages[0].translation_key)
            .select_related("locale")
            .first()
        )
        if source is not None:
            for page in pages:
                if page.locale_id == source.locale_id:
                    return page
    except Exception:
        return None
    return None


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(0, 0)))
    return None


class SnippetSource(Source):
    """A translatable non-page model (partners): every translation is public."""

    def visible_translations(self, translation_key: str) -> list:
        return list(
            self.model.objects.filter(translation_key=translation_key).select_related("locale")
        )

    def build(self, translation_key: str) -> ItemData | None:
        objects = [
            o
            for o in self.visible_translations(translation_key)
            if o.locale.language_code in LANGUAGES
        ]
        if not objects:
            return None
        source_obj = _original_translation(objects) or objects[0]
        translations = {}
        for obj in objects:
            code = obj.locale.language_code
            title = str(obj)
            acronym = getattr(obj, "acronym", "")
            translations[code] = TranslationText(
                locale=code,
                title=title,
                summary=" ".join(
                    x
                    for x in [
                        acronym,
                        getattr(obj, "region", ""),
                        obj.get_country_display() if hasattr(obj, "get_country_display") else "",
                    ]
                    if x
                ),
                body=plain_text(getattr(obj, "description", "")),
                url=getattr(obj, "website", "") or "",
                api_url="",
                pk=obj.pk,
            )
        key = str(getattr(source_obj, "key", "") or translation_key)
        return ItemData(
            kind=self.kind,
            item_key=key,
            translation_key=str(translation_key),
            original_locale=source_obj.locale.language_code,
            translations=translations,
            partners=[key],
        )


WIKI_AUDIENCE_PREFIX = "wiki-group:"
WIKI_GROUPS_VERSION_KEY = "search:wiki-groups:version"


def wiki_audience(group_id: int) -> str:
    """The audience of the pages of one working group (see :func:`audiences_for`)."""
    return f"{WIKI_AUDIENCE_PREFIX}{group_id}"


def audiences_for(user) -> list[str]:
    """What ``user`` may find: public items, plus the pages of every working group the wiki
    lets them read (``wiki.indexing.readable_group_ids``: public groups for everyone,
    all-partners groups for signed-in partners, group-only groups for members).

    Access is decided at query time, from the current memberships and group visibility, so a
    new member finds the group's pages at once and a removed one stops finding them at once.
    """
    if user is None or not user.is_authenticated:
        # the same for every anonymous visitor: cached until a working group changes
        key = f"search:wiki-public-groups:{cache.get(WIKI_GROUPS_VERSION_KEY, 0)}"
        ids = cache.get(key)
        if ids is None:
            ids = sorted(wiki_indexing.readable_group_ids(None))
            cache.set(key, ids, 3600)
    else:
        ids = sorted(wiki_indexing.readable_group_ids(user))
    return [PUBLIC_AUDIENCE] + [wiki_audience(pk) for pk in ids]


def wiki_groups_changed() -> None:
    """Who may read a working group changed: drop the cached audiences."""
    versions.bump(WIKI_GROUPS_VERSION_KEY)


def _wiki_file_text(attached: wiki_indexing.IndexableFile) -> str:
    return pdf_text(
        attached.file, title=attached.name, digest=attached.digest, label=attached.label
    )


class WikiSource(Source):
    """Wiki pages, read through ``wiki.indexing``: one search document per source page and its
    translations (the wiki's *document*; its key is the translation key here).

    The document carries the audience of its working group (``wiki-group:<id>``); the API and
    the search page only ever ask the engine for the audiences of the reader.
    """

    # the label of the wiki's page model, which keyed the documents when this source read the
    # model: kept, so that the documents keep their keys
    label = "wiki.wikipage"
    model = None

    def __init__(self, kind: str = "wiki"):
        self.kind = kind

    def group_of_key(self, key: int) -> str:
        """The search group of the wiki document ``key``."""
        return f"{self.label}:{key}"

    def all_translation_keys(self):
        return wiki_indexing.document_keys()

    def build(self, translation_key: str) -> ItemData | None:
        try:
            root = int(translation_key)
        except ValueError:
            return None
        document = wiki_indexing.document(root)
        if document is None:
            return None
        pages = [p for p in document.pages if p.language in LANGUAGES]
        if not pages:
            return None
        source_page = next((p for p in pages if p.pk == root), pages[0])
        group = document.group
        translations = {}
        for page in pages:
            if page.language in translations and page.pk != root:
                continue
            translations[page.language] = TranslationText(
                locale=page.language,
                title=page.title,
                summary=group.name,
                body=plain_text(page.text)[:MAX_BODY_CHARS],
                # PDFs attached to the page: same audience as the page (the wiki serves them
                # to the readers of the page only)
                attachments=" ".join(t for t in map(_wiki_file_text, page.files) if t)[
                    :MAX_ATTACHMENT_CHARS
                ],
                url=page.url,
                api_url=f"/api/v1/wiki/pages/{page.pk}/",
                pk=page.pk,
            )
        return ItemData(
            kind=self.kind,
            item_key=f"wiki-{root}",
            translation_key=str(root),
            original_locale=source_page.language,
            translations=translations,
            audience=wiki_audience(group.pk),
            themes=[group.theme_key] if group.theme_key else [],
            published_at=min(p.created_at for p in pages),
        )


# kind -> (app label, model name, adapter class). Models that do not exist (yet) are skipped.
KNOWN_SOURCES: list[tuple[str, str, str, type[Source]]] = [
    ("theme", "toolbox", "ThemePage", PageSource),
    ("partner", "toolbox", "Partner", SnippetSource),
    ("guide", "toolbox", "GuidePage", PageSource),
    ("video", "toolbox", "VideoPage", PageSource),
    ("best_practice", "toolbox", "BestPracticePage", PageSource),
    ("event", "toolbox", "EventPage", PageSource),
    ("diagnostic", "toolbox", "DiagnosticToolPage", PageSource),
    ("charter", "toolbox", "CharterPage", PageSource),
]

_registry: dict[str, Source] | None = None


def registry() -> dict[str, Source]:
    """Sources by label (``toolbox.guidepage``, ``wiki.wikipage``), built once from the
    installed models and the wiki."""
    global _registry
    if _registry is None:
        found: dict[str, Source] = {}
        for kind, app_label, model_name, adapter in KNOWN_SOURCES:
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                continue
            source = adapter(model, kind)
            found[source.label] = source
        wiki = WikiSource()
        found[wiki.label] = wiki
        _registry = found
    return _registry


def wiki_source() -> WikiSource:
    return registry()[WikiSource.label]


def model_sources() -> dict[str, Source]:
    """The sources that read a model (their changes come from the model's signals)."""
    return {label: source for label, source in registry().items() if source.model is not None}


def source_for_instance(instance) -> Source | None:
    sources = model_sources()
    for klass in type(instance).__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and not meta.abstract and meta.label_lower in sources:
            return sources[meta.label_lower]
    return None


def kinds() -> list[str]:
    return sorted({source.kind for source in registry().values()})
