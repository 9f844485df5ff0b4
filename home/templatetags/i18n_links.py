"""Language switcher and hreflang alternates for every public page."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page

register = template.Library()


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    absolute_url: str
    available: bool
    current: bool
    is_default: bool


def _locale_home_url(request, language_code: str) -> str:
    """``/<lang>/``: each locale's home page is the site root under its language prefix
    (``translate_url`` cannot be used here: it resolves with the active language's prefix)."""
    return f"/{language_code}/"


def _fallback_url(page: Page, language_code: str) -> str | None:
    """The first URL that a ``page_fallback_url`` hook (``fn(page, language_code)``) gives: the
    apps above ``home`` say where a page missing in a language falls back (toolbox items)."""
    for fallback_url in hooks.get_hooks("page_fallback_url"):
        url = fallback_url(page, language_code)
        if url:
            return url
    return None


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language.

    On a Wagtail page, a language links to that page's live translation when it exists; otherwise
    it is marked unavailable (and left out of hreflang) and links to the page's fallback URL in
    that language when it has one (toolbox items: ``/<lang>/items/<key>/``, which shows the item
    along ``CONTENT_FALLBACK_CHAIN`` with a notice), else to the home page of that language.
    On the 404 page, each language links to its home page. Elsewhere the current URL is
    re-prefixed with the language.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    # Django's 404 view gives 404.html ``request_path`` and ``exception``: a missing page has
    # no translation, so every language links to its home page and no hreflang is announced.
    error_page = "request_path" in context and "exception" in context
    translations = {}
    if isinstance(page, Page) and page.pk:
        for translation in (
            page.get_translations(inclusive=True).live().public().select_related("locale")
        ):
            translations[translation.locale.language_code] = translation
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            translation = translations.get(code)
            url = translation.get_url(request) if translation else None
            available = bool(url)
            if not url:
                url = _fallback_url(page, code) or _locale_home_url(request, code)
        elif error_page:
            url = _locale_home_url(request, code)
            available = False
        else:
            url = translate_url(request.get_full_path(), code)
            available = True
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                absolute_url=request.build_absolute_uri(url),
                available=available,
                current=code == current,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return links
