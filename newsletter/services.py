"""Writes of the newsletter: consent, campaigns and their batches, subscriptions, unsubscribing,
GDPR export and erasure, bounces. Tasks, views and commands call these and nothing else."""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import uuid
from collections.abc import Iterable
from email import message_from_binary_file
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

from django.core import signing
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from flufl.bounce import all_failures

from newsletter import conf
from newsletter.mailer import (
    MessageFactory,
    RateLimiter,
    SendRefused,
    message_id_for,
    pool,
    transmit,
)
from newsletter.models import (
    Campaign,
    Contact,
    ContactSource,
    LegalBasis,
    NewsletterIssuePage,
    Segment,
    Send,
    Suppression,
)
from newsletter.rendering import IssueRenderError, RenderedIssue, issue_check, issue_render
from toolbox.fallback import fallback_chain

logger = logging.getLogger(__name__)

SIGNING_SALT = "newsletter.contact"
CONFIRM_SUBJECT = _("Confirm your subscription to the CyberSudoe newsletter")
UNSUBSCRIBED_SUBJECT = _("You are unsubscribed from the CyberSudoe newsletter")
#: How often (in messages) a batch re-reads its campaign's state, so pause and cancel bite fast.
STATE_CHECK_EVERY = 50


class CampaignStateError(Exception):
    """The action does not apply to the campaign in its current state."""


# ----------------------------------------------------------------------------- consent ---
def consent_q() -> Q:
    """Contacts with a legal basis their country accepts (``NEWSLETTER_CONSENT_RULES``)."""
    rules = conf.consent_rules()
    q = Q(pk__in=[])
    for country, bases in rules.items():
        allowed = [basis for basis in bases if basis]
        if not allowed:
            continue
        country_q = Q(country=country, legal_basis__in=allowed)
        if LegalBasis.CONSENT in allowed:
            # consent counts only with its date (proof)
            country_q &= ~Q(legal_basis=LegalBasis.CONSENT, consent_at__isnull=True)
        q |= country_q
    return q


def contact_may_receive(contact: Contact) -> bool:
    return (
        contact.status == Contact.Status.ACTIVE
        and not Suppression.objects.filter(email=contact.email).exists()
        and Contact.objects.filter(consent_q(), pk=contact.pk).exists()
    )


def recipients(segment: Segment | None) -> QuerySet[Contact]:
    """Contacts an issue may go to: subscribed, with a valid basis for their country, not on
    the suppression list, and in the segment."""
    contacts = Contact.objects.filter(consent_q(), status=Contact.Status.ACTIVE).exclude(
        Exists(Suppression.objects.filter(email=OuterRef("email")))
    )
    if segment is not None:
        if segment.languages:
            contacts = contacts.filter(language__in=segment.languages)
        if segment.countries:
            contacts = contacts.filter(country__in=segment.countries)
        if segment.sectors:
            contacts = contacts.filter(sector__in=segment.sectors)
        if segment.themes:
            theme_q = Q(pk__in=[])
            for theme in segment.themes:
                theme_q |= (
                    Q(themes__contains=[theme])
                    if _json_contains_supported()
                    else Q(themes__icontains=f'"{theme}"')
                )
            contacts = contacts.filter(theme_q)
        partner_ids = list(segment.partners.values_list("pk", flat=True))
        if partner_ids:
            contacts = contacts.filter(
                Exists(
                    ContactSource.objects.filter(contact=OuterRef("pk"), partner_id__in=partner_ids)
                )
            )
    return contacts


def _json_contains_supported() -> bool:
    return connection.vendor == "postgresql"


def suppression_add(*, email: str, reason: str, detail: str = "") -> Suppression:
    suppression, _created = Suppression.objects.get_or_create(
        email=email.lower(), defaults={"reason": reason, "detail": detail[:255]}
    )
    return suppression


# ------------------------------------------------------------------------ signed links ---
def contact_signature(contact: Contact, issue_id: int | None = None) -> str:
    value = f"{contact.token.hex}.{issue_id or 0}"
    return signing.Signer(salt=SIGNING_SALT).sign(value)


def contact_from_signature(signature: str) -> tuple[Contact, int | None]:
    """The contact (and issue) of a signed link; ``Contact.DoesNotExist`` when it is forged or
    the contact is gone."""
    try:
        value = signing.Signer(salt=SIGNING_SALT).unsign(signature)
        token, issue = value.split(".", 1)
        contact = Contact.objects.get(token=uuid.UUID(token))
    except (signing.BadSignature, ValueError) as error:
        raise Contact.DoesNotExist from error
    return contact, int(issue) or None


