"""Locale fallback on the public site: an item missing in the visitor's language is shown in
the first language of ``settings.CONTENT_FALLBACK_CHAIN`` that has it, and says so.

Every item has a stable URL per language, ``/<lang>/items/<key>/``:

- when the item is live in ``lang``, it redirects (302) to the translation's real URL;
- otherwise it serves the first live translation along the chain, with the interface in
  ``lang``, a notice naming both languages and ``lang`` attributes on the content;
- it is a 404 when no language of the chain has the item live.

The language switcher (``home/templatetags/i18n_links.py``) links missing translations of an
item to this URL, so switching language on an item never lands on an unrelated page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language, get_language_info
from wagtail import hooks
from wagtail.models import Page

from .models import ToolboxItemPage


def fallback_chain(language_code: str) -> list[str]:
    """``language_code`` first, then the configured chain without it."""
    chain = [code for code in settings.CONTENT_FALLBACK_CHAIN if code != language_code]
    return [language_code] + chain


@dataclass(frozen=True)
class ContentFallback:
    """The visitor asked for ``requested`` and reads the content in ``shown``."""

    requested: str
    shown: str

    @property
    def requested_name(self) -> str:
        return str(get_language_info(self.requested)["name_translated"])

    @property
    def shown_name(self) -> str:
        return str(get_language_info(self.shown)["name_translated"])


def public_translations(key: str) -> dict[str, ToolboxItemPage]:
    """Live, public translations of the item ``key`` (no aliases), by language code."""
    pages = (
        ToolboxItemPage.objects.live()
        .public()
        .filter(key=key, alias_of__isnull=True)
        .select_related("locale")
    )
    return {page.locale.language_code: page for page in pages}


def resolve_item(*, key: str, language_code: str) -> tuple[ToolboxItemPage, ContentFallback | None]:
    """The item ``key`` in ``language_code``, else in the first language of the chain.

    Returns the page and, when it is not in the requested language, the fallback to announce.
    Raises ``Http404`` when no language of the chain has the item.
    """
    translations = public_translations(key)
    for code in fallback_chain(language_code):
        page = translations.get(code)
        if page is not None:
            fallback = None if code == language_code else ContentFallback(language_code, code)
            return page, fallback
    raise Http404(f"No live translation of item {key!r}")


def item_url(*, key: str, language_code: str) -> str | None:
    """The stable URL of the item ``key`` in ``language_code`` (``/<lang>/items/<key>/``)."""
    try:
        with translation.override(language_code):
            return reverse("toolbox_item_by_key", kwargs={"key": key})
    except NoReverseMatch:
        return None


def fallback_url_for(page: Page, language_code: str) -> str | None:
    """For the language switcher: where to send a visitor who wants ``page`` in
    ``language_code`` while it has no live translation there (toolbox items only)."""
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, ToolboxItemPage):
        return None
    key = getattr(page.specific_deferred, "key", "")
    return item_url(key=key, language_code=language_code) if key else None


def item_by_key(request: HttpRequest, key: str) -> HttpResponse:
    """``/<lang>/items/<key>/``: the item in ``lang``, or its fallback with a notice."""
    language_code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    page, fallback = resolve_item(key=key, language_code=language_code)
    if fallback is None:
        return redirect(page.get_url(request))
    if request.method not in ("GET", "HEAD"):
        # Forms (the questionnaire) post to the page's own URL; nothing is served here.
        return redirect(page.get_url(request))
    page = page.specific
    # As Wagtail's own serve view: privacy and other before-serve hooks still apply.
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, [], {})
        if isinstance(result, HttpResponse):
            return result
    response = page.serve(request)
    if isinstance(response, TemplateResponse):
        response.context_data["content_fallback"] = fallback
        response.context_data["canonical_url"] = request.build_absolute_uri(page.get_url(request))
    return response
