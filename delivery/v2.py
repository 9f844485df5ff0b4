"""Wagtail's API v2 at /api/v2/, as partners get it.

Wagtail's own endpoints (pages, images, documents) with, in addition:

- a ``translations`` meta field on every page (locale, id, title and URL of every published,
  public version, this one included), loaded for a whole listing in one query, so one call
  gives everything an hreflang block needs;
- the same HTTP behaviour as /api/v1: partner keys and quotas, ETag/Last-Modified and 304s,
  Cache-Control. Locale filtering is Wagtail's (``?locale=es``, ``?translation_of=<id>``).

Responses are not kept in our response cache: v2 is the baseline /api/v1 is measured against.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.fields import Field
from rest_framework.settings import api_settings
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from delivery.negotiation import locale_ids
from delivery.viewsets import page_translations

from .http import DeliveryHTTPMixin


class PageTranslationsField(Field):
    """``"translations": [{"locale": "es", "id": 12, "title": "...", "url": "..."}, ...]``"""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return self.context["view"].translations_of(page)


class TranslatedPageSerializer(PageSerializer):
    translations = PageTranslationsField(read_only=True)


class V2HTTPMixin(DeliveryHTTPMixin):
    """v1's HTTP behaviour and policy (keys, quotas, errors) on Wagtail's v2 endpoints."""

    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    throttle_classes = api_settings.DEFAULT_THROTTLE_CLASSES
    cache_responses = False

    def check_query_parameters(self, queryset):
        """Wagtail's checks, plus: no NUL character in any parameter (SQLite's full-text
        query and PostgreSQL both refuse them: a 400 naming it, not a 500)."""
        for name, value in self.request.GET.items():
            if "\x00" in name or "\x00" in value:
                raise BadRequestError(
                    _("The parameter '%(name)s' contains a forbidden character.")
                    % {"name": name.replace("\x00", "")}
                )
        super().check_query_parameters(queryset)


class PagesEndpoint(V2HTTPMixin, PagesAPIViewSet):
    base_serializer_class = TranslatedPageSerializer
    meta_fields = PagesAPIViewSet.meta_fields + ["translations"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["translations"]

    _objects: list | None = None
    _translations: dict | None = None

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        self._objects = list(self.paginate_queryset(queryset))
        serializer = self.get_serializer(self._objects, many=True)
        return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        self._objects = [self.get_object()]
        return super().detail_view(request, pk)

    def translations_of(self, page) -> list[dict]:
        if self._translations is None:
            generation = self._content_state.generation if self._content_state else None
            self._translations = page_translations(
                self._objects or [page], locale_ids(generation), self.request
            )
        return self._translations.get(page.translation_key, [])


class ImagesEndpoint(V2HTTPMixin, ImagesAPIViewSet):
    pass


class DocumentsEndpoint(V2HTTPMixin, DocumentsAPIViewSet):
    pass
