"""Site security: one Content-Security-Policy per area, public media only, login lockouts.

Settings: ``CONTENT_SECURITY_POLICY`` (public pages), ``CONTENT_SECURITY_POLICY_ADMIN`` and
``CSP_ADMIN_URL_PREFIXES``, ``AXES_*`` (``cms/settings/base.py``); ``PUBLIC_MEDIA_PREFIXES``
(``cms/settings/production.py``).
"""

from __future__ import annotations

import math
import posixpath

from axes.helpers import get_cool_off
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
)
from django.shortcuts import render
from django.views.static import serve

from delivery.keys import QuotaThrottle


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with one policy per area of the site.

    - Public pages: ``CONTENT_SECURITY_POLICY``, without ``'unsafe-inline'``: every script and
      stylesheet is a static file (or carries the request's nonce).
    - The Wagtail and Django admins and the API documentation (``CSP_ADMIN_URL_PREFIXES``):
      ``CONTENT_SECURITY_POLICY_ADMIN``, which allows inline scripts and styles, because the
      templates of Wagtail, wagtail-localize, Django's admin and Swagger UI/Redoc contain
      inline ``<script>`` blocks and ``style=`` attributes that we do not control.
    - A response its view marked ``xframe_options_exempt`` (the embeddable widgets) may be
      framed by any site: ``frame-ancestors *`` instead of ``'self'``. A view that sets its own
      ``Content-Security-Policy`` header keeps it (django-csp never overwrites one).
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(
            tuple(settings.CSP_ADMIN_URL_PREFIXES)
        ):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        if getattr(response, "xframe_options_exempt", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["*"]}
        return parts


class PublicMediaMiddleware:
    """Serves the public part of MEDIA_ROOT (image files) when no proxy does it.

    Only the folders in ``PUBLIC_MEDIA_PREFIXES`` (Wagtail's ``original_images/`` and
    ``images/`` renditions) are served; any other path under ``MEDIA_URL`` is a 404. Documents
    are downloaded through Wagtail's serve view (``/documents/<id>/<name>``, which checks
    collection privacy) and wiki attachments through the wiki's download view (they are stored
    outside MEDIA_ROOT), so neither can be fetched from ``/media/`` directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.MEDIA_URL

    def __call__(self, request: HttpRequest):
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        # Normalised before the check: "images/../documents/x.pdf" is a document.
        relative = posixpath.normpath(request.path_info[len(self.prefix) :]).lstrip("/")
        if request.method not in {"GET", "HEAD"} or not relative.startswith(
            tuple(settings.PUBLIC_MEDIA_PREFIXES)
        ):
            return HttpResponseNotFound()
        try:
            response = serve(request, relative, document_root=settings.MEDIA_ROOT)
        except Http404:
            return HttpResponseNotFound()
        response["Cache-Control"] = f"public, max-age={settings.PUBLIC_MEDIA_MAX_AGE}"
        response["X-Content-Type-Options"] = "nosniff"
        return response


def client_ip(request: HttpRequest) -> str:
    """The client's address for login throttling: the rule of the API's throttling (only the
    ``API_NUM_PROXIES`` hops of X-Forwarded-For that our own proxies added are believed)."""
    return QuotaThrottle().get_ident(request)


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The page of a locked login (axes' ``AXES_LOCKOUT_CALLABLE``): 429 with Retry-After.

    It is the same page whether or not the user name exists, and names neither the user nor
    the number of attempts left, so it tells an attacker nothing about accounts.
    """
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"minutes": max(1, math.ceil(seconds / 60)) if seconds else 0},
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response
