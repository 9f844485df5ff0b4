"""The machinery every ``/api/v1/`` content endpoint shares.

A ``DeliveryViewSet`` reads in this order: authenticate the partner key and check its quota,
look up the response cache, validate the query parameters (unknown ones are a 400 naming them),
negotiate the locale chain, restrict to what the reader may see, filter, order, paginate and
serialise with sparse fields.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from urllib.parse import quote

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from wagtail.models import Page, Site

from delivery.http import DeliveryHTTPMixin
from home.public_urls import page_full_url, site_root_url

from .negotiation import LocaleChain, locale_ids, negotiate

MAX_PAGE_SIZE = 100
COMMON_PARAMS = {"page", "page_size", "fields", "ordering", "lang", "fallback", "locale", "format"}
DETAIL_PARAMS = {"fields", "lang", "fallback", "locale", "format"}


def _positive_int(params, name: str, errors: dict, maximum: int | None = None) -> int | None:
    raw = params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        if maximum is not None:
            message = _("Must be a whole number from 1 to %(maximum)d.") % {"maximum": maximum}
        else:
            message = _("Must be a whole number of at least 1.")
        errors[name] = [message]
        return None
    return value


class DeliveryPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=`` (1 to 100); the envelope also states the locale chain."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # DRF fills this in with str.format(), hence the braces.
    invalid_page_message = gettext_lazy("Page {page_number} does not exist: {message}")

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        return int(request.query_params.get("page_size") or self.page_size)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "page_size": self.page.paginator.per_page,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "locale": self.view.chain.as_dict(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "page", "page_size", "next", "previous", "locale", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "page": {"type": "integer", "example": 1},
                "page_size": {"type": "integer", "example": 20},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "locale": {
                    "type": "object",
                    "description": "The language asked for and the chain of languages tried.",
                    "required": ["requested", "chain"],
                    "properties": {
                        "requested": {"type": "string", "example": "pt"},
                        "chain": {
                            "type": "array",
                            "items": {"type": "string"},
                            "example": ["pt", "es", "fr"],
                        },
                    },
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": "Results per page, 1 to 100 (default 20).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


LOCALE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        description="Language wanted (fr, es, pt, en). Default: fr. Each item is served once, "
        "in the first language of lang + fallback in which it exists.",
        enum=["fr", "es", "pt", "en"],
    ),
    OpenApiParameter(
        "fallback",
        OpenApiTypes.STR,
        description="Comma-separated languages to try, in order, when an item has no `lang` "
        "version, e.g. `es,fr`.",
        pattern=r"^((fr|es|pt|en)(,(fr|es|pt|en))*)?$",
    ),
    OpenApiParameter(
        "locale",
        OpenApiTypes.STR,
        description="Strict filter: only content in this language, no fallback. "
        "Not combinable with lang.",
        enum=["fr", "es", "pt", "en"],
    ),
]


def fields_parameter(names: list[str]) -> OpenApiParameter:
    return OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        description="Comma-separated fields to return (sparse fieldset); `id`, `locale` and "
        "`fallback` are always included. Available: " + ", ".join(names),
    )


def ordering_parameter(names: list[str], default: str) -> OpenApiParameter:
    return OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        description=f"Comma-separated sort fields, `-` for descending. Default `{default}`. "
        "Available: " + ", ".join(names),
    )


class DeliveryViewSet(DeliveryHTTPMixin, viewsets.GenericViewSet):
    """Base of every read endpoint of /api/v1 (see module docstring). Authentication,
    throttling and the error shape are the API's one policy (``REST_FRAMEWORK`` in settings)."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    pagination_class = DeliveryPagination
    lookup_field = "ref"
    lookup_value_regex = "[^/]+"

    #: query parameters accepted by the list endpoint besides COMMON_PARAMS
    filter_params: set[str] = set()
    #: query parameters accepted by the detail endpoint besides DETAIL_PARAMS
    detail_params: set[str] = set()
    #: public name -> ORM expression
    ordering_fields: dict[str, str] = {}
    default_ordering: list[str] = []
    #: fields returned when ``fields`` is not given, per action
    list_fields: list[str] | None = None

    chain: LocaleChain

    # --- what the reader may see -------------------------------------------------------
    def visible_queryset(self) -> QuerySet:
        """Everything the reader may see, in every language, before any filter."""
        raise NotImplementedError

    def get_queryset(self):
        # For DRF's browsable API; the handlers use visible_queryset() themselves.
        return self.visible_queryset()

    @property
    def api_key(self):
        return getattr(self.request, "auth", None)

    @property
    def allowed_locales(self) -> frozenset[str]:
        return getattr(self.api_key, "locale_codes", frozenset())

    def content_generation(self) -> int | None:
        state = self._content_state
        return state.generation if state else None

    # --- parameters --------------------------------------------------------------------
    def check_params(self, allowed: set[str]) -> dict:
        params = self.request.query_params
        errors: dict[str, list[str]] = {}
        unknown = sorted(set(params) - allowed)
        for name in unknown:
            errors[name] = [_("Unknown query parameter.")]
        for name in params:
            if name not in unknown and len(params.getlist(name)) > 1:
                errors[name] = [_("Give this parameter once.")]
            elif any("\x00" in value for value in params.getlist(name)):
                # PostgreSQL cannot even compare with such a string: refuse it here.
                errors[name] = [_("Contains a NUL character.")]
        return errors

    def requested_fields(self, errors: dict) -> list[str] | None:
        raw = self.request.query_params.get("fields")
        if raw is None:
            return None
        names = [name.strip() for name in raw.split(",") if name.strip()]
        available = self.serializer_class.available_fields()
        bad = [name for name in names if name not in available]
        if bad or not names:
            errors["fields"] = [
                _("Unknown fields: %(bad)s. Available: %(available)s.")
                % {"bad": ", ".join(bad) or "''", "available": ", ".join(available)}
            ]
            return None
        return names

    def ordering(self, errors: dict) -> list[str]:
        raw = self.request.query_params.get("ordering")
        if raw is None:
            return self.default_ordering
        order_by = []
        for name in [part.strip() for part in raw.split(",")]:
            descending = name.startswith("-")
            field = self.ordering_fields.get(name.lstrip("-"))
            if field is None:
                errors["ordering"] = [
                    _("Cannot sort by '%(name)s'. Available: %(available)s.")
                    % {"name": name, "available": ", ".join(self.ordering_fields)}
                ]
                return self.default_ordering
            order_by.append(("-" if descending else "") + field)
        return order_by

    def parse_filters(self, errors: dict) -> dict:
        """Validated filter values; subclasses read their own ``filter_params``."""
        return {}

    def parse_detail_params(self, errors: dict) -> None:
        """Validate the subclass's own ``detail_params``."""

    def parse_datetime_param(self, name: str, errors: dict):
        raw = self.request.query_params.get(name)
        if raw is None:
            return None
        value = None
        try:
            value = parse_datetime(raw.replace(" ", "+"))
        except ValueError:
            pass
        if value is None:
            try:
                day = parse_date(raw)
            except ValueError:
                day = None
            if day is not None:
                value = timezone.make_aware(datetime.combine(day, time.min))
        if value is None:
            errors[name] = [
                _("Expected an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00Z.")
            ]
            return None
        try:
            if value.tzinfo is None:
                value = timezone.make_aware(value)
            # In UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows.
            return value.astimezone(UTC)
        except (OverflowError, ValueError):
            errors[name] = [_("This date is out of range.")]
            return None

    def filter_queryset_by(self, queryset: QuerySet, filters: dict) -> QuerySet:
        return queryset

    # --- serialisation -----------------------------------------------------------------
    def get_serializer_context(self):
        context = super().get_serializer_context()
        chain = getattr(self, "chain", None)  # not negotiated for OPTIONS (metadata)
        ids = chain.ids if chain else locale_ids(self.content_generation())
        context["chain"] = chain
        context["locale_codes"] = {pk: code for code, pk in ids.items()}
        context["fields"] = getattr(self, "fields", None)
        context["api_base"] = self.request.build_absolute_uri(reverse("api-v1:v1-index"))
        return context

    def prepare(self, objects: list) -> None:
        """Bulk-load what the serializer needs for ``objects`` (translations, relations)."""

    def serialize(self, objects, many: bool):
        objects = list(objects) if many else [objects]
        self.prepare(objects)
        serializer = self.get_serializer(objects if many else objects[0], many=many)
        return serializer.data

    # --- handlers ----------------------------------------------------------------------
    def list(self, request, *args, **kwargs):
        errors = self.check_params(COMMON_PARAMS | self.filter_params)
        self.fields = self.requested_fields(errors)
        order_by = self.ordering(errors)
        filters = self.parse_filters(errors)
        page_size = _positive_int(request.query_params, "page_size", errors, MAX_PAGE_SIZE)
        _positive_int(request.query_params, "page", errors)
        del page_size
        try:
            self.chain = negotiate(
                request.query_params, self.allowed_locales, self.content_generation()
            )
        except ValidationError as exc:
            errors.update(exc.detail)
        if errors:
            raise ValidationError(errors)
        visible = self.visible_queryset()
        queryset = self.chain.apply(visible, visible)
        queryset = self.filter_queryset_by(queryset, filters)
        queryset = queryset.order_by(*order_by, "pk")
        page = self.paginate_queryset(queryset)
        data = self.serialize(page, many=True)
        response = self.get_paginated_response(data)
        response["Content-Language"] = self.chain.requested
        return response

    def retrieve(self, request, *args, **kwargs):
        errors = self.check_params(DETAIL_PARAMS | self.detail_params)
        self.fields = self.requested_fields(errors)
        self.parse_detail_params(errors)
        try:
            negotiate(request.query_params, frozenset(), self.content_generation())
        except ValidationError as exc:
            errors.update(exc.detail)
        if errors:
            raise ValidationError(errors)
        instance = self.find(kwargs[self.lookup_field])
        data = self.serialize(instance, many=False)
        response = Response(data)
        response["Content-Language"] = self.served_code
        return response

    def find(self, ref: str):
        """The object at ``ref`` (an id, or a key) in the best language of the chain."""
        params = self.request.query_params
        visible = self.visible_queryset()
        explicit = "lang" in params or "locale" in params
        if "\x00" in ref:
            raise NotFound()
        if ref.isdigit():
            anchor = visible.filter(pk=int(ref)).first()
            if anchor is None:
                raise NotFound(_("Nothing is published with id %(id)s.") % {"id": ref})
            if not explicit:
                # Served as asked: the language of that id, no negotiation.
                self.chain = negotiate(
                    {"lang": self.locale_code(anchor)},
                    self.allowed_locales,
                    self.content_generation(),
                )
                self.served_code = self.locale_code(anchor)
                return anchor
            candidates = visible.filter(translation_key=anchor.translation_key)
        else:
            candidates = visible.filter(key=ref)
        self.chain = negotiate(params, self.allowed_locales, self.content_generation())
        found = {self.locale_code(obj): obj for obj in candidates}
        for code in self.chain.chain:
            if code in found:
                self.served_code = code
                return found[code]
        raise NotFound(
            _("'%(ref)s' is not published in %(languages)s.")
            % {"ref": ref, "languages": ", ".join(self.chain.chain)}
        )

    def locale_code(self, obj) -> str:
        for code, pk in locale_ids(self.content_generation()).items():
            if pk == obj.locale_id:
                return code
        return ""


