"""Public pages of the newsletter, in the reader's language (under /<lang>/newsletter/), and the
One-Click unsubscribe endpoint of the List-Unsubscribe header (RFC 8058, outside the language
prefix). Views parse, call ``newsletter.services`` (writes) or ``newsletter.selectors`` (the
archive) and render; nothing else.

Every page reached from a signed link (confirm, unsubscribe, preferences, export, erasure)
changes nothing on GET: mail scanners and link previews follow links, people press buttons.
A forged or damaged link is a 400 page saying so; a valid link whose contact is gone (erased)
a 404 page; neither changes anything.
"""

from __future__ import annotations

import json

from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsletter import conf, selectors, services, tracking
from newsletter.feeds import reader_language
from newsletter.forms import PreferencesForm, SubscribeForm
from newsletter.models import Contact, Send

ARCHIVE_PAGE_SIZE = 20

PRIVATE_HEADERS = {
    "Cache-Control": "private, no-store",
    # The signed link is in the address: never send it to another site.
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def _private(response: HttpResponse) -> HttpResponse:
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def _link_error(request: HttpRequest, signature: str) -> HttpResponse:
    """400 when the link is not one of ours (forged, cut), 404 when the contact is gone."""
    try:
        signing.Signer(salt=services.SIGNING_SALT).unsign(signature)
        valid = True
    except signing.BadSignature:
        valid = False
    status = 404 if valid else 400
    return _private(
        TemplateResponse(request, "newsletter/link_invalid.html", {"gone": valid}, status=status)
    )


def _contact(signature: str) -> tuple[Contact | None, int | None]:
    try:
        return services.contact_from_signature(signature)
    except Contact.DoesNotExist:
        return None, None


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return _private(TemplateResponse(request, template, context, status=status))


# ----------------------------------------------------------------------------- archive ---
@require_http_methods(["GET", "HEAD"])
def archive(request: HttpRequest) -> HttpResponse:
    """The published issues in the reader's language, newest first, each linking to its web
    version (an issue not translated yet: in the first language of the fallback chain)."""
    issues = selectors.issue_archive(language=reader_language())
    page_obj = Paginator(issues, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "newsletter/archive.html", {"page_obj": page_obj, "issues": page_obj.object_list}
    )


# ------------------------------------------------------------------------ subscription ---
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The subscription form; a valid answer sends the confirmation mail (double opt-in) and
    shows the same page whatever the address, so it tells nobody who is subscribed."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_robot():
            data = form.cleaned_data
            services.subscription_request(
                email=data["email"],
                language=data["language"],
                country=data["country"],
                themes=list(data["themes"]),
            )
        return redirect("newsletter:subscribe_sent")
    status = 400 if request.method == "POST" else 200
    return _page(request, "newsletter/subscribe.html", {"form": form}, status)


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return _page(request, "newsletter/subscribe_sent.html", {})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, signature: str) -> HttpResponse:
    """The link of the confirmation mail: a button, then the subscription is confirmed with its
    date and proof (prior consent)."""
    contact, _issue = _contact(signature)
    if contact is None:
        return _link_error(request, signature)
    if request.method == "POST":
        proof = (
            f"public form, double opt-in confirmed {timezone.now():%Y-%m-%d %H:%M} UTC "
            f"(page language {get_language()})"
        )
        services.subscription_confirm(contact=contact, proof=proof)
        return _page(request, "newsletter/confirmed.html", {"contact": contact})
    already = contact.status == Contact.Status.ACTIVE and contact.confirmed_at is not None
    return _page(
        request,
        "newsletter/confirm.html",
        {"contact": contact, "already": already, "signature": signature},
    )


