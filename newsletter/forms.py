"""Forms of the newsletter: the public subscription and preference forms (in the reader's
language) and the admin's test send and contact import."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email
from wagtail.models import Locale

from newsletter.models import Country
from newsletter.selectors import theme_choices
from toolbox.models import Partner

CONSENT_REQUIRED = _("Please tick the box to agree to receive the newsletter.")
BAD_ADDRESS = _("“%(value)s” is not a valid e-mail address.")
NO_ADDRESS = _("Give at least one address.")
TOO_MANY_ADDRESSES = _("At most %(limit)s addresses for a test send.")
BAD_FILE_TYPE = _("Send a CSV or XLSX file.")
TEST_SEND_LIMIT = 20
IMPORT_EXTENSIONS = {".csv", ".xlsx", ".xlsm"}


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in its own language (as the switcher shows them)."""
    return list(settings.LANGUAGES)


class _ThemesMixin:
    def _set_theme_choices(self, language: str) -> None:
        self.fields["themes"].choices = theme_choices(kind="general", language=language)


class SubscribeForm(_ThemesMixin, forms.Form):
    """The public form. The confirmation mail is written in the language chosen here."""

    email = forms.EmailField(label=_("Your professional e-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the newsletter"))
    country = forms.ChoiceField(label=_("Country of your business"), choices=Country.choices)
    themes = forms.MultipleChoiceField(
        label=_("Themes you are interested in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to hear about every theme."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to receive the CyberSudoe newsletter by e-mail. I can unsubscribe at any "
            "time with the link in every issue."
        ),
        error_messages={"required": CONSENT_REQUIRED},
    )
    # Left empty by people, filled in by robots (hidden by the stylesheet).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        # out of the keyboard's way and never filled in by the browser
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or settings.LANGUAGE_CODE
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = language
        self.fields["country"].initial = {"es": "ES", "pt": "PT"}.get(language, "FR")
        self._set_theme_choices(language)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(_ThemesMixin, forms.Form):
    """What a subscriber chooses from the signed link of an issue: language, themes, sector."""

    language = forms.ChoiceField(label=_("Language of the newsletter and of these pages"))
    themes = forms.MultipleChoiceField(
        label=_("Themes you are interested in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to hear about every theme."),
    )
    sector = forms.ChoiceField(label=_("Sector of your business"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or settings.LANGUAGE_CODE
        self.fields["language"].choices = language_choices()
        self._set_theme_choices(language)
        sectors = theme_choices(kind="sectoral", language=language)
        self.fields["sector"].choices = [("", _("Another sector / not given"))] + sectors

    def clean_sector(self) -> str:
        return self.cleaned_data.get("sector") or ""


def _addresses(text: str) -> list[str]:
    return [part for part in text.replace(",", "\n").replace(";", "\n").split() if part]


class TestSendForm(forms.Form):
    """Send a proof of an issue to a few chosen addresses, in the chosen languages."""

    addresses = forms.CharField(
        label=_("Addresses"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more addresses, separated by commas or line breaks (at most 20)."),
    )
    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()

    def clean_addresses(self) -> list[str]:
        addresses = []
        for value in _addresses(self.cleaned_data["addresses"]):
            try:
                addresses.append(validate_email(value, check_deliverability=False).normalized)
            except EmailNotValidError:
                raise forms.ValidationError(BAD_ADDRESS, params={"value": value}) from None
        if not addresses:
            raise forms.ValidationError(NO_ADDRESS)
        if len(addresses) > TEST_SEND_LIMIT:
            raise forms.ValidationError(TOO_MANY_ADDRESSES, params={"limit": TEST_SEND_LIMIT})
        return list(dict.fromkeys(addresses))


class ImportForm(forms.Form):
    """A partner's contact file: always checked in a dry run before it is imported."""

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("The partner whose file this is (its provenance is kept for each contact)."),
    )
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8) or XLSX, with a header row; see the columns.")
    )
    consent_source = forms.CharField(
        label=_("Proof of consent for rows without one"),
        required=False,
        max_length=255,
        help_text=_("For example: “2025 conference registrations, Toulouse”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A partner has a row per locale; contacts point at its default-locale row.
        self.fields["partner"].queryset = Partner.objects.filter(
            locale=Locale.get_default()
        ).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(BAD_FILE_TYPE)
        return upload
