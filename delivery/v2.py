"""Wagtail's API v2 at /api/v2/, as partners get it.

Wagtail's own endpoints (pages, images, documents) with, in addition:

- a ``translations`` meta field on every page (locale, id, title and URL of every published,
  public version, this one included), loaded for a whole listing in one query, so one call
  gives everything an hreflang block needs;
- the same HTTP behaviour as /api/v1: partner keys and quotas, ETag/Last-Modified and 304s,
  Cache-Control. Locale filtering is Wagtail's (``?locale=es``, ``?translation_of=<id>``);
- a 400 in Wagtail's ``{"message": ...}`` for bad input Wagtail let through to a 500: a NUL
  character anywhere, a field filter value its field cannot hold, an unknown
  ``search_operator``, a ``find/?id=`` that is no integer (fuzzed by
  ``delivery/tests/test_api_v2_fuzz.py``, on PostgreSQL and SQLite).

Responses are not kept in our response cache: v2 is the baseline /api/v1 is measured against.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import connection, models
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.fields import Field, SkipField
from rest_framework.settings import api_settings
from taggit.managers import TaggableManager
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.serializers import PageParentField, PageSerializer, get_serializer_class
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.query import PlainText

from delivery.negotiation import locale_ids
from delivery.viewsets import page_translations, page_urls

from .http import DeliveryHTTPMixin

#: Fields filtered with the value as it comes (Wagtail's behaviour), JSON being any string.
RAW_VALUE_FIELDS = (StreamField, models.JSONField)
BIGINT = range(-(2**63), 2**63)


def field_filter_value(model, name: str, value: str):
    """``?<name>=<value>`` as the value ``model``'s field holds, or a 400 naming the parameter.

    Wagtail converts only booleans, integers and foreign keys, and hands every other value to
    the ORM as it comes: a date that is no date, a many-to-many or reverse relation given
    something other than an id, or an empty duration was a 500 (raised in Python, or by
    PostgreSQL, which then also refuses every later query of the request's transaction), and
    so was a foreign key wider than 64 bits on SQLite."""

    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    try:
        if isinstance(field, models.BooleanField):
            return parse_boolean(value)
        if isinstance(field, RAW_VALUE_FIELDS):
            return value
        if isinstance(field, (models.IntegerField, models.AutoField)):
            converted = prepared = int(value)
        elif isinstance(field, models.ForeignKey):
            converted = prepared = field.target_field.get_prep_value(value)
        else:
            # many-to-many and reverse relations are filtered by the related object's id
            target = field.target_field if field.is_relation else field
            if value == "" and not target.empty_strings_allowed:
                raise ValueError("empty")
            converted = target.to_python(value)
            prepared = target.get_db_prep_value(converted, connection=connection, prepared=False)
        # SQLite cannot even compare a column with a wider integer (OverflowError)
        if isinstance(prepared, int) and prepared not in BIGINT:
            raise ValueError("out of range")
        return converted
    except (ValidationError, ValueError, TypeError, OverflowError) as error:
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else error
        raise BadRequestError(
            _("field filter error. '%(value)s' is not a valid value for %(name)s (%(reason)s)")
            % {"value": value, "name": name, "reason": reason}
        ) from error


class FieldsFilter(wagtail_filters.FieldsFilter):
    """Wagtail's field filters (``?title=...``, ``?tags=a,b``), with every value converted to
    what its field holds first (``field_filter_value``)."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        fields.discard("locale")  # a database field, with a filter of its own
        for name, value in request.GET.items():
            if name not in fields:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if isinstance(field, TaggableManager):
                for tag in value.split(","):
                    queryset = queryset.filter(**{name + "__name": tag})
                # Wagtail's SearchFilter refuses a search together with a tag filter
                queryset._filtered_by_tag = True
            else:
                queryset = queryset.filter(
                    **{name: field_filter_value(queryset.model, name, value)}
                )
        return queryset


def with_our_fields_filter(backends: list) -> list:
    return [FieldsFilter if b is wagtail_filters.FieldsFilter else b for b in backends]


class PageTranslationsField(Field):
    """``"translations": [{"locale": "es", "id": 12, "title": "...", "url": "..."}, ...]``"""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return self.context["view"].translations_of(page)


# Links on the reader's host: Wagtail builds ``detail_url`` from WAGTAILAPI_BASE_URL or the
# Site record, and ``html_url`` from the Site record (``http://localhost`` in the demo).
class RequestDetailUrlField(Field):
    """``detail_url`` on the scheme, host and port of the request."""

    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField
        return self.context["request"].build_absolute_uri(path)

    def to_representation(self, url):
        return url


class RequestHtmlUrlField(Field):
    """``html_url``: the page on the public site, on the request's host."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page_urls(self.context["request"])(page)


class RequestDocumentDownloadUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, document):
        return self.context["request"].build_absolute_uri(document.url)


class PublicPageSerializer(PageSerializer):
    detail_url = RequestDetailUrlField(read_only=True)
    html_url = RequestHtmlUrlField(read_only=True)


class RequestPageParentField(PageParentField):
    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PublicPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class TranslatedPageSerializer(PublicPageSerializer):
    parent = RequestPageParentField(read_only=True)
    translations = PageTranslationsField(read_only=True)


class PublicImageSerializer(ImageSerializer):
    detail_url = RequestDetailUrlField(read_only=True)


class PublicDocumentSerializer(DocumentSerializer):
    detail_url = RequestDetailUrlField(read_only=True)
    download_url = RequestDocumentDownloadUrlField(read_only=True)


# The engines' default index.max_result_window: from + size beyond it is refused.
SEARCH_RESULT_WINDOW = 10_000


class V2HTTPMixin(DeliveryHTTPMixin):
    """v1's HTTP behaviour and policy (keys, quotas, errors) on Wagtail's v2 endpoints."""

    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    throttle_classes = api_settings.DEFAULT_THROTTLE_CLASSES
    cache_responses = False

    def initial(self, request, *args, **kwargs):
        """No NUL character in any parameter, on every view (SQLite's full-text query and
        PostgreSQL both refuse them): a 400 naming it, not a 500."""
        super().initial(request, *args, **kwargs)
        for name, value in request.GET.items():
            if "\x00" in name or "\x00" in value:
                raise BadRequestError(
                    _("The parameter '%(name)s' contains a forbidden character.")
                    % {"name": name.replace("\x00", "")}
                )

    def check_query_parameters(self, queryset):
        """Wagtail's checks, plus ``search_operator`` (Wagtail hands any value to the search
        backend, which raises a ValueError: a 500)."""
        super().check_query_parameters(queryset)
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator.lower() not in PlainText.OPERATORS:
            raise BadRequestError(_("search_operator must be 'and' or 'or'"))
        if "search" in self.request.GET:
            self.check_search_window()

    def check_search_window(self):
        """A search engine pages through its first 10,000 hits only (``max_result_window``);
        past them it refuses the query, so an ``offset`` beyond is a 400 naming it."""
        try:
            offset = int(self.request.GET.get("offset", 0))
            limit = int(self.request.GET.get("limit", 20))
        except ValueError:
            return  # Wagtail's paginator names the bad number
        if offset + limit > SEARCH_RESULT_WINDOW:
            raise BadRequestError(
                _("offset: a search returns its first %(window)s results only")
                % {"window": SEARCH_RESULT_WINDOW}
            )

    def find_view(self, request):
        """Wagtail's ``find/``, with a 400 for an ``id`` that is no positive integer (Wagtail
        passes it to the ORM as it comes: a 500)."""
        if "id" in request.GET:
            try:
                if int(request.GET["id"]) < 0:
                    raise ValueError
            except ValueError as error:
                raise BadRequestError(_("id must be a positive integer")) from error
        try:
            return super().find_view(request)
        except ObjectDoesNotExist as error:
            # With ``type=``, the queryset is of that page model, whose DoesNotExist is not
            # Page.DoesNotExist when an abstract class stands between them: Wagtail misses it.
            raise Http404("not found") from error


class PagesEndpoint(V2HTTPMixin, PagesAPIViewSet):
    filter_backends = with_our_fields_filter(PagesAPIViewSet.filter_backends)
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
    filter_backends = with_our_fields_filter(ImagesAPIViewSet.filter_backends)
    base_serializer_class = PublicImageSerializer


class DocumentsEndpoint(V2HTTPMixin, DocumentsAPIViewSet):
    filter_backends = with_our_fields_filter(DocumentsAPIViewSet.filter_backends)
    base_serializer_class = PublicDocumentSerializer
