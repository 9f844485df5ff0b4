"""Embeddable widgets for partner sites: latest toolbox items or upcoming events.

Two ways to embed, both generated in the admin (Settings › Widgets) as a copy-paste snippet:

- a script tag: ``/widgets/embed.js`` renders every ``<div class="cybersudoe-widget">`` of the
  host page from ``/widgets/items.json`` into a shadow root, so the host page's CSS cannot break
  it and it cannot break the host page. Restyle with CSS custom properties on the div
  (``--cybersudoe-accent``...) or with ``::part(...)``; ``data-style="none"`` drops our styles.
- an iframe: ``/widgets/frame/``, a complete page, restyled with ``accent=`` or ``stylesheet=``.

No cookies are read or set, the data is public and served to any origin (CORS ``*``, no
credentials), and only published, public content is shown.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from home.models import HomePage
from home.public_urls import page_full_url
from toolbox.models import EventPage, ThemePage, ToolboxItemPage
from toolbox.registry import item_type_for_model, item_type_named

from .cache import cached_response_get, cached_response_set, content_state, response_cache_key
from .http import not_modified
from .keys import QuotaThrottle
from .negotiation import negotiate
from .widget_params import FRAME_PARAMS, WIDGET_PARAMS, widget_param_errors


# --- data -------------------------------------------------------------------------------------
def _items_queryset(content: str) -> QuerySet:
    if content == "events":
        return EventPage.objects.live().public()
    return ToolboxItemPage.objects.live().public()


def widget_data(params, request) -> dict:
    """The widget's items, labels and link, in the negotiated language."""
    chain = negotiate(params)
    content = params.get("content", "latest")
    limit = int(params.get("limit", 5))
    visible = _items_queryset(content)
    items = chain.apply(visible, visible)
    theme_key = params.get("theme")
    if theme_key:
        items = items.filter(theme__key=theme_key)
    if params.get("partner"):
        items = items.filter(partner__key=params["partner"])
    if content == "events":
        items = items.filter(end__gte=timezone.now()).order_by("start", "pk")
    else:
        if params.get("type"):
            items = items.type(item_type_named(params["type"]).model)
        items = items.order_by("-first_published_at", "-pk")
    items = list(items.select_related("theme")[:limit])
    codes = {pk: code for code, pk in chain.ids.items()}

    more = None
    if theme_key:
        themes = ThemePage.objects.live().public().filter(key=theme_key)
        by_code = {codes.get(theme.locale_id): theme for theme in themes}
        theme = next((by_code[code] for code in chain.chain if code in by_code), None)
        more = page_full_url(theme, request) if theme else None

    with translation.override(chain.requested):
        results = []
        for item in items:
            model = ContentType.objects.get_for_id(item.content_type_id).model_class()
            item_type = item_type_for_model(model)
            entry = {
                "id": item.pk,
                "type": item_type.name if item_type else "item",
                "type_label": str(item_type.label) if item_type else "",
                "title": item.title,
                "summary": item.summary,
                "url": page_full_url(item, request),
                "locale": codes[item.locale_id],
                "fallback": codes[item.locale_id] != chain.requested,
                # the day in the site's time zone, not in UTC (at 23:30 UTC it is tomorrow)
                "date": timezone.localdate(item.first_published_at).isoformat()
                if item.first_published_at
                else None,
            }
            if content == "events":
                local_start = item.local_start
                entry["date"] = local_start.isoformat()
                entry["date_label"] = _("%(day)s at %(time)s, %(place)s") % {
                    "day": local_start.strftime("%d/%m/%Y"),
                    "time": local_start.strftime("%H:%M"),
                    "place": item.city or _("online"),
                }
            results.append(entry)
        labels = {
            "title": _("Upcoming events") if content == "events" else _("Latest from the toolbox"),
            "empty": _("Nothing to show yet.") if content != "events" else _("No event planned."),
            "more": _("See more on CyberSudoe"),
            "fallback": _("Not yet translated"),
        }
    return {
        "locale": chain.as_dict(),
        "content": content,
        "labels": labels,
        "more_url": more or _home_url(chain, request),
        "items": results,
    }


