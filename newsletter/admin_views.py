"""The newsletter in the Wagtail admin: sendings with their progress and pause/resume/cancel,
the e-mail preview of an issue per language and its test send, statistics per issue, language
and partner, and the contact import (upload, dry run with per-row errors, then confirm).
Views parse, call ``newsletter.services``/``importing``/``selectors`` and render."""

from __future__ import annotations

import smtplib
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from newsletter import conf, importing, selectors, services, tasks
from newsletter.forms import ImportForm, TestSendForm
from newsletter.models import Campaign, NewsletterIssuePage, Segment
from newsletter.rendering import IssueRenderError, issue_check, issue_render
from toolbox.models import Partner

CAMPAIGN_PERMISSION = "newsletter.change_campaign"
IMPORT_PERMISSION = "newsletter.add_contact"
LANGUAGES = [code for code, _name in settings.LANGUAGES]

STARTED = _("Sending of “%(issue)s” started.")
PAUSED = _("Sending paused: the batches under way stop within a few messages.")
RESUMED = _("Sending resumed.")
CANCELLED = _("Sending cancelled: the messages not sent yet will not be.")
WRONG_STATE = _("This cannot be done to a sending that is “%(state)s”.")
TEST_SENT = _("%(count)s test message(s) sent to %(addresses)s.")
TEST_FAILED = _("The test could not be sent: %(error)s")
RENDER_FAILED = _(
    "The e-mail of this issue cannot be built in “%(language)s”: %(reason)s. "
    "Nothing was sent; correct the issue and try again."
)
IMPORT_REFUSED = _(
    "The file was refused: nothing was imported. Correct the rows below and try again."
)
IMPORT_DONE = _(
    "Import done: %(created)s new contact(s), %(merged)s merged, %(suppressed)s suppressed "
    "address(es) skipped, %(duplicates)s possible duplicate companies to review."
)
IMPORT_EXPIRED = _("The checked file is no longer available: upload it again.")
NO_PARTNER = _("Public form")
ACTIONS = {
    "pause": (services.campaign_pause, PAUSED),
    "resume": (services.campaign_resume, RESUMED),
    "cancel": (services.campaign_cancel, CANCELLED),
}


def _issue(pk: int) -> NewsletterIssuePage:
    return get_object_or_404(NewsletterIssuePage, pk=pk)


# --------------------------------------------------------------------------- sendings ---
@permission_required(CAMPAIGN_PERMISSION, raise_exception=True)
def campaigns(request: HttpRequest) -> HttpResponse:
    """Every sending with its progress (the page refreshes itself while one is sending), and
    the form that starts a new one."""
    rows = selectors.campaigns_with_progress()
    running = any(c.state == Campaign.State.RUNNING for c, _counts in rows)
    return TemplateResponse(
        request,
        "newsletter/admin/campaigns.html",
        {
            "rows": rows,
            "running": running,
            # an issue is sent once, from its source page, in every reader's language
            "issues": NewsletterIssuePage.objects.live().filter(locale=Locale.get_default()),
            "segments": Segment.objects.all(),
            "header_title": _("Newsletter sendings"),
        },
    )


@require_POST
@permission_required(CAMPAIGN_PERMISSION, raise_exception=True)
def campaign_new(request: HttpRequest) -> HttpResponse:
    issue = get_object_or_404(NewsletterIssuePage.objects.live(), pk=request.POST.get("issue"))
    segment = Segment.objects.filter(pk=request.POST.get("segment") or None).first()
    try:
        issue_check(issue.specific)
    except IssueRenderError as error:
        messages.error(
            request, RENDER_FAILED % {"language": error.language, "reason": error.reason}
        )
        return redirect("newsletter_campaigns")
    with transaction.atomic():
        campaign = services.campaign_create(issue=issue, segment=segment)
        transaction.on_commit(lambda: tasks.enqueue(tasks.campaign_start, campaign.pk))
    messages.success(request, STARTED % {"issue": issue.title})
    return redirect("newsletter_campaigns")


@require_POST
@permission_required(CAMPAIGN_PERMISSION, raise_exception=True)
def campaign_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    campaign = get_object_or_404(Campaign, pk=pk)
    service, message = ACTIONS[action]
    try:
        with transaction.atomic():
            batches = service(campaign=campaign)
            if action == "resume":
                transaction.on_commit(lambda: tasks.campaign_dispatch(campaign.pk, batches))
    except services.CampaignStateError:
        messages.error(request, WRONG_STATE % {"state": campaign.get_state_display()})
    else:
        messages.success(request, message)
    return redirect("newsletter_campaigns")


