"""Template helpers of the public toolbox pages."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from wagtail.models import Locale

from toolbox.models import CharterPage, EventIndexPage, PartnerIndexPage, PartnerSectionPage

register = template.Library()


def _current_locale() -> Locale | None:
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return None


@register.simple_tag
def toolbox_nav_links() -> list[dict]:
    """Links to the event calendar, the charter and the partner directory in the current
    language (only those that exist and are live)."""
    locale = _current_locale()
    if locale is None:
        return []
    links = []
    for model in (EventIndexPage, CharterPage, PartnerIndexPage):
        page = model.objects.live().public().filter(locale=locale).first()
        if page is not None:
            links.append({"title": page.title, "url": page.get_url(), "page_id": page.pk})
    return links


@register.simple_tag
def partner_section_url(partner) -> str:
    """URL of ``partner``'s section in the current language, or ''."""
    if partner is None:
        return ""
    locale = _current_locale()
    sections = (
        PartnerSectionPage.objects.live()
        .public()
        .filter(partner__translation_key=partner.translation_key)
    )
    section = sections.filter(locale=locale).first() if locale else None
    section = section or sections.first()
    return section.get_url() if section else ""


@register.filter
def localized(obj):
    """The object's translation in the current language, when there is one."""
    return getattr(obj, "localized", obj)


@register.filter
def item_type_label(page) -> str:
    return page.specific_class._meta.verbose_name if hasattr(page, "specific_class") else ""


@register.simple_tag
def current_language() -> str:
    return (get_language() or "fr").split("-")[0]
