"""Forms of the server-rendered wiki."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Handoff, WikiProfile


class PageCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    parent = forms.TypedChoiceField(
        label=_("Parent page"), required=False, coerce=int, empty_value=None
    )
    content = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "data-preview": "1"}),
    )
    summary = forms.CharField(label=_("Summary of the change"), max_length=300, required=False)

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("(top level)"))] + [
            (p.pk, p.title) for p in parents
        ]


class PageEditForm(forms.Form):
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    section = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    content = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "data-preview": "1"}),
    )
    summary = forms.CharField(label=_("Summary of the change"), max_length=300, required=False)
    mark_translation_current = forms.BooleanField(
        label=_("This translation now follows the latest source revision"), required=False
    )


class TranslationCreateForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title in that language"), max_length=200)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Write @username to notify someone."),
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    comment = forms.CharField(label=_("What changed"), max_length=300, required=False)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = WikiProfile
        fields = ["language", "delivery"]


class HandoffForm(forms.Form):
    item_type = forms.ChoiceField(label=_("Toolbox item"), choices=Handoff.ItemType.choices)
