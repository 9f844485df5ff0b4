"""Admin page forms of toolbox items, and the public questionnaire form."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from toolbox import services


@cache
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith("Etc/")
    )
    return [(name, name.replace("_", " ")) for name in names]


def timezone_select() -> forms.Select:
    """A select of IANA time zones, built at runtime (not frozen into migrations)."""
    return forms.Select(choices=timezone_choices())


class ToolboxItemPageForm(WagtailAdminPageForm):
    """Offers only themes, sectors and audiences of the item's own locale."""

    locale_filtered_fields = ("theme", "sectors", "audiences")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        if not locale_id:
            return
        for name in self.locale_filtered_fields:
            field = self.fields.get(name)
            if field is None:
                continue
            current_pks = self._current_pks(name)
            field.queryset = field.queryset.filter(
                Q(locale_id=locale_id) | Q(pk__in=current_pks)
            ).order_by(*(["title"] if name != "audiences" else ["name"]))

    def clean(self):
        cleaned = super().clean()
        if not self.is_deferred_validation:
            # Publishing, submitting or approving: say at the top which fields a draft left
            # empty (a wiki hand-off leaves the facts it does not know to the editors).
            missing = [
                name
                for name, errors in self._errors.as_data().items()
                if name in self.fields and any(error.code == "required" for error in errors)
            ]
            if missing:
                self.add_error(
                    None,
                    _("Fill in these fields before publishing: %(fields)s.")
                    % {"fields": ", ".join(str(self.fields[name].label) for name in missing)},
                )
        return cleaned

    def _current_pks(self, name: str) -> list[int]:
        """Keep already chosen objects selectable, even from another locale."""
        if not self.instance.pk and name != "theme":
            return []
        if name == "theme":
            return [self.instance.theme_id] if self.instance.theme_id else []
        return [obj.pk for obj in getattr(self.instance, name).all()]


class VideoPageForm(ToolboxItemPageForm):
    """Also checks that there is at most one subtitle track per language."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("subtitle_tracks")
        if formset is not None and formset.is_valid():
            languages = [
                form.cleaned_data.get("language")
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            if len(languages) != len(set(languages)):
                raise forms.ValidationError(_("Give at most one subtitle track per language."))
        return cleaned


BestPracticePageForm = ToolboxItemPageForm


class EventPageForm(ToolboxItemPageForm):
    """Editors type start and end as local times at the venue, in the event's time zone.

    Django would read them in the admin user's time zone; this form shows stored (UTC) times
    converted to the event's zone and reads typed times in the zone chosen in the form.
    """

    local_time_fields = ("start", "end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tz = self._zone(self.instance.timezone)
        if tz is None:
            return
        for name in self.local_time_fields:
            value = getattr(self.instance, name, None)
            if value is not None:
                self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)

    @staticmethod
    def _zone(name: str | None):
        try:
            return zoneinfo.ZoneInfo(name) if name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        tz = self._zone(cleaned.get("timezone"))
        if tz is not None:
            for name in self.local_time_fields:
                value = cleaned.get(name)
                if value is not None:
                    wall_time = timezone.make_naive(value) if timezone.is_aware(value) else value
                    cleaned[name] = timezone.make_aware(wall_time, tz)
        return cleaned


class QuestionnaireForm(forms.Form):
    """One radio group per question of a questionnaire version, labelled in the page's language.

    Fields come from the version's structure (what is scored), texts from the page being shown
    (the visitor's language), falling back to the version's snapshot texts.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, page, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.version = version
        self.fields["version"].initial = version.number
        texts = services.questionnaire_texts(page=page)
        self.sections = []
        for section in version.structure["sections"]:
            section_texts = texts.get(section["id"], {})
            names = []
            for question in section["questions"]:
                question_texts = texts.get(question["id"], {})
                name = f"q_{question['id']}"
                self.fields[name] = forms.ChoiceField(
                    label=question_texts.get("text") or question["text"],
                    help_text=question_texts.get("help") or question.get("help", ""),
                    choices=[
                        (answer["id"], texts.get(answer["id"], {}).get("text") or answer["text"])
                        for answer in question["answers"]
                    ],
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Please choose an answer.")},
                )
                names.append(name)
            self.sections.append(
                {
                    "id": section["id"],
                    "title": section_texts.get("title") or section["title"],
                    "intro": section_texts.get("intro") or section.get("intro", ""),
                    "field_names": names,
                }
            )

    def clean_version(self):
        number = self.cleaned_data["version"]
        if number != self.version.number:
            raise forms.ValidationError(_("This questionnaire has changed; please answer again."))
        return number

    @property
    def grouped_fields(self):
        return [
            {**section, "fields": [self[name] for name in section["field_names"]]}
            for section in self.sections
        ]

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("q_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_")
        }