def _home_url(chain, request) -> str | None:
    codes = {pk: code for code, pk in chain.ids.items()}
    homes = {codes.get(h.locale_id): h for h in HomePage.objects.live().public()}
    home = next((homes[code] for code in chain.chain if code in homes), None)
    return page_full_url(home, request) if home else None


# --- views ------------------------------------------------------------------------------------
def _throttled(request) -> HttpResponse | None:
    throttle = QuotaThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    response = JsonResponse(
        {"status": 429, "title": _("Too many requests"), "retry_after": wait}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def _bad_request(errors: dict) -> JsonResponse:
    response = JsonResponse(
        {
            "status": 400,
            "title": _("Invalid request"),
            "detail": "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()),
            "errors": errors,
        },
        status=400,
    )
    _public(response)
    return response


def _public(response: HttpResponse) -> HttpResponse:
    """Readable from any origin, never with credentials; revalidated on every use."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Language"
    response["Cache-Control"] = (
        "no-store"
        if response.status_code >= 400
        else f"public, max-age={settings.API_HTTP_MAX_AGE}, must-revalidate"
    )
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _conditional(request, body: bytes, content_type: str, state, language: str) -> HttpResponse:
    etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    if not_modified(request, etag, state.changed_at):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = state.last_modified
    response["Content-Language"] = language
    return _public(response)


def _cached_body(request, kind: str, render) -> tuple[bytes, str, object] | HttpResponse:
    unknown = sorted(set(request.GET) - (FRAME_PARAMS if kind == "frame" else WIDGET_PARAMS))
    errors = {name: [_("Unknown query parameter.")] for name in unknown}
    for name, value in request.GET.items():
        if "\x00" in value:
            errors[name] = [_("Contains a NUL character.")]
    params = {name: request.GET[name] for name in request.GET if name not in errors}
    state = content_state()  # before any query: see delivery.cache
    key = response_cache_key(
        state.generation, kind, "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    )
    entry = cached_response_get(key)
    if entry is not None:
        return entry["body"], entry["language"], state
    errors.update(widget_param_errors(params))
    if errors:
        return _bad_request(errors)
    data = widget_data(params, request)
    body = render(data, params)
    language = data["locale"]["requested"]
    cached_response_set(key, {"body": body, "language": language})
    return body, language, state


@require_GET
def items_json(request):
    """The data of a script-tag widget (``/widgets/items.json?content=latest&lang=es...``)."""
    throttled = _throttled(request)
    if throttled:
        return _public(throttled)
    result = _cached_body(
        request,
        "json",
        lambda data, params: json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(),
    )
    if isinstance(result, HttpResponse):
        return result
    body, language, state = result
    return _conditional(request, body, "application/json", state, language)


def _stylesheet(params) -> str | None:
    url = params.get("stylesheet")
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in {"https", "http"} and parts.netloc else None


def _accent(params) -> str | None:
    accent = params.get("accent", "")
    if (
        accent.startswith("#")
        and len(accent) in {4, 7}
        and all(c in "0123456789abcdefABCDEF" for c in accent[1:])
    ):
        return accent
    return None


@require_GET
@xframe_options_exempt
def frame(request):
    """The iframe widget: a complete page any site may frame."""
    throttled = _throttled(request)
    if throttled:
        return throttled

    def render(data, params):
        html = render_to_string(
            "delivery/widget_frame.html",
            {
                "data": data,
                "stylesheet": _stylesheet(params),
                "accent": _accent(params),
                "language": data["locale"]["requested"],
            },
        )
        return html.encode()

    result = _cached_body(request, "frame", render)
    if isinstance(result, HttpResponse):
        return result
    body, language, state = result
    response = _conditional(request, body, "text/html; charset=utf-8", state, language)
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline' https: http:; img-src https: http: data:; "
        "frame-ancestors *; base-uri 'none'; form-action 'none'"
    )
    del response["Access-Control-Allow-Origin"]
    return response


@require_GET
def embed_js(request):
    """The script of script-tag widgets; it only needs to know where the data lives."""
    base = request.build_absolute_uri("/").rstrip("/")
    body = render_to_string("delivery/widget_embed.js", {"base_url": base}).encode()
    etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "public, max-age=3600"
    return response


urlpatterns = [
    path("embed.js", embed_js, name="widget-embed-js"),
    path("items.json", items_json, name="widget-items"),
    path("frame/", frame, name="widget-frame"),
]