SERVE_PATH = re.compile(r"(?:[\w\-]+/)*")
URL_SAFE = "!$&'()*+,;=" + "/~:@"  # what Django's reverse() leaves unescaped (RFC 3986 pchar)


class PageURLs:
    """Public URLs of pages, as ``Page.get_full_url()`` computes them but on the request's
    host (``home.public_urls``), reversing
    the language prefix once per request rather than once per page (a listing shows about
    a hundred URLs with the translations), and from the page's ``url_path`` alone."""

    def __init__(self, request):
        self.request = request
        self.prefixes: dict[tuple[str, str], str] = {}
        self.root_paths = Site.get_site_root_paths()

    def __call__(self, page) -> str | None:
        return self.for_path(page.url_path, page)

    def for_path(self, url_path: str, page_id_or_page=None) -> str | None:
        for site_root in self.root_paths:
            if url_path.startswith(site_root.root_path):
                break
        else:
            return None
        site_id, root_path, root_url, language_code = site_root
        relative = url_path[len(root_path) :]
        if not SERVE_PATH.fullmatch(relative):  # let Wagtail decide
            page = page_id_or_page
            if not isinstance(page, Page):
                page = Page.objects.get(pk=page)
            return page_full_url(page, self.request)
        prefix = self.prefixes.get((site_id, language_code))
        if prefix is None:
            with translation.override(language_code):
                prefix = site_root_url(self.request, site_id, root_url) + reverse(
                    "wagtail_serve", args=("",)
                )
            self.prefixes[(site_id, language_code)] = prefix
        return prefix + quote(relative, safe=URL_SAFE)


