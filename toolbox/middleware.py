"""Approving a draft that is not complete yet, outside the edit form.

Wagtail defers required fields for drafts and checks them when a page is published. The edit
form shows those errors; the dashboard's and the moderation list's approve buttons publish
without a form, so Wagtail's model check raises there. This turns that refusal (the approval
is rolled back: Wagtail approves in one transaction) into a message naming the missing fields,
on the page's edit view, where the editor can fill them in.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.models import Page

WORKFLOW_ACTION_VIEWS = {"wagtailadmin_pages:workflow_action"}


class IncompleteDraftApprovalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        if not isinstance(exception, ValidationError) or match is None:
            return None
        if match.view_name not in WORKFLOW_ACTION_VIEWS:
            return None
        page = Page.objects.filter(pk=match.kwargs.get("page_id")).specific().first()
        if page is None:
            return None
        names = getattr(exception, "error_dict", {}).keys()
        labels = [
            str(capfirst(page._meta.get_field(n).verbose_name)) for n in names if n != "__all__"
        ]
        messages.error(
            request,
            _("Fill in these fields before publishing: %(fields)s.")
            % {"fields": ", ".join(labels) or "; ".join(exception.messages)},
        )
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": edit_url}
            )
        return redirect(edit_url)
