"""Search: the public search document of each item, the index outbox, the thesaurus, the query log.

One :class:`SearchDocument` per translation group (an item and all its translations), holding
the visitor-visible text of every language in per-language fields. It is what the engine indexes
(through modelsearch's mapping and bulk helpers) and what the database search answers from when
the engine is down. Only public, live content is ever written into it (see ``search.sources``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from .analysis import LANGUAGES, autocomplete_field_extra, text_field_extra

# Field boosts: title over summary over body over attached documents.
TITLE_BOOST = 6.0
SUMMARY_BOOST = 3.0
BODY_BOOST = 1.0
ATTACHMENT_BOOST = 0.5

PUBLIC_AUDIENCE = "public"


def _language_search_fields() -> list:
    fields: list = []
    for language in LANGUAGES:
        extra = text_field_extra(language)
        fields += [
            index.SearchField(f"title_{language}", boost=TITLE_BOOST, es_extra=extra),
            index.SearchField(f"summary_{language}", boost=SUMMARY_BOOST, es_extra=extra),
            index.SearchField(f"body_{language}", es_extra=extra),
            index.SearchField(f"attachments_{language}", es_extra=extra),
            index.AutocompleteField(f"title_{language}", es_extra=autocomplete_field_extra()),
            index.FilterField(f"url_{language}"),
        ]
    return fields


class SearchDocument(index.Indexed, models.Model):
    """The public, searchable view of one item in every language it exists in.

    Written only by ``search.services.search_document_sync`` from live, public content, so a
    draft, an unpublished translation or a private page never reaches the index.
    """

    doc_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, db_index=True)
    item_key = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=120, help_text="app_label.model of the content")
    translation_key = models.CharField(max_length=64, db_index=True)
    audience = models.CharField(max_length=120, default=PUBLIC_AUDIENCE)
    original_locale = models.CharField(max_length=8, blank=True)
    locales = models.JSONField(default=list)
    themes = models.JSONField(default=list)
    sectors = models.JSONField(default=list)
    partners = models.JSONField(default=list)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    city = models.CharField(max_length=120, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # per-locale {"title", "summary", "url", "api_url", "pk"}
    translations = models.JSONField(default=dict)
    # one L2-normalised sentence embedding per locale (float32, LANGUAGES order, zeros if absent)
    embeddings = models.BinaryField(blank=True, default=b"")
    embedding_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_auto_update = False  # indexed by our Celery tasks, never synchronously by signals
    search_fields = [
        *_language_search_fields(),
        index.FilterField("doc_key"),
        index.FilterField("kind"),
        index.FilterField("item_key"),
        index.FilterField("audience"),
        index.FilterField("original_locale"),
        index.FilterField("locales"),
        index.FilterField("themes"),
        index.FilterField("sectors"),
        index.FilterField("partners"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("city"),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.doc_key

    def text(self, field: str, language: str) -> str:
        return getattr(self, f"{field}_{language}", "") or ""


for _language in LANGUAGES:
    SearchDocument.add_to_class(f"title_{_language}", models.TextField(blank=True))
    SearchDocument.add_to_class(f"summary_{_language}", models.TextField(blank=True))
    SearchDocument.add_to_class(f"body_{_language}", models.TextField(blank=True))
    SearchDocument.add_to_class(f"attachments_{_language}", models.TextField(blank=True))
    SearchDocument.add_to_class(f"url_{_language}", models.CharField(max_length=500, blank=True))


class PendingIndexChange(models.Model):
    """Outbox of index changes: written in the same transaction as the content change.

    A row means "the engine may not reflect group ``group`` yet". The Celery task that brings
    the engine up to date deletes it; when the engine is down the rows stay and are replayed
    when it returns, so no change is lost. Its size is the backlog shown on /health/.
    """

    group = models.CharField(max_length=200, unique=True, help_text="source:translation_key")
    queued_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # ids of engine documents to delete (the group's search document no longer exists)
    removed_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("pending index change")
        verbose_name_plural = _("pending index changes")

    def __str__(self) -> str:
        return self.group


class ThesaurusConcept(models.Model):
    """A concept with its terms in each language, used to expand search queries.

    A query containing any term of a concept also searches for every other term of it, in
    every language: "ciberseguridad" then finds an item written only as "cybersécurité".
    """

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_("An internal name for the concept, e.g. 'ransomware'."),
    )
    terms_fr = models.TextField(
        _("French terms"), blank=True, help_text=_("One term or expression per line.")
    )
    terms_es = models.TextField(
        _("Spanish terms"), blank=True, help_text=_("One term or expression per line.")
    )
    terms_pt = models.TextField(
        _("Portuguese terms"), blank=True, help_text=_("One term or expression per line.")
    )
    terms_en = models.TextField(
        _("English terms"), blank=True, help_text=_("One term or expression per line.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("terms_fr"),
                FieldPanel("terms_es"),
                FieldPanel("terms_pt"),
                FieldPanel("terms_en"),
            ],
            heading=_("Terms"),
        ),
    ]

    class Meta:
        verbose_name = _("thesaurus concept")
        verbose_name_plural = _("thesaurus concepts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def terms(self) -> dict[str, list[str]]:
        return {
            language: [
                line.strip()
                for line in (getattr(self, f"terms_{language}") or "").splitlines()
                if line.strip()
            ]
            for language in LANGUAGES
        }


class QueryLogEntry(models.Model):
    """How often a normalised query was searched per day and reader language.

    Aggregated counts only: no user, session, IP address or user agent is stored, so the log
    holds no personal data. Feeds the admin report of popular and zero-result queries.
    """

    day = models.DateField(db_index=True)
    language = models.CharField(max_length=8)
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)
    last_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("query log entry")
        verbose_name_plural = _("query log entries")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "query"], name="unique_query_per_day_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.language} {self.query}"
