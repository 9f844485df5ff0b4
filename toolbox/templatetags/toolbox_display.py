"""Display helpers of the public toolbox pages: the project's theme illustrations, tag labels."""

from __future__ import annotations

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.translation import get_language

from toolbox import selectors

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