def _url(name: str, signature: str, language: str | None = None) -> str:
    if language:
        with translation.override(language):
            path = reverse(name, args=[signature])
    else:
        path = reverse(name, args=[signature])
    return conf.base_url().rstrip("/") + path


def links_for(contact: Contact, issue_id: int | None = None) -> dict[str, str]:
    signature = contact_signature(contact, issue_id)
    return {
        # One-Click target (RFC 8058): outside the language prefix, POST with no cookie.
        "one_click": _url("newsletter-one-click", signature),
        "unsubscribe": _url("newsletter:unsubscribe", signature, contact.language),
        "preferences": _url("newsletter:preferences", signature, contact.language),
    }


# --------------------------------------------------------------------------- campaigns ---
def campaign_create(*, issue: NewsletterIssuePage, segment: Segment | None = None) -> Campaign:
    return Campaign.objects.create(issue=issue, segment=segment)


def _language_resolution(issue: NewsletterIssuePage) -> dict[str, str]:
    """Reader language → language of the translation they get."""
    live = set(
        issue.get_translations(inclusive=True)
        .live()
        .values_list("locale__language_code", flat=True)
    )
    result = {}
    for language in ("fr", "es", "pt", "en"):
        result[language] = next((c for c in fallback_chain(language) if c in live), language)
    return result


def campaign_start(*, campaign: Campaign) -> list[tuple[int, int]]:
    """Create the send rows (one per recipient; a contact who already has this issue keeps
    their row) and return the batches to dispatch as (first id, last id)."""
    if campaign.state != Campaign.State.DRAFT:
        raise CampaignStateError(campaign.state)
    issue = campaign.issue
    issue_check(issue.specific)  # IssueRenderError before any row exists: nothing to undo
    resolution = _language_resolution(issue)
    contact_rows = recipients(campaign.segment).values_list("pk", "language").order_by("pk")
    with transaction.atomic():
        chunk: list[Send] = []
        for contact_id, language in contact_rows.iterator(chunk_size=5000):
            chunk.append(
                Send(
                    issue_id=issue.pk,
                    contact_id=contact_id,
                    campaign=campaign,
                    language=resolution.get(language, language),
                )
            )
            if len(chunk) >= 5000:
                Send.objects.bulk_create(chunk, ignore_conflicts=True)
                chunk = []
        if chunk:
            Send.objects.bulk_create(chunk, ignore_conflicts=True)
        campaign.total = campaign.sends.count()
        campaign.state = Campaign.State.RUNNING
        campaign.started_at = timezone.now()
        campaign.save(update_fields=["total", "state", "started_at"])
    return campaign_batches(campaign=campaign)


def campaign_batches(*, campaign: Campaign) -> list[tuple[int, int]]:
    """The queued rows of a campaign, as id ranges of ``batch_size`` rows."""
    ids = list(
        campaign.sends.filter(status=Send.Status.QUEUED).order_by("pk").values_list("pk", flat=True)
    )
    size = conf.batch_size()
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def campaign_pause(*, campaign: Campaign) -> None:
    updated = Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.RUNNING).update(
        state=Campaign.State.PAUSED
    )
    if not updated:
        raise CampaignStateError(campaign.state)


def campaign_resume(*, campaign: Campaign) -> list[tuple[int, int]]:
    """Back to sending: rows a dead or stopped worker left claimed go back to the queue (their
    final "." was never written, see ``mailer.transmit``) and the remaining rows are batched."""
    updated = Campaign.objects.filter(
        pk=campaign.pk, state__in=[Campaign.State.PAUSED, Campaign.State.RUNNING]
    ).update(state=Campaign.State.RUNNING, finished_at=None)
    if not updated:
        raise CampaignStateError(campaign.state)
    campaign.sends.filter(status=Send.Status.CLAIMED).update(
        status=Send.Status.QUEUED, claim_token=""
    )
    return campaign_batches(campaign=campaign)


def campaign_cancel(*, campaign: Campaign) -> None:
    updated = Campaign.objects.filter(
        pk=campaign.pk,
        state__in=[Campaign.State.DRAFT, Campaign.State.RUNNING, Campaign.State.PAUSED],
    ).update(state=Campaign.State.CANCELLED, finished_at=timezone.now())
    if not updated:
        raise CampaignStateError(campaign.state)
    campaign.sends.filter(status__in=[Send.Status.QUEUED, Send.Status.CLAIMED]).update(
        status=Send.Status.SKIPPED, error="cancelled", claim_token=""
    )


