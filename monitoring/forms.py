"""Admin forms of the monitoring: missions and the semester report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from toolbox.models import DiagnosticToolPage, Partner, ThemePage

from . import permissions, selectors
from .models import Mission, Survey


class MissionForm(forms.ModelForm):
    """A mission and its report. The partner list offers only the partners the user works
    for (all of them for the lead partner)."""

    class Meta:
        model = Mission
        fields = [
            "partner",
            "company",
            "company_name",
            "adviser",
            "date",
            "duration_days",
            "status",
            "themes",
            "needs",
            "recommended_solutions",
            "specification_prepared",
            "follow_up",
            "situation",
            "actions",
            "report",
            "language",
        ]
        widgets = {"date": AdminDateInput()}

    attachment = forms.FileField(label=_("Add an attachment"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [p.pk for p in selectors.monitoring_partners(user)]
        self.fields["partner"].queryset = self.fields["partner"].queryset.filter(pk__in=allowed)
        self.fields["themes"].queryset = ThemePage.objects.filter(
            locale__language_code="fr"
        ) | ThemePage.objects.filter(
            pk__in=self.instance.themes.values("pk") if self.instance.pk else []
        )
        self.fields["themes"].widget = forms.CheckboxSelectMultiple()
        self.fields["themes"].queryset = self.fields["themes"].queryset.distinct()
        self.user = user

    def clean_partner(self):
        partner = self.cleaned_data["partner"]
        if not permissions.can_see_partner(self.user, partner):
            raise forms.ValidationError(_("You do not work for this partner."))
        return partner


class SurveyForm(forms.Form):
    """A new survey: which questionnaire of the toolbox it asks, for which partner."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Survey.Kind.choices)
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=DiagnosticToolPage.objects.none(),
        help_text=_(
            "A diagnostic tool of the toolbox: its questions are asked in each contact's "
            "language where the tool is translated."
        ),
    )
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    reminder_after_days = forms.IntegerField(
        label=_("Remind after (days)"), min_value=1, max_value=60, initial=7
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partners = selectors.monitoring_partners(user)
        self.fields["partner"].queryset = Partner.objects.filter(pk__in=[p.pk for p in partners])
        self.fields["questionnaire"].queryset = (
            DiagnosticToolPage.objects.live().filter(alias_of__isnull=True).order_by("title")
        )


class InviteForm(forms.Form):
    """Contacts to invite: pasted (one per line) and/or the contacts of assisted companies."""

    contacts = forms.CharField(
        label=_("Contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line: e-mail; name; language (fr, es, pt or en), e.g. an event's "
            "participants. Name and language are optional."
        ),
    )
    assisted = forms.BooleanField(
        label=_("Invite the newsletter contacts of the companies assisted in missions"),
        required=False,
    )
