"""Search API under /api/v1/search/: search with facets, and title suggestions."""

from __future__ import annotations

from dataclasses import replace

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search import query as search_query
from search.analysis import LANGUAGES
from search.params import BadParameter, parse_params, parse_suggest_params
from search.services import search_query_log
from search.sources import audiences_for

from ..http import RateLimitHeadersMixin
from ..keys import KeySnapshot

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
    OpenApiParameter(
        "page",
        OpenApiTypes.INT,
        description="From 1; page × page_size at most 10,000 (the first 10,000 results).",
    ),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 100, default 20."),
]


def _within_key(request, params: search_query.SearchParams) -> search_query.SearchParams:
    """A key restricted to some themes or languages searches only those (others do not exist
    for it); asking for another one is refused, as on the item endpoints."""
    key = request.auth if isinstance(request.auth, KeySnapshot) else None
    if key is None:
        return params
    messages = {
        # the refusals of the item endpoints (themes) and of the negotiation (languages)
        "themes": _("This API key may only read the themes %(allowed)s; not %(refused)s."),
        "locales": _("This API key may only read %(allowed)s; not %(refused)s."),
    }
    for name, allowed in (("themes", key.theme_keys), ("locales", key.locale_codes)):
        if not allowed:
            continue
        refused = sorted(set(getattr(params, name)) - allowed)
        if refused:
            raise PermissionDenied(
                messages[name]
                % {"allowed": ", ".join(sorted(allowed)), "refused": ", ".join(refused)}
            )
        params = replace(params, **{name: getattr(params, name) or sorted(allowed)})
    return params


class SearchView(RateLimitHeadersMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=SEARCH_PARAMETERS, responses={200: OpenApiTypes.OBJECT}, operation_id="search"
    )
    def get(self, request):
        """Search every content language; one result per item, in the reader's language."""
        try:
            params = parse_params(request)
        except BadParameter as error:
            raise ValidationError({error.parameter: [error.detail]}) from None
        params = _within_key(request, params)
        outcome = search_query.search(params)
        if params.q and params.page == 1:
            search_query_log(query=params.q, language=params.lang, count=outcome.count)
        response = Response(
            {
                "count": outcome.count,
                "page": params.page,
                "page_size": params.page_size,
                "results": outcome.results,
                # themes and partners matching the query, apart from the items
                "see_also": outcome.see_also,
                "facets": outcome.facets,
                "degraded": outcome.degraded,
                # the index has not received every recorded change yet: the answer may miss
                # or show an older version of what changed in the last seconds
                "index_pending": outcome.pending_changes,
                "expansions": outcome.expansions,
                "did_you_mean": outcome.did_you_mean,
            }
        )
        response["X-Search-Index-Pending"] = str(outcome.pending_changes)
        return response


class SuggestView(RateLimitHeadersMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR),
            OpenApiParameter("lang", OpenApiTypes.STR, enum=LANGUAGES),
        ],
        responses={200: OpenApiTypes.OBJECT},
        operation_id="search_suggest",
    )
    def get(self, request):
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
    path("", SearchView.as_view(), name="search"),
    path("suggest/", SuggestView.as_view(), name="suggest"),
]