# ------------------------------------------------------------------------- unsubscribe ---
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, signature: str) -> HttpResponse:
    """The visible link of every issue: a page with one button (nothing changes on GET)."""
    contact, issue_id = _contact(signature)
    if contact is None:
        return _link_error(request, signature)
    if request.method == "POST":
        with transaction.atomic():
            services.contact_unsubscribe(contact=contact, issue_id=issue_id)
        return _page(request, "newsletter/unsubscribed.html", {"contact": contact})
    return _page(
        request,
        "newsletter/unsubscribe.html",
        {
            "contact": contact,
            "signature": signature,
            "already": contact.status == Contact.Status.UNSUBSCRIBED,
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def one_click(request: HttpRequest, signature: str) -> HttpResponse:
    """RFC 8058: the mailbox provider POSTs ``List-Unsubscribe=One-Click`` with no cookie and no
    CSRF token; the address is unsubscribed at once, without a page or a second click (and
    without a notice mail: the reader pressed their provider's button). A GET (an old client
    following the header) leads to the page with the button, in the contact's language."""
    contact, issue_id = _contact(signature)
    if contact is None:
        try:
            signing.Signer(salt=services.SIGNING_SALT).unsign(signature)
        except signing.BadSignature:
            return HttpResponse("bad link\n", status=400, content_type="text/plain")
        return HttpResponse("unknown contact\n", status=404, content_type="text/plain")
    if request.method == "GET":
        with translation.override(contact.language):
            return redirect(reverse("newsletter:unsubscribe", args=[signature]))
    services.contact_unsubscribe(contact=contact, issue_id=issue_id, notify=False)
    response = HttpResponse("unsubscribed\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------- preferences ---
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, signature: str) -> HttpResponse:
    """Language, themes and sector of a subscriber; links to the export and the erasure."""
    contact, _issue = _contact(signature)
    if contact is None:
        return _link_error(request, signature)
    initial = {"language": contact.language, "themes": contact.themes, "sector": contact.sector}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.contact_preferences_update(
            contact=contact,
            language=data["language"],
            themes=list(data["themes"]),
            sector=data["sector"],
        )
        # The pages follow the newsletter's language.
        with translation.override(contact.language):
            target = reverse("newsletter:preferences", args=[signature])
        return redirect(target + "?saved=1")
    return _page(
        request,
        "newsletter/preferences.html",
        {
            "contact": contact,
            "form": form,
            "signature": signature,
            "saved": request.method == "GET" and request.GET.get("saved") == "1",
        },
        status=400 if request.method == "POST" else 200,
    )


def export(request: HttpRequest, signature: str) -> HttpResponse:
    """Everything held about the contact, as a JSON file (GDPR art. 15 and 20)."""
    contact, _issue = _contact(signature)
    if contact is None:
        return _link_error(request, signature)
    data = services.contact_export(contact=contact)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="cybersudoe-newsletter-data.json"'
    return _private(response)


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, signature: str) -> HttpResponse:
    """Erasure (GDPR art. 17) after a confirmation: the data goes, the address stays on the
    suppression list only, so that no partner's file brings it back."""
    contact, _issue = _contact(signature)
    if contact is None:
        return _link_error(request, signature)
    if request.method == "POST":
        email = contact.email
        services.contact_erase(contact=contact)
        return _page(request, "newsletter/erased.html", {"email": email})
    return _page(request, "newsletter/erase.html", {"contact": contact, "signature": signature})


# ------------------------------------------------------------ opens and clicks (optional) ---
@require_http_methods(["GET", "HEAD"])
def track_open(request: HttpRequest, token: str) -> HttpResponse:
    """The 1x1 image of a message: counts its first open when counting is on."""
    send_id = tracking.open_token_read(token)
    if send_id is None:
        raise Http404
    if conf.track_opens_clicks():
        services.send_open_record(send_id=send_id)
    return HttpResponse(
        tracking.PIXEL, content_type="image/gif", headers={"Cache-Control": "no-store"}
    )


@require_http_methods(["GET", "HEAD"])
def track_click(request: HttpRequest, token: str) -> HttpResponse:
    """A tracked link: on to the link if the token verifies and the issue holds it, else 404."""
    found = tracking.click_token_read(token)
    if found is None:
        raise Http404
    send_id, url = found
    send = Send.objects.filter(pk=send_id).select_related("contact").first()
    if send is None or url not in tracking.issue_links(
        send.issue_id, send.language or send.contact.language
    ):
        raise Http404
    if conf.track_opens_clicks():
        services.send_click_record(send_id=send.pk)
    return HttpResponseRedirect(url)
