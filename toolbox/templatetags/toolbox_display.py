"""Display helpers of the public toolbox pages: the project's theme illustrations, item
pictures, tag labels."""

from __future__ import annotations

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.translation import get_language
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from home.public_urls import absolute_url
from toolbox import selectors
from toolbox.pictures import CARD_SPECS, HERO_SPECS, PICTURE_SPEC, picture_alt, visible_picture

register = template.Library()

_THEME_IMAGES: dict[str, bool] = {}


def _theme_key(obj) -> str:
    """The theme key of a theme page, or of an item's theme ('' when there is none)."""
    key = getattr(obj, "key", "") if hasattr(obj, "kind") else ""
    if not key:
        theme = getattr(obj, "theme", None)
        key = getattr(theme, "key", "") if theme is not None else ""
    return key or ""


def _has_image(name: str) -> bool:
    if name not in _THEME_IMAGES:
        _THEME_IMAGES[name] = finders.find(f"toolbox/img/themes/{name}.svg") is not None
    return _THEME_IMAGES[name]


@register.simple_tag
def theme_image(obj, variant: str = "card") -> str:
    """URL of the illustration of ``obj``'s theme (a theme page or an item): ``card`` is the
    16:7 banner, ``icon`` the square mark. Themes without a drawing get the default one."""
    key = _theme_key(obj)
    suffix = "-icon" if variant == "icon" else ""
    name = f"{key}{suffix}" if key and _has_image(f"{key}{suffix}") else f"default{suffix}"
    return static(f"toolbox/img/themes/{name}.svg")


@register.simple_tag
def localized_tags(page) -> list[str]:
    """The labels of ``page``'s tags in the current language (never the raw English slugs)."""
    language = (get_language() or page.locale.language_code).split("-")[0]
    return selectors.tag_labels(page.tags.all(), language=language)


PICTURE_USES = {
    # decorative on a card: the card's title, next to it, is the link text
    "card": (CARD_SPECS, {"sizes": "(max-width: 40rem) 100vw, 24rem", "loading": "lazy"}),
    # the first thing on the item's page: fetched at once
    "hero": (HERO_SPECS, {"sizes": "(max-width: 52rem) 100vw, 48rem", "fetchpriority": "high"}),
}


@register.simple_tag(takes_context=True)
def item_picture(context, image, use: str = "card") -> Picture | str:
    """``<picture>`` of an item's image for ``use`` (``card`` or ``hero``): WebP sources (and
    AVIF for the hero), a JPEG ``<img>`` with its width and height, in two sizes
    (``toolbox.pictures``). Alt text: empty on cards, the image's description on the item's
    page. Nothing for an image the visitor may not see (collection privacy) or whose file is
    missing."""
    image = visible_picture(image, context.get("request"))
    if not image:
        return ""
    specs, attrs = PICTURE_USES[use]
    filters = [Filter(spec=spec) for spec in Filter.expand_spec(specs)]
    renditions = get_renditions_or_not_found(image, filters)
    if not all(rendition.width for rendition in renditions.values()):
        return ""  # Wagtail's "not found" stand-in
    # an original smaller than the larger size gives the same rendition twice: list it once
    unique, seen = {}, set()
    for spec, rendition in renditions.items():
        candidate = (spec.partition("format-")[2].partition("|")[0], rendition.width)
        if candidate not in seen:
            seen.add(candidate)
            unique[spec] = rendition
    alt = picture_alt(image) if use == "hero" else ""
    return Picture(unique, {"alt": alt, "decoding": "async", **attrs})


@register.simple_tag(takes_context=True)
def item_picture_meta(context, image) -> dict | None:
    """``og:image`` of an item: the rendition the API also gives (``PICTURE_SPEC``), its
    absolute URL on the reader's host, size and alt text."""
    image = visible_picture(image, context.get("request"))
    if not image:
        return None
    rendition = get_renditions_or_not_found(image, [PICTURE_SPEC])[PICTURE_SPEC]
    if not rendition.width:  # the image's file is missing
        return None
    return {
        "url": absolute_url(rendition.url, context.get("request")),
        "width": rendition.width,
        "height": rendition.height,
        "alt": picture_alt(image),
    }