def page_urls(request) -> PageURLs:
    """The request's ``PageURLs`` (one per request, shared by every serializer)."""
    urls = getattr(request, "_api_page_urls", None)
    if urls is None:
        urls = request._api_page_urls = PageURLs(request)
    return urls


def live_pages(model) -> QuerySet:
    """Published pages of ``model`` that anyone may see (no view restriction)."""
    return model.objects.live().public()


def page_translations(
    pages: list, ids: dict[str, int], request, allowed: frozenset[str] = frozenset()
) -> dict:
    """``{translation_key: [link, ...]}`` for every visible version of ``pages``, one query.

    ``ids`` maps language codes to Locale ids, in the order links are listed.
    """
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    codes = {pk: code for code, pk in ids.items()}
    versions = (
        Page.objects.live()
        .public()
        .filter(translation_key__in=keys, locale_id__in=codes)
        .values_list("id", "title", "url_path", "translation_key", "locale_id")
    )
    order = {code: position for position, code in enumerate(ids)}
    url_of = page_urls(request).for_path
    links: dict = {}
    for pk, title, url_path, translation_key, locale_id in versions:
        code = codes[locale_id]
        if allowed and code not in allowed:
            continue
        links.setdefault(translation_key, []).append(
            {"locale": code, "id": pk, "title": title, "url": url_of(url_path, pk)}
        )
    for entries in links.values():
        entries.sort(key=lambda link: order.get(link["locale"], 99))
    return links
