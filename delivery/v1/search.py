"""Search API under /api/v1/search/: search with facets, and title suggestions."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from search import query as search_query
from search.analysis import LANGUAGES
from search.params import BadParameter, parse_params, parse_suggest_params
from search.services import search_query_log
from search.sources import audiences_for

SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description='Query, any language; "phrases".'),
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        enum=LANGUAGES,
        description="Reader's language (default: Accept-Language).",
    ),
    OpenApiParameter("type", OpenApiTypes.STR, description="Item types, comma-separated."),
    OpenApiParameter("theme", OpenApiTypes.STR, description="Theme keys, comma-separated."),
    OpenApiParameter("sector", OpenApiTypes.STR, description="Sector keys, comma-separated."),
    OpenApiParameter("partner", OpenApiTypes.STR, description="Partner keys, comma-separated."),
    OpenApiParameter(
        "locale",
        OpenApiTypes.STR,
        description="Only search these content languages, comma-separated.",
    ),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 100, default 20."),
]


@extend_schema(
    parameters=SEARCH_PARAMETERS, responses={200: OpenApiTypes.OBJECT}, operation_id="search"
)
@api_view(["GET"])
@permission_classes([AllowAny])
def search_view(request):
    """Search every content language; one result per item, in the reader's language."""
    try:
        params = parse_params(request)
    except BadParameter as error:
        raise ValidationError({error.parameter: [error.detail]}) from None
    outcome = search_query.search(params)
    if params.q and params.page == 1:
        search_query_log(query=params.q, language=params.lang, count=outcome.count)
    return Response(
        {
            "count": outcome.count,
            "page": params.page,
            "page_size": params.page_size,
            "results": outcome.results,
            "facets": outcome.facets,
            "degraded": outcome.degraded,
            "expansions": outcome.expansions,
            "did_you_mean": outcome.did_you_mean,
        }
    )


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR),
        OpenApiParameter("lang", OpenApiTypes.STR, enum=LANGUAGES),
    ],
    responses={200: OpenApiTypes.OBJECT},
    operation_id="search_suggest",
)
@api_view(["GET"])
@permission_classes([AllowAny])
def suggest_view(request):
    """Up to ten title completions for what the reader is typing."""
    try:
        q, lang = parse_suggest_params(request)
    except BadParameter as error:
        raise ValidationError({error.parameter: [error.detail]}) from None
    results, degraded = search_query.suggest(
        q, lang, audiences=audiences_for(getattr(request, "user", None))
    )
    return Response({"query": q, "results": results[:10], "degraded": degraded})


app_name = "search"
urlpatterns = [
    path("", search_view, name="search"),
    path("suggest/", suggest_view, name="suggest"),
]
