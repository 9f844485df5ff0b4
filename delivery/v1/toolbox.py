"""Endpoints of /api/v1 for themes and partners."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from delivery.serializers import PartnerSerializer, ProblemSerializer, ThemeSerializer
from delivery.viewsets import (
    LOCALE_PARAMETERS,
    DeliveryViewSet,
    fields_parameter,
    live_pages,
    ordering_parameter,
    page_translations,
)
from toolbox.models import Partner, ThemePage

REF_PARAMETER = OpenApiParameter(
    "ref",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="A numeric id (that exact version) or a key (negotiated with lang/fallback).",
)
UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only what was (re)published at or after this ISO 8601 date or date-time.",
)
COMMON_ERRORS = {status: ProblemSerializer for status in (400, 401, 403, 404, 429)}


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class PageDeliveryViewSet(DeliveryViewSet):
    """Endpoints over page models: live and public versions only."""

    model = None
    ordering_fields = {
        "title": "title",
        "key": "key",
        "first_published_at": "first_published_at",
        "updated_at": "last_published_at",
    }

    def visible_queryset(self) -> QuerySet:
        return live_pages(self.model)

    def prepare(self, objects: list) -> None:
        self.translations = page_translations(
            objects, self.chain.ids, self.request, self.allowed_locales
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["translations"] = getattr(self, "translations", {})
        return context


def _theme_schema(view):
    fields = fields_parameter(ThemeSerializer.available_fields())
    return extend_schema_view(
        list=extend_schema(
            summary="List themes",
            parameters=[
                *LOCALE_PARAMETERS,
                fields,
                ordering_parameter(list(ThemesViewSet.ordering_fields), "tree order"),
                OpenApiParameter("kind", OpenApiTypes.STR, enum=["general", "sectoral"]),
                OpenApiParameter(
                    "key", OpenApiTypes.STR, description="Comma-separated theme keys."
                ),
                UPDATED_SINCE,
            ],
            responses={200: ThemeSerializer(many=True), **COMMON_ERRORS},
        ),
        retrieve=extend_schema(
            summary="One theme, by id or key",
            parameters=[REF_PARAMETER, *LOCALE_PARAMETERS, fields],
            responses={200: ThemeSerializer, **COMMON_ERRORS},
        ),
    )(view)


class ThemesViewSet(PageDeliveryViewSet):
    """Themes of the toolbox (general and sectoral), in the reader's language."""

    model = ThemePage
    serializer_class = ThemeSerializer
    filter_params = {"kind", "key", "updated_since"}
    default_ordering = ["path"]

    def visible_queryset(self) -> QuerySet:
        queryset = super().visible_queryset()
        allowed = getattr(self.api_key, "theme_keys", frozenset())
        if allowed:
            queryset = queryset.filter(key__in=allowed)
        return queryset

    def parse_filters(self, errors: dict) -> dict:
        params = self.request.query_params
        filters = {}
        if "kind" in params:
            if params["kind"] not in ThemePage.Kind.values:
                errors["kind"] = [
                    _("Expected one of: %(choices)s.")
                    % {"choices": ", ".join(ThemePage.Kind.values)}
                ]
            filters["kind"] = params["kind"]
        if "key" in params:
            filters["key__in"] = _csv(params["key"])
        if "updated_since" in params:
            filters["last_published_at__gte"] = self.parse_datetime_param("updated_since", errors)
        return filters

    def filter_queryset_by(self, queryset, filters):
        return queryset.filter(**filters)


ThemesViewSet = _theme_schema(ThemesViewSet)


class PartnersViewSet(DeliveryViewSet):
    """Partner organisations of the network, in the reader's language."""

    serializer_class = PartnerSerializer
    filter_params = {"country", "key"}
    ordering_fields = {"name": "name", "key": "key", "country": "country"}
    default_ordering = ["name"]

    def visible_queryset(self) -> QuerySet:
        return Partner.objects.all()

    def parse_filters(self, errors: dict) -> dict:
        params = self.request.query_params
        filters = {}
        if "country" in params:
            countries = [code.upper() for code in _csv(params["country"])]
            bad = [code for code in countries if code not in Partner.Country.values]
            if bad:
                errors["country"] = [
                    _("Unknown country %(bad)s. Expected: %(choices)s.")
                    % {"bad": ", ".join(bad), "choices": ", ".join(Partner.Country.values)}
                ]
            filters["country__in"] = countries
        if "key" in params:
            filters["key__in"] = _csv(params["key"])
        return filters

    def filter_queryset_by(self, queryset, filters):
        return queryset.filter(**filters).select_related("logo")

    def prepare(self, objects: list) -> None:
        keys = {partner.translation_key for partner in objects}
        codes = {pk: code for code, pk in self.chain.ids.items()}
        allowed = self.allowed_locales
        links: dict = {}
        versions = Partner.objects.filter(translation_key__in=keys, locale_id__in=codes).only(
            "id", "name", "translation_key", "locale_id"
        )
        for version in versions:
            code = codes[version.locale_id]
            if allowed and code not in allowed:
                continue
            links.setdefault(version.translation_key, []).append(
                {"locale": code, "id": version.pk, "name": version.name}
            )
        order = {code: position for position, code in enumerate(self.chain.ids)}
        for entries in links.values():
            entries.sort(key=lambda link: order.get(link["locale"], 99))
        self.translations = links

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["translations"] = getattr(self, "translations", {})
        return context


PartnersViewSet = extend_schema_view(
    list=extend_schema(
        summary="List partners",
        parameters=[
            *LOCALE_PARAMETERS,
            fields_parameter(PartnerSerializer.available_fields()),
            ordering_parameter(list(PartnersViewSet.ordering_fields), "name"),
            OpenApiParameter(
                "country",
                OpenApiTypes.STR,
                description="Comma-separated ISO country codes: FR, ES, PT, AD.",
            ),
            OpenApiParameter("key", OpenApiTypes.STR, description="Comma-separated keys."),
        ],
        responses={200: PartnerSerializer(many=True), **COMMON_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One partner, by id or key",
        parameters=[
            REF_PARAMETER,
            *LOCALE_PARAMETERS,
            fields_parameter(PartnerSerializer.available_fields()),
        ],
        responses={200: PartnerSerializer, **COMMON_ERRORS},
    ),
)(PartnersViewSet)