def _campaign_finish_if_done(campaign_id: int) -> None:
    pending = Send.objects.filter(
        campaign_id=campaign_id, status__in=[Send.Status.QUEUED, Send.Status.CLAIMED]
    )
    Campaign.objects.filter(pk=campaign_id, state=Campaign.State.RUNNING).exclude(
        Exists(pending)
    ).update(state=Campaign.State.DONE, finished_at=timezone.now())


class _Renderings:
    """Renderings and message factories of one issue, per translation language (per process)."""

    cache: dict[tuple[int, str, str], MessageFactory] = {}

    @classmethod
    def factory(cls, issue: NewsletterIssuePage, language: str) -> MessageFactory:
        key = (issue.pk, str(issue.last_published_at), language)
        factory = cls.cache.get(key)
        if factory is None:
            rendered: RenderedIssue = issue_render(issue, language)
            factory = cls.cache[key] = MessageFactory(rendered)
            if len(cls.cache) > 32:
                cls.cache.pop(next(iter(cls.cache)))
        return factory


#: Rows a batch claims at a time: the campaign's state is read before each claim, and a claim
#: is held at most for these messages (see ``conf.claim_timeout``).
CLAIM_CHUNK = STATE_CHECK_EVERY


def _claimable(now) -> Q:
    """Rows a batch may take: queued ones, and claims older than the claim timeout (the worker
    that held them died before writing their final ".", so the server has dropped them)."""
    stale = now - dt.timedelta(seconds=conf.claim_timeout())
    return Q(status=Send.Status.QUEUED) | Q(status=Send.Status.CLAIMED, claimed_at__lt=stale)


