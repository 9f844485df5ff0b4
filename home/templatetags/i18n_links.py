"""Language switcher and hreflang alternates for every public page."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
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
    return translate_url("/" + settings.LANGUAGE_CODE + "/", language_code) or f"/{language_code}/"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language.

    On a Wagtail page, a language links to that page's live translation when it exists; otherwise
    to the home page of that language, marked unavailable (and left out of hreflang). Elsewhere the
    current URL is re-prefixed with the language.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
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
                url = _locale_home_url(request, code)
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
