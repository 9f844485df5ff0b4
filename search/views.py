"""The public search page (/<lang>/search/) and the admin report of queries."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import query as search_query
from .analysis import LANGUAGES
from .labels import facet_value_label, kind_label, locale_label
from .models import QueryLogEntry
from .params import BadParameter, parse_params
from .services import search_query_log
from .sources import audiences_for, kinds

FACET_LABELS = {
    "type": _("Type"),
    "theme": _("Theme"),
    "locale": _("Written in"),
    "partner": _("Partner"),
    "sector": _("Sector"),
}
FACET_PARAMS = {
    "type": "type",
    "theme": "theme",
    "locale": "locale",
    "partner": "partner",
    "sector": "sector",
}


class _QueryParams:
    """Lets the API's parameter parser read a plain Django request."""

    def __init__(self, request):
        self.query_params = request.GET.copy()
        self.query_params["lang"] = (get_language() or "fr").split("-")[0]
        self.META = request.META
        self.COOKIES = request.COOKIES
        self.path_info = request.path_info
        self.user = getattr(request, "user", None)


def search_page(request):
    """Search form, facets with counts, results in the reader's language, pagination."""
    error = None
    try:
        params = parse_params(_QueryParams(request))
    except BadParameter as exc:
        error = f"{exc.parameter}: {exc.detail}"
        params = search_query.SearchParams(
            lang=(get_language() or "fr")[:2], audiences=audiences_for(request.user)
        )
    outcome = search_query.search(params)
    if params.q and params.page == 1 and not error:
        search_query_log(query=params.q, language=params.lang, count=outcome.count)
    current = {k: v for k, v in request.GET.items() if k != "page"}
    facets = []
    for name, counts in outcome.facets.items():
        param = FACET_PARAMS[name]
        active = set(v for v in current.get(param, "").split(",") if v)
        options = []
        for value, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            query = dict(current)
            query[param] = "" if value in active else value
            options.append(
                {
                    "value": value,
                    "label": facet_value_label(name, value, params.lang),
                    "count": count,
                    "active": value in active,
                    "url": "?" + urlencode({k: v for k, v in query.items() if v}),
                }
            )
        if options:
            facets.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "options": options,
                    "active": bool(active),
                }
            )
    pages = max(1, -(-outcome.count // params.page_size))

    def page_url(number):
        return "?" + urlencode({**current, "page": number})

    return render(
        request,
        "search/search_page.html",
        {
            "params": params,
            "outcome": outcome,
            "results": [_for_page(r) for r in outcome.results],
            "see_also": [_for_page(r) for r in outcome.see_also],
            "any_filter": any(current.get(p) for p in FACET_PARAMS.values()),
            "facets": facets,
            "error": error,
            "page_number": params.page,
            "pages": pages,
            "previous_url": page_url(params.page - 1) if params.page > 1 else None,
            "next_url": page_url(params.page + 1) if params.page < pages else None,
            "did_you_mean_url": "?" + urlencode({**current, "q": outcome.did_you_mean})
            if outcome.did_you_mean
            else None,
            "kinds": kinds(),
            "languages": LANGUAGES,
        },
    )


def _for_page(result: dict) -> dict:
    """A result of the search with what the page shows instead of keys: the type's label,
    the languages' names, dates as dates (formatted by the template in the reader's locale)."""
    shown = dict(result)
    shown["type_label"] = kind_label(result["type"])
    shown["start_at"] = parse_datetime(result["start"]) if result.get("start") else None
    if result.get("matched_locale"):
        shown["matched_language"] = locale_label(result["matched_locale"])
    shown["translations"] = [
        {**t, "language": locale_label(t["locale"])} for t in result.get("translations", [])
    ]
    return shown


def query_report(request):
    """Admin: popular and zero-result queries per reader language, over the last N days."""
    try:
        days = max(1, min(int(request.GET.get("days", 30)), 365))
    except ValueError:
        days = 30
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = QueryLogEntry.objects.filter(day__gte=since)
    by_language = []
    for language in LANGUAGES:
        entries = (
            rows.filter(language=language)
            .values("query")
            .annotate(searches=Sum("searches"), zero=Sum("zero_results"))
        )
        popular = entries.order_by("-searches", "query")[:20]
        zero = entries.filter(zero__gt=0).order_by("-zero", "query")[:20]
        by_language.append({"language": language, "popular": list(popular), "zero": list(zero)})
    return render(
        request,
        "search/admin/query_report.html",
        {
            "by_language": by_language,
            "days": days,
        },
    )