def _claim(*, campaign_id: int, first_id: int, last_id: int, token: str) -> bool:
    """Claim the next rows of the range under ``token``; False when none is left to take."""
    now = timezone.now()
    claimable = _claimable(now)
    ids = list(
        Send.objects.filter(claimable, campaign_id=campaign_id, pk__gte=first_id, pk__lte=last_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:CLAIM_CHUNK]
    )
    if not ids:
        return False
    # The condition is evaluated again under the row locks: of two batches racing for the same
    # rows, the second one updates nothing.
    Send.objects.filter(claimable, pk__in=ids).update(
        status=Send.Status.CLAIMED, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return True


def _release(token: str) -> None:
    """Rows still claimed under ``token`` back to the queue (nothing was written for them)."""
    Send.objects.filter(claim_token=token, status=Send.Status.CLAIMED).update(
        status=Send.Status.QUEUED, claim_token=""
    )


def _campaign_running(campaign_id: int) -> bool:
    return Campaign.objects.filter(pk=campaign_id, state=Campaign.State.RUNNING).exists()


def batch_send(*, campaign_id: int, first_id: int, last_id: int) -> int:
    """Send the queued rows of a campaign between two ids; returns how many went out.

    Rows are claimed ``CLAIM_CHUNK`` at a time under a token of this run; each is marked sent
    under that token before its message is terminated (``mailer.transmit``), so a row is sent
    once even when batches overlap, are retried, or a worker dies mid-batch. The campaign's
    state is read before every claim, so pause and cancel take effect within ``CLAIM_CHUNK``
    messages (cancel at once: it takes the claimed rows back)."""
    campaign = Campaign.objects.select_related("issue").filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    issue = campaign.issue.specific
    token = uuid.uuid4().hex
    limiter = RateLimiter(conf.rate_per_second())
    sender = conf.bounce_address()
    sent = 0
    smtp = None
    try:
        while _campaign_running(campaign_id) and _claim(
            campaign_id=campaign_id, first_id=first_id, last_id=last_id, token=token
        ):
            claimed = Send.objects.filter(claim_token=token, status=Send.Status.CLAIMED)
            # What changed since the rows were created: unsubscribed, suppressed, consent gone.
            # (the check is limited to the claimed contacts: not a scan of every contact)
            allowed = recipients(None).filter(pk__in=claimed.values("contact_id"))
            claimed.exclude(contact__in=allowed).update(
                status=Send.Status.SKIPPED, error="not allowed at sending time", claim_token=""
            )
            rows = list(
                claimed.order_by("pk").values_list(
                    "pk", "language", "contact__email", "contact__token", "contact__language"
                )
            )
            for send_id, language, email, contact_token, contact_language in rows:
                factory = _Renderings.factory(issue, language or contact_language)
                contact = Contact(token=contact_token, language=contact_language, email=email)
                links = links_for(contact, issue.pk)
                message_id = message_id_for(send_id, issue.pk)
                data = factory.build(
                    to=email,
                    message_id=message_id,
                    list_unsubscribe_url=links["one_click"],
                    unsubscribe_url=links["unsubscribe"],
                    preferences_url=links["preferences"],
                    send_id=send_id,
                )

                def commit(send_id=send_id, message_id=message_id) -> bool:
                    return bool(
                        Send.objects.filter(
                            pk=send_id, claim_token=token, status=Send.Status.CLAIMED
                        ).update(
                            status=Send.Status.SENT, sent_at=timezone.now(), message_id=message_id
                        )
                    )

                limiter.wait()
                if smtp is None:
                    smtp = pool.acquire()
                try:
                    delivered = transmit(
                        smtp, sender=sender, recipient=email, data=data, commit=commit
                    )
                except SendRefused as refused:
                    Send.objects.filter(pk=send_id, claim_token=token).update(
                        status=Send.Status.FAILED, error=str(refused)[:255]
                    )
                    if refused.permanent:
                        suppression_add(
                            email=email, reason=Suppression.Reason.HARD_BOUNCE, detail=str(refused)
                        )
                    continue
                if delivered:
                    sent += 1
                else:
                    # The row was taken from us (cancelled, or claimed again after the claim
                    # timeout): the message was abandoned and its connection closed.
                    smtp = None
                    break
    except (smtplib.SMTPException, OSError):
        if smtp is not None:
            pool.release(smtp, broken=True)
        _release(token)
        raise
    except IssueRenderError as error:
        # Sending again would fail again: the campaign is paused (its rows back in the queue)
        # until the issue is corrected and the sending resumed from the admin.
        if smtp is not None:
            pool.release(smtp)
        _release(token)
        Campaign.objects.filter(pk=campaign_id, state=Campaign.State.RUNNING).update(
            state=Campaign.State.PAUSED
        )
        logger.error(
            "newsletter: campaign %s paused after %s messages, the issue cannot be rendered: %s",
            campaign_id,
            sent,
            error,
        )
        return sent
    if smtp is not None:
        pool.release(smtp)
    _release(token)
    _campaign_finish_if_done(campaign_id)
    return sent


def campaign_recover(*, campaign: Campaign) -> list[tuple[int, int]]:
    """A running campaign's rows claimed by a worker that died go back to the queue; when it
    has queued rows and nothing moved for the claim timeout (its batch tasks were lost), its
    batches are returned to be dispatched again. Batches dispatched twice are harmless: a row
    is claimed by one of them only."""
    if campaign.state != Campaign.State.RUNNING:
        return []
    cutoff = timezone.now() - dt.timedelta(seconds=conf.claim_timeout())
    sends = campaign.sends
    stale = sends.filter(status=Send.Status.CLAIMED, claimed_at__lt=cutoff).update(
        status=Send.Status.QUEUED, claim_token=""
    )
    if not sends.filter(status=Send.Status.QUEUED).exists():
        _campaign_finish_if_done(campaign.pk)
        return []
    moving = (campaign.started_at and campaign.started_at >= cutoff) or sends.filter(
        Q(claimed_at__gte=cutoff) | Q(sent_at__gte=cutoff)
    ).exists()
    if moving and not stale:
        return []
    return campaign_batches(campaign=campaign)


def issue_test_send(*, issue: NewsletterIssuePage, addresses: Iterable[str], language: str) -> int:
    """The issue in ``language`` to a few chosen addresses, with no send row (a proof)."""
    factory = MessageFactory(issue_render(issue, language))
    smtp = pool.acquire()
    count = 0
    try:
        for address in addresses:
            message_id = message_id_for(0, issue.pk).replace(
                "nl.", f"nl-test.{uuid.uuid4().hex[:8]}."
            )
            data = factory.build(
                to=address,
                message_id=message_id,
                list_unsubscribe_url=conf.base_url() + "/",
                unsubscribe_url=conf.base_url() + "/",
                preferences_url=conf.base_url() + "/",
            )
            transmit(
                smtp,
                sender=conf.bounce_address(),
                recipient=address,
                data=data,
                commit=lambda: True,
            )
            count += 1
    finally:
        pool.release(smtp)
    return count


# ------------------------------------------------------------ opens and clicks (optional) ---
def send_open_record(*, send_id: int) -> None:
    """The first time a message's image was loaded (counting on only: see newsletter.tracking)."""
    Send.objects.filter(pk=send_id, opened_at__isnull=True).update(opened_at=timezone.now())


def send_click_record(*, send_id: int) -> None:
    """One click on a tracked link; a click also tells the message was opened."""
    Send.objects.filter(pk=send_id).update(clicks=F("clicks") + 1)
    send_open_record(send_id=send_id)


# ---------------------------------------------------------------------- subscriptions ---
def _mail(contact: Contact, template: str, subject, **context) -> None:
    """A transactional mail (confirmation, notice) in the contact's language, through Django's
    mail API and ``EMAIL_BACKEND``, like the site's other one-off mails."""
    with translation.override(contact.language):
        text = render_to_string(template, {"contact": contact, **context})
        EmailMessage(
            subject=str(subject),
            body=text,
            from_email=conf.from_email(),
            to=[contact.email],
            headers={"Auto-Submitted": "auto-generated"},
        ).send()


def subscription_request(
    *, email: str, language: str, country: str, themes: list[str]
) -> Contact | None:
    """The public form: a pending contact and a confirmation mail in ``language`` (double
    opt-in). Suppressed and already subscribed addresses get no mail and no change, and the
    form answers the same, so it tells nobody who is subscribed."""
    email = email.lower()
    if Suppression.objects.filter(email=email, reason=Suppression.Reason.HARD_BOUNCE).exists():
        return None
    contact, created = Contact.objects.get_or_create(
        email=email,
        defaults={
            "language": language,
            "country": country,
            "themes": themes,
            "status": Contact.Status.PENDING,
        },
    )
    if not created and contact.status == Contact.Status.ACTIVE and contact.confirmed_at:
        return contact
    if not created:
        contact.language = language
        contact.save(update_fields=["language", "updated"])
    signature = contact_signature(contact)
    with translation.override(language):
        confirm_url = conf.base_url().rstrip("/") + reverse("newsletter:confirm", args=[signature])
    _mail(
        contact,
        "newsletter/email/confirm.txt",
        CONFIRM_SUBJECT,
        confirm_url=confirm_url,
    )
    return contact


def subscription_confirm(*, contact: Contact, proof: str) -> Contact:
    """The confirmation link was followed: prior consent, with its date and proof."""
    now = timezone.now()
    with transaction.atomic():
        Suppression.objects.filter(
            email=contact.email,
            reason__in=[Suppression.Reason.UNSUBSCRIBED, Suppression.Reason.ERASED],
        ).delete()
        contact.status = Contact.Status.ACTIVE
        contact.legal_basis = LegalBasis.CONSENT
        contact.consent_at = now
        contact.confirmed_at = now
        contact.consent_source = proof[:255]
        contact.save()
        ContactSource.objects.update_or_create(
            contact=contact,
            partner=None,
            defaults={
                "legal_basis": LegalBasis.CONSENT,
                "consent_at": now,
                "consent_source": proof[:255],
            },
        )
    return contact


def contact_unsubscribe(
    *, contact: Contact, issue_id: int | None = None, notify: bool = True
) -> None:
    """Unsubscribed everywhere, at once: the contact and the global suppression list; the issue
    the link came from counts it."""
    with transaction.atomic():
        already = contact.status == Contact.Status.UNSUBSCRIBED
        contact.status = Contact.Status.UNSUBSCRIBED
        contact.save(update_fields=["status", "updated"])
        suppression_add(email=contact.email, reason=Suppression.Reason.UNSUBSCRIBED)
        if issue_id:
            Send.objects.filter(
                issue_id=issue_id, contact=contact, unsubscribed_at__isnull=True
            ).update(unsubscribed_at=timezone.now())
    if notify and not already:
        transaction.on_commit(lambda: _unsubscribe_notice(contact))


def _unsubscribe_notice(contact: Contact) -> None:
    try:
        _mail(
            contact,
            "newsletter/email/unsubscribed.txt",
            UNSUBSCRIBED_SUBJECT,
        )
    except (smtplib.SMTPException, OSError):
        pass  # the unsubscription stands; the notice is a courtesy


def contact_preferences_update(
    *, contact: Contact, language: str, themes: list[str], sector: str
) -> Contact:
    contact.language = language
    contact.themes = themes
    contact.sector = sector
    contact.save(update_fields=["language", "themes", "sector", "updated"])
    return contact


def contact_export(*, contact: Contact) -> dict:
    """Everything held about the contact (GDPR art. 15 and 20)."""
    return {
        "email": contact.email,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "language": contact.language,
        "country": contact.country,
        "region": contact.region,
        "sector": contact.sector,
        "themes": contact.themes,
        "status": contact.status,
        "legal_basis": contact.legal_basis,
        "consent_at": contact.consent_at.isoformat() if contact.consent_at else None,
        "consent_source": contact.consent_source,
        "confirmed_at": contact.confirmed_at.isoformat() if contact.confirmed_at else None,
        "created": contact.created.isoformat(),
        "company": (
            {
                "name": contact.company.name,
                "country": contact.company.country,
                "identifier": contact.company.identifier,
            }
            if contact.company
            else None
        ),
        "sources": [
            {
                "partner": source.partner.name if source.partner else None,
                "legal_basis": source.legal_basis,
                "consent_at": source.consent_at.isoformat() if source.consent_at else None,
                "consent_source": source.consent_source,
            }
            for source in contact.sources.select_related("partner")
        ],
        "sends": [
            {
                "issue": send.issue.title,
                "status": send.status,
                "sent_at": send.sent_at.isoformat() if send.sent_at else None,
            }
            for send in contact.sends.select_related("issue")
        ],
    }


def contact_erase(*, contact: Contact) -> None:
    """Erasure (GDPR art. 17): the contact, its sources and sends are deleted; the address stays
    on the suppression list only, so that no partner's next import brings it back."""
    with transaction.atomic():
        suppression_add(email=contact.email, reason=Suppression.Reason.ERASED)
        contact.delete()


# ----------------------------------------------------------------------------- bounces ---
def _headers(path: Path) -> Message:
    """The header block of a stored message (its first 16 KiB: enough, and cheap on a
    Maildir that also holds every newsletter the local server received)."""
    with path.open("rb") as handle:
        head = handle.read(16384)
    return BytesHeaderParser(policy=compat32).parsebytes(head)


def _original_message_id(report: Message) -> str:
    """The Message-ID of the message a DSN reports on (its returned headers or message)."""
    for part in report.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            payload = part.get_payload(decode=True) or b""
            found = BytesHeaderParser(policy=compat32).parsebytes(payload).get("Message-ID")
            if found:
                return found.strip()
        elif kind == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and inner[0].get("Message-ID"):
                return inner[0]["Message-ID"].strip()
    return ""


def bounces_process(
    *, maildir: str | Path | None = None, recipient: str | None = None
) -> dict[str, int]:
    """Read the DSNs addressed to the bounce address in a Maildir (flufl.bounce): a hard bounce
    puts the address on the suppression list and marks its send bounced; a soft one is counted
    on the contact (and suppresses the address at ``SOFT_BOUNCE_LIMIT``). Each DSN read moves
    to ``cur`` so it counts once; other messages are left where they are."""
    path = Path(maildir or conf.maildir())
    bounce_to = (recipient or conf.bounce_address()).lower()
    counts = {"read": 0, "hard": 0, "soft": 0}
    limit = conf.soft_bounce_limit()
    for entry in sorted((path / "new").iterdir()):
        if not entry.is_file():
            continue
        headers = _headers(entry)
        to = (headers.get("X-RcptTo") or headers.get("To") or "").lower()
        if bounce_to not in to:
            continue
        with entry.open("rb") as handle:
            report = message_from_binary_file(handle, policy=compat32)
        counts["read"] += 1
        temporary, permanent = all_failures(report)
        message_id = _original_message_id(report)
        for raw in permanent:
            address = raw.decode("utf-8", "replace").lower()
            suppression_add(email=address, reason=Suppression.Reason.HARD_BOUNCE, detail="DSN")
            sends = Send.objects.filter(contact__email=address, status=Send.Status.SENT)
            if message_id:
                sends = sends.filter(message_id=message_id)
            sends.update(status=Send.Status.BOUNCED, error="hard bounce")
            counts["hard"] += 1
        for raw in temporary - permanent:
            address = raw.decode("utf-8", "replace").lower()
            Contact.objects.filter(email=address).update(soft_bounces=F("soft_bounces") + 1)
            if Contact.objects.filter(email=address, soft_bounces__gte=limit).exists():
                suppression_add(
                    email=address, reason=Suppression.Reason.HARD_BOUNCE, detail="soft bounces"
                )
            if message_id:
                Send.objects.filter(message_id=message_id, contact__email=address).update(
                    error="soft bounce"
                )
            counts["soft"] += 1
        os.replace(entry, path / "cur" / f"{entry.name.split(':', 1)[0]}:2,S")
    return counts
