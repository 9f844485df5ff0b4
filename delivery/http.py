"""HTTP behaviour shared by every read endpoint of the delivery API (v1 and Wagtail's v2).

- ``ETag`` (a digest of the body) and ``Last-Modified`` (when published content last changed)
  on every read; ``If-None-Match`` / ``If-Modified-Since`` answered with 304.
- ``Cache-Control`` that makes browsers and CDNs revalidate, so an unpublished item never
  lingers downstream; our own response cache (``delivery.cache``) does the heavy lifting.
- Errors as small problem documents naming each bad parameter.
- ``X-RateLimit-*`` headers, 429 with ``Retry-After`` (from ``delivery.keys.QuotaThrottle``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .cache import (
    cached_response_get,
    cached_response_set,
    content_state,
    response_cache_key,
)

EXPOSED_HEADERS = (
    "ETag, Last-Modified, Content-Language, Retry-After, "
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
)
READ_METHODS = ("GET", "HEAD")

PROBLEM_TITLES = {
    400: _("Invalid request"),
    401: _("Authentication failed"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
}


class ProblemError(exceptions.APIException):
    """An error whose body carries more than the usual members (RFC 9457 extension members),
    e.g. the wiki's edit conflict: rendered by the one handler below like every other error."""

    def __init__(self, *, status_code: int, title: str, detail: str, type: str = "", **extensions):
        super().__init__(detail=detail)
        self.status_code = status_code
        self.title = title
        self.type = type
        self.extensions = extensions


def problem_exception_handler(exc, context):
    """The one error shape of every API endpoint (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``):
    ``{"status", "title", "detail"}``, plus ``errors`` (each bad parameter or field and its
    messages) for validation errors, ``retry_after`` when throttled, and a ``ProblemError``'s
    own members."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body = {
        "status": response.status_code,
        "title": str(PROBLEM_TITLES.get(response.status_code, "")),
    }
    if isinstance(exc, ProblemError):
        if exc.type:
            body["type"] = exc.type
        body.update(title=str(exc.title), detail=str(exc.detail), **exc.extensions)
        response.data = body
        response.content_type = "application/problem+json"
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        body["detail"] = "; ".join(
            f"{name}: {' '.join(str(m) for m in (msgs if isinstance(msgs, list) else [msgs]))}"
            for name, msgs in errors.items()
        )
        body["errors"] = errors
    elif isinstance(data, dict) and "detail" in data:
        body["detail"] = str(data["detail"])
    else:
        body["detail"] = str(data)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["retry_after"] = int(exc.wait)
    response.data = body
    return response


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return etag.removeprefix("W/") in candidates


def not_modified(request, etag: str, changed_at: int) -> bool:
    """Whether the client's copy (If-None-Match, else If-Modified-Since) is still current."""
    inm = request.META.get("HTTP_IF_NONE_MATCH")
    if inm is not None:  # RFC 9110: If-None-Match takes precedence over If-Modified-Since
        return _etag_matches(inm, etag)
    ims = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if ims:
        since = parse_http_date_safe(ims)
        return since is not None and changed_at <= since
    return False


class RateLimitHeadersMixin:
    """For every API view: the quota's ``X-RateLimit-*`` headers (set by ``QuotaThrottle``),
    readable by browsers on partner origins, and errors never stored by caches."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        rate_limit = getattr(request, "rate_limit", None)
        if rate_limit:
            limit, remaining, reset = rate_limit
            response["X-RateLimit-Limit"] = str(limit)
            response["X-RateLimit-Remaining"] = str(remaining)
            response["X-RateLimit-Reset"] = str(reset)
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if response.status_code >= 400:
            response["Cache-Control"] = "no-store"
        return response


class DeliveryHTTPMixin(RateLimitHeadersMixin):
    """For DRF views: conditional GET, HTTP caching headers, optional Redis response cache.

    Authentication and throttling run first (``initial``), so cached answers still count
    against quotas; only JSON representations are cached (not the browsable HTML).
    """

    cache_responses = True
    _cache_key: str | None = None
    _content_state = None

    def cache_scope(self, request) -> str:
        auth = getattr(request, "auth", None)
        return getattr(auth, "scope", "public")

    def dispatch(self, request, *args, **kwargs):
        # DRF's dispatch, with a cache lookup between the checks and the handler.
        self.args = args
        self.kwargs = kwargs
        request = self.initialize_request(request, *args, **kwargs)
        self.request = request
        self.headers = self.default_response_headers
        try:
            self.initial(request, *args, **kwargs)
            response = self.cached_response(request)
            if response is None:
                handler = getattr(self, request.method.lower(), None)
                if request.method.lower() not in self.http_method_names or handler is None:
                    handler = self.http_method_not_allowed
                response = handler(request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        return self.response

    def cached_response(self, request):
        if request.method not in READ_METHODS:
            return None
        # Read the generation before any database query (see delivery.cache).
        self._content_state = state = content_state()
        if not self.cache_responses or request.accepted_renderer.format != "json":
            return None
        query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
        self._cache_key = response_cache_key(
            state.generation, request.path, query, self.cache_scope(request)
        )
        entry = cached_response_get(self._cache_key)
        if entry is None:
            return None
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["X-Cache"] = "hit"
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in READ_METHODS or response.status_code != status.HTTP_200_OK:
            return response
        return self._conditional(request, response)

    def _conditional(self, request, response):
        state = self._content_state or content_state()
        if isinstance(response, Response):
            response.render()
            entry_headers = {}
            etag = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
            response["ETag"] = etag
            response["Last-Modified"] = state.last_modified
            for name in ("Content-Language", "ETag", "Last-Modified"):
                if response.has_header(name):
                    entry_headers[name] = response[name]
            if self._cache_key and response.accepted_renderer.format == "json":
                cached_response_set(
                    self._cache_key,
                    {
                        "content": response.content,
                        "content_type": response["Content-Type"],
                        "headers": entry_headers,
                    },
                )
                response["X-Cache"] = "miss"
        etag = response["ETag"]
        private = getattr(request, "auth", None) is not None
        visibility = "private" if private else "public"
        response["Cache-Control"] = (
            f"{visibility}, max-age={settings.API_HTTP_MAX_AGE}, must-revalidate"
        )
        patch_vary_headers(response, ("Accept", "Authorization", "X-API-Key"))
        if not_modified(request, etag, state.changed_at):
            unchanged = HttpResponseNotModified()
            for name in (
                "ETag",
                "Last-Modified",
                "Cache-Control",
                "Vary",
                "Content-Language",
                "Access-Control-Expose-Headers",
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
            ):
                if response.has_header(name):
                    unchanged[name] = response[name]
            return unchanged
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that it never turns a 404 of the API or the widgets
    into a redirect to ``/<lang>/api/...``: those paths carry no language, and with Wagtail's
    catch-all under ``i18n_patterns`` every prefixed path looks valid."""

    unprefixed = ("/api/", "/widgets/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.unprefixed):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
