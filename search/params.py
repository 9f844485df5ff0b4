"""The search parameters, read and checked once for the public search page and the API."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _

from . import query as search_query
from .analysis import LANGUAGES
from .sources import audiences_for, kinds

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 100
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


# A search engine pages through its first 10,000 hits only (index.max_result_window); the
# database backend keeps the same bound, so an answer does not depend on the backend.
RESULT_WINDOW = 10_000


class BadParameter(Exception):
    def __init__(self, parameter: str, detail: str):
        super().__init__(detail)
        self.parameter = parameter
        self.detail = detail


def _list(request, name: str, *, allowed: list[str] | None = None) -> list[str]:
    raw = request.query_params.getlist(name)
    values = [v.strip() for item in raw for v in item.split(",") if v.strip()]
    for value in values:
        if allowed is not None and value not in allowed:
            raise BadParameter(
                name,
                _("'%(value)s' is not one of: %(allowed)s")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
        if allowed is None and not _SLUG.match(value):
            raise BadParameter(name, _("'%(value)s' is not a valid key") % {"value": value})
    return values


def _int(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, _("must be a whole number")) from None
    if not low <= value <= high:
        raise BadParameter(
            name, _("must be between %(low)s and %(high)s") % {"low": low, "high": high}
        )
    return value


def _date(request, name: str) -> dt.date | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, _("must be a date written YYYY-MM-DD")) from None


def _lang(request) -> str:
    raw = request.query_params.get("lang")
    if raw in (None, ""):
        code = (get_language_from_request(request) or "fr").split("-")[0]
        return code if code in LANGUAGES else "fr"
    if raw not in LANGUAGES:
        raise BadParameter(
            "lang", _("must be one of: %(allowed)s") % {"allowed": ", ".join(LANGUAGES)}
        )
    return raw


def _q(request) -> str:
    q = request.query_params.get("q", "") or ""
    if len(q) > MAX_QUERY_LENGTH:
        raise BadParameter(
            "q", _("must be at most %(n)s characters long") % {"n": MAX_QUERY_LENGTH}
        )
    if "\x00" in q:
        raise BadParameter("q", _("contains a forbidden character"))
    return q.strip()


KNOWN_PARAMETERS = {
    "q",
    "lang",
    "type",
    "theme",
    "sector",
    "partner",
    "locale",
    "date_from",
    "date_to",
    "page",
    "page_size",
    "format",
}


def parse_params(request) -> search_query.SearchParams:
    """Validate the query string; raise :class:`BadParameter` naming the first bad one."""
    for name in request.query_params:
        if name not in KNOWN_PARAMETERS:
            raise BadParameter(name, _("unknown parameter"))
    params = search_query.SearchParams(
        q=_q(request),
        lang=_lang(request),
        types=_list(request, "type", allowed=kinds()),
        themes=_list(request, "theme"),
        sectors=_list(request, "sector"),
        partners=_list(request, "partner"),
        locales=_list(request, "locale", allowed=LANGUAGES),
        date_from=_date(request, "date_from"),
        date_to=_date(request, "date_to"),
        page=_int(request, "page", 1, 1, 1000),
        page_size=_int(request, "page_size", 20, 1, MAX_PAGE_SIZE),
        audiences=audiences_for(getattr(request, "user", None)),
    )
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise BadParameter("date_to", _("must not be before date_from"))
    if params.page * params.page_size > RESULT_WINDOW:
        raise BadParameter(
            "page",
            _("only the first %(window)s results can be paged through") % {"window": RESULT_WINDOW},
        )
    return params


def parse_suggest_params(request) -> tuple[str, str]:
    """The query and language of a suggestion request; raise :class:`BadParameter`."""
    for name in request.query_params:
        if name not in {"q", "lang", "format"}:
            raise BadParameter(name, _("unknown parameter"))
    return _q(request), _lang(request)
