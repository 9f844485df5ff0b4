"""Admin report: where each toolbox item's translations stand (missing, up to date, stale),
filterable by theme, type, locale, partner and status, with what changed in the source of a
stale translation. Registered in the Reports menu; imported by ``wagtail_hooks.py``.

Editors see the items they may edit (a partner's editors, their partner's items);
coordinators and administrators see everything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale
from wagtail.permissions import page_permission_policy

from . import registry
from .models import Partner, ThemePage, ToolboxItemPage
from .staleness import (
    MISSING,
    STALE,
    STATUS_LABELS,
    TranslationState,
    source_items,
    translation_state,
    translation_states,
)

TYPE_LABELS = {spec.name: spec.model._meta.verbose_name for spec in registry.item_types()}


def _theme_choices():
    themes = ThemePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "kind", "title"
    )
    return [(theme.key, theme.title) for theme in themes]


def _partner_choices():
    seen, choices = set(), []
    for partner in Partner.objects.order_by("name"):
        if partner.key not in seen:
            seen.add(partner.key)
            choices.append((partner.key, partner.display_name))
    return choices


def _locale_choices():
    return [(code, name) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES]


class TranslationStatusFilterSet(WagtailFilterSet):
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=_theme_choices, method="filter_theme", empty_label=_("Any")
    )
    item_type = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=list(TYPE_LABELS.items()),
        method="filter_type",
        empty_label=_("Any"),
    )
    partner = django_filters.ChoiceFilter(
        label=_("Partner"), choices=_partner_choices, method="filter_partner", empty_label=_("Any")
    )
    # Locale and status apply to the rows (item × locale), not to the items.
    locale = django_filters.ChoiceFilter(
        label=_("Locale"), choices=_locale_choices, method="keep", empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(STATUS_LABELS.items()), method="keep", empty_label=_("Any")
    )

    class Meta:
        model = ToolboxItemPage
        fields: list[str] = []

    def filter_theme(self, queryset, name, value):
        return queryset.filter(theme__key=value)

    def filter_type(self, queryset, name, value):
        model = registry.item_type(value).model
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))

    def filter_partner(self, queryset, name, value):
        return queryset.filter(partner__key=value)

    def keep(self, queryset, name, value):
        return queryset


@dataclass
class StatusRow:
    """One row of the report: an item's translation into one locale (also the export row)."""

    state: TranslationState

    @property
    def item(self) -> str:
        return self.state.source.title

    @property
    def key(self) -> str:
        return self.state.source.key

    @property
    def item_type(self) -> str:
        return str(TYPE_LABELS.get(registry.item_type_for_model(type(self.state.source)).name, ""))

    @property
    def theme(self) -> str:
        return self.state.source.theme.title if self.state.source.theme_id else ""

    @property
    def partner(self) -> str:
        return self.state.source.partner.name if self.state.source.partner_id else ""

    @property
    def source_locale(self) -> str:
        return self.state.source.locale.get_display_name()

    @property
    def locale(self) -> str:
        return self.state.locale.get_display_name()

    @property
    def status(self) -> str:
        return self.state.status_label

    @property
    def source_published_at(self) -> datetime.datetime | None:
        return self.state.source.last_published_at

    @property
    def synced_at(self) -> datetime.datetime | None:
        return self.state.synced_at

    @property
    def changes_url(self) -> str:
        return reverse(
            "toolbox_translation_changes",
            args=[self.state.source.pk, self.state.locale.language_code],
        )

    @property
    def translate_url(self) -> str:
        return reverse("wagtail_localize:submit_page_translation", args=[self.state.source.pk])

    @property
    def sync_url(self) -> str:
        ts = self.state.translation_source
        return reverse("wagtail_localize:update_translations", args=[ts.pk]) if ts else ""

    @property
    def edit_url(self) -> str:
        page = self.state.translation
        return reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else ""

    @property
    def source_edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.state.source.pk])


def editable_items(user):
    pages = page_permission_policy.instances_user_has_permission_for(user, "change")
    return ToolboxItemPage.objects.filter(pk__in=pages.values("pk"), alias_of__isnull=True)


class TranslationStatusReportView(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    results_template_name = "toolbox/reports/translation_status_results.html"
    index_url_name = "toolbox_translation_status"
    index_results_url_name = "toolbox_translation_status_results"
    filterset_class = TranslationStatusFilterSet
    paginate_by = 50
    verbose_name_plural = _("translations")
    list_export = [
        "item",
        "key",
        "item_type",
        "theme",
        "partner",
        "source_locale",
        "locale",
        "status",
        "source_published_at",
        "synced_at",
    ]
    export_headings = {
        "item": _("Item"),
        "key": _("Key"),
        "item_type": _("Type"),
        "theme": _("Theme"),
        "partner": _("Partner"),
        "source_locale": _("Source locale"),
        "locale": _("Locale"),
        "status": _("Status"),
        "source_published_at": _("Source published"),
        "synced_at": _("Translation synced"),
    }

    def get_filename(self):
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The CSV is streamed after the view returns, outside the admin user's language:
        write it in that language all the same."""
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if getattr(response, "streaming", False):
            content, language = response.streaming_content, get_language()

            def in_language():
                with translation.override(language):
                    yield from content

            response.streaming_content = in_language()
        return response

    def get_queryset(self):
        self.queryset = editable_items(self.request.user).select_related("theme", "partner")
        return super().get_queryset()

    def filter_value(self, name: str) -> str:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or ""
        return ""

    def get_filtered_queryset(self):
        sources = source_items(self.filter_queryset(self.get_queryset()))
        locales = Locale.objects.filter(
            language_code__in=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        )
        if self.filter_value("locale"):
            locales = locales.filter(language_code=self.filter_value("locale"))
        order = {code: i for i, (code, _name) in enumerate(settings.WAGTAIL_CONTENT_LANGUAGES)}
        states = translation_states(sources=sources, locales=locales)
        if self.filter_value("status"):
            states = [s for s in states if s.status == self.filter_value("status")]
        states.sort(
            key=lambda s: (
                s.source.title.casefold(),
                s.source.pk,
                order.get(s.locale.language_code),
            )
        )
        return [StatusRow(state) for state in states]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["MISSING"], context["STALE"] = MISSING, STALE
        return context


class TranslationChangesView(WagtailAdminTemplateMixin, TemplateView):
    """What changed in an item's source since its translation into a locale was synced."""

    template_name = "toolbox/reports/translation_changes.html"
    header_icon = "globe"

    def get_page_title(self):
        return _("What changed since the translation")

    def get_page_subtitle(self):
        return self.state.source.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("toolbox_translation_status"), "label": _("Translation status")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def dispatch(self, request, page_id: int, language_code: str, *args, **kwargs):
        page = get_object_or_404(ToolboxItemPage.objects.filter(alias_of__isnull=True), pk=page_id)
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        locale = Locale.objects.filter(language_code=language_code).first()
        source = next(iter(source_items(ToolboxItemPage.objects.filter(pk=page.pk))))
        if locale is None or locale.pk == source.locale_id:
            raise Http404("No translation of this item into that locale")
        self.state = translation_state(source=source.specific, locale=locale)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = self.state
        context["row"] = StatusRow(self.state)
        return context


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("toolbox_translation_status"),
        name="toolbox-translation-status",
        icon_name="globe",
        order=650,
    )


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusReportView.as_view(),
            name="toolbox_translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusReportView.as_view(results_only=True),
            name="toolbox_translation_status_results",
        ),
        path(
            "reports/translation-status/<int:page_id>/<str:language_code>/",
            TranslationChangesView.as_view(),
            name="toolbox_translation_changes",
        ),
    ]