# ------------------------------------------------------------------ preview, test send ---
@permission_required(CAMPAIGN_PERMISSION, raise_exception=True)
def issue_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The e-mail of an issue as each language's readers get it, and the test send."""
    issue = _issue(pk)
    language = request.GET.get("lang") or issue.locale.language_code
    if language not in LANGUAGES:
        raise Http404
    form = TestSendForm(request.POST or None, initial={"languages": [language]})
    if request.method == "POST" and form.is_valid():
        addresses = form.cleaned_data["addresses"]
        try:
            count = sum(
                services.issue_test_send(issue=issue, addresses=addresses, language=code)
                for code in form.cleaned_data["languages"]
            )
        except IssueRenderError as error:
            messages.error(
                request, RENDER_FAILED % {"language": error.language, "reason": error.reason}
            )
        except (smtplib.SMTPException, OSError) as error:
            messages.error(request, TEST_FAILED % {"error": error})
        else:
            messages.success(
                request, TEST_SENT % {"count": count, "addresses": ", ".join(addresses)}
            )
            return redirect(f"{request.path}?lang={language}")
    try:
        rendered, render_error = issue_render(issue, language), None
    except IssueRenderError as error:
        rendered, render_error = None, error
    return TemplateResponse(
        request,
        "newsletter/admin/preview.html",
        {
            "issue": issue,
            "language": language,
            "languages": settings.LANGUAGES,
            "rendered": rendered,
            "render_error": render_error,
            "form": form,
            "header_title": _("E-mail preview"),
        },
        status=400 if request.method == "POST" else 200,
    )


@xframe_options_sameorigin
@permission_required(CAMPAIGN_PERMISSION, raise_exception=True)
def issue_preview_html(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """The HTML part of the e-mail in ``language`` (shown in the preview's frame)."""
    if language not in LANGUAGES:
        raise Http404
    try:
        rendered = issue_render(_issue(pk), language)
    except IssueRenderError as error:
        message = RENDER_FAILED % {"language": error.language, "reason": error.reason}
        return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html, content_type="text/html; charset=utf-8")


# ------------------------------------------------------------------------- statistics ---
@permission_required(CAMPAIGN_PERMISSION, raise_exception=True)
def statistics(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "newsletter/admin/statistics.html",
        {"issues": selectors.issues_sent(), "header_title": _("Newsletter statistics")},
    )


@permission_required(CAMPAIGN_PERMISSION, raise_exception=True)
def issue_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    stats = selectors.issue_statistics(issue=_issue(pk), no_partner_label=str(NO_PARTNER))
    return TemplateResponse(
        request,
        "newsletter/admin/issue_statistics.html",
        {
            "stats": stats,
            "overall_rows": [stats.overall],
            "tracking": conf.track_opens_clicks(),
            "header_title": _("Newsletter statistics"),
        },
    )


# ----------------------------------------------------------------------------- import ---
def _upload_dir() -> Path:
    """Checked files wait here, out of MEDIA_ROOT (never served), between dry run and import."""
    path = Path(tempfile.gettempdir()) / "cybersudoe-newsletter-imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def contacts_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload, then a dry run: per-row errors, or what the import would do."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": importing.COLUMNS, "header_title": _("Import contacts")}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        token = uuid.uuid4().hex
        stored = _upload_dir() / f"{token}{suffix}"
        with stored.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        partner = form.cleaned_data["partner"]
        try:
            batch = importing.contacts_import(
                dataset=importing.dataset_load(stored),
                partner=partner,
                file_name=upload.name,
                dry_run=True,
                consent_source_default=form.cleaned_data["consent_source"],
            )
        except importing.ImportRefused as refused:
            stored.unlink(missing_ok=True)
            context.update(batch=refused.batch, errors=importing.error_lines(refused.batch))
            messages.error(request, IMPORT_REFUSED)
            return TemplateResponse(request, "newsletter/admin/import.html", context, status=400)
        except Exception as error:  # an unreadable file: say so, keep nothing
            stored.unlink(missing_ok=True)
            form.add_error("file", str(error))
            return TemplateResponse(request, "newsletter/admin/import.html", context, status=400)
        request.session["newsletter_import"] = {
            "token": token,
            "suffix": suffix,
            "name": upload.name,
            "partner": partner.pk if partner else None,
            "consent_source": form.cleaned_data["consent_source"],
            "batch": batch.pk,
        }
        context.update(batch=batch, confirm=True)
    return TemplateResponse(request, "newsletter/admin/import.html", context)


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def contacts_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the checked file imported, all or nothing."""
    pending = request.session.pop("newsletter_import", None)
    stored = _upload_dir() / f"{pending['token']}{pending['suffix']}" if pending else None
    if (
        not pending
        or pending["token"] != request.POST.get("token")
        or not stored
        or not stored.exists()
    ):
        messages.error(request, IMPORT_EXPIRED)
        return redirect("newsletter_import")
    partner = Partner.objects.filter(pk=pending["partner"]).first()
    try:
        batch = importing.contacts_import(
            dataset=importing.dataset_load(stored),
            partner=partner,
            file_name=pending["name"],
            consent_source_default=pending["consent_source"],
        )
    except importing.ImportRefused as refused:
        messages.error(request, IMPORT_REFUSED)
        context = {
            "form": ImportForm(),
            "columns": importing.COLUMNS,
            "batch": refused.batch,
            "errors": importing.error_lines(refused.batch),
            "header_title": _("Import contacts"),
        }
        return TemplateResponse(request, "newsletter/admin/import.html", context, status=400)
    finally:
        stored.unlink(missing_ok=True)
    messages.success(
        request,
        IMPORT_DONE
        % {
            "created": batch.created_contacts,
            "merged": batch.merged_contacts,
            "suppressed": batch.suppressed_rows,
            "duplicates": batch.duplicate_companies,
        },
    )
    return redirect("newsletter_import")
