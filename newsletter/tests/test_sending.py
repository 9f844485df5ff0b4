"""Sending an issue on the real parts: PostgreSQL, Celery workers on the Redis broker, the
project's aiosmtpd server; messages are read back from its Maildir.

- a worker killed with SIGKILL mid-send, started again: every contact got exactly one message;
- consent per country: a Spanish contact without consent is never sent to, a French one under
  professional opt-out is;
- every message: List-Unsubscribe (https) with One-Click, Message-ID, UTF-8 text in fr/es/pt,
  DKIM covering both List-Unsubscribe headers when a key is configured (verified with dkimpy);
- the reader's language picks the translation, falling back along the site's chain.
"""

from __future__ import annotations

import base64
import re
import subprocess

import dkim
import pytest

from newsletter import services, tasks
from newsletter.models import Campaign, Contact, Segment, Send
from newsletter.tests.conftest import (
    BASE_URL,
    ISSUE_TEXT,
    make_contact,
    make_issue,
    wait_until,
)


def _campaign_done(campaign: Campaign, timeout: float = 60) -> Campaign:
    def done():
        campaign.refresh_from_db()
        return campaign.state == Campaign.State.DONE

    wait_until(done, timeout=timeout, message=f"campaign still {campaign.state}")
    return campaign


def _send(issue) -> Campaign:
    campaign = services.campaign_create(issue=issue)
    tasks.enqueue(tasks.campaign_start, campaign.pk)
    return _campaign_done(campaign)


def _text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


# ------------------------------------------------------------------ exactly once, killed ---
def test_a_worker_killed_mid_send_then_restarted_sends_each_contact_exactly_once(
    worker_process, locales, smtp_server, run_domain, monkeypatch
):
    # Slow enough that the kill lands mid-campaign: 40 messages at 10 per second, in batches
    # of 8; claims a dead worker held are taken back after 2 seconds.
    monkeypatch.setenv("NEWSLETTER_RATE_PER_SECOND", "10")
    monkeypatch.setenv("NEWSLETTER_BATCH_SIZE", "8")
    monkeypatch.setenv("NEWSLETTER_CLAIM_TIMEOUT", "2")
    issue = make_issue(locales)
    addresses = [f"pme{n:02d}@{run_domain}" for n in range(40)]
    for address in addresses:
        make_contact(address)
    campaign = services.campaign_create(issue=issue)

    worker_process.start()
    tasks.enqueue(tasks.campaign_start, campaign.pk)

    def mid_batch() -> bool:
        # inside a batch after the first (8 messages each, 100 ms apart), away from its edges:
        # the worker holds claimed rows when it dies. The window (600 ms) leaves room for a
        # poll on a loaded machine.
        sent = len(smtp_server.messages(run_domain))
        return sent >= 9 and 1 <= sent % 8 <= 6

    wait_until(mid_batch, message="the worker sent nothing", step=0.01)
    worker_process.kill()
    delivered_before_kill = len(smtp_server.messages(run_domain))
    assert delivered_before_kill < len(addresses), "the kill came after the whole campaign"
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.RUNNING

    worker_process.start()

    def finished():
        # what Celery beat does every minute, here every half second
        tasks.enqueue(tasks.campaigns_recover)
        campaign.refresh_from_db()
        return campaign.state == Campaign.State.DONE

    wait_until(finished, timeout=120, step=0.5, message="the campaign did not finish")

    received = smtp_server.by_recipient(run_domain)
    assert sorted(received) == addresses
    assert {address: len(messages) for address, messages in received.items()} == {
        address: 1 for address in addresses
    }
    message_ids = {messages[0]["Message-ID"] for messages in received.values()}
    assert len(message_ids) == len(addresses)
    sends = Send.objects.filter(campaign=campaign)
    assert sends.filter(status=Send.Status.SENT).count() == len(addresses)
    assert set(sends.values_list("message_id", flat=True)) == message_ids
    # the kill interrupted a batch: some rows were claimed twice, none sent twice
    assert sends.filter(attempts__gt=1).exists()


# ------------------------------------------------------------------------------ consent ---
def test_a_spanish_contact_without_consent_is_never_sent_to(
    sending_worker, newsletter_env, locales, smtp_server, run_domain
):
    issue = make_issue(locales)
    make_contact(f"fr-optout@{run_domain}", country="FR", legal_basis="legitimate_interest")
    make_contact(f"es-consent@{run_domain}", country="ES", language="es", legal_basis="consent")
    make_contact(
        f"es-optout@{run_domain}", country="ES", language="es", legal_basis="legitimate_interest"
    )
    make_contact(f"es-nobasis@{run_domain}", country="ES", language="es", legal_basis="")
    # consent claimed without its date (no proof) does not count
    make_contact(
        f"es-undated@{run_domain}",
        country="ES",
        language="es",
        legal_basis="consent",
        consent_at=None,
    )
    make_contact(f"pt-optout@{run_domain}", country="PT", language="pt")

    campaign = _send(issue)

    assert sorted(smtp_server.by_recipient(run_domain)) == [
        f"es-consent@{run_domain}",
        f"fr-optout@{run_domain}",
    ]
    assert campaign.total == 2
    assert not Send.objects.filter(contact__email__startswith="es-optout").exists()


def test_consent_withdrawn_after_the_start_stops_the_message(
    sending_worker, newsletter_env, locales, smtp_server, run_domain
):
    issue = make_issue(locales)
    kept = make_contact(f"kept@{run_domain}", country="ES", language="es", legal_basis="consent")
    withdrawn = make_contact(
        f"withdrawn@{run_domain}", country="ES", language="es", legal_basis="consent"
    )
    campaign = services.campaign_create(issue=issue)
    batches = services.campaign_start(campaign=campaign)
    Contact.objects.filter(pk=withdrawn.pk).update(legal_basis="")
    tasks.campaign_dispatch(campaign.pk, batches)
    _campaign_done(campaign)

    assert sorted(smtp_server.by_recipient(run_domain)) == [kept.email]
    assert Send.objects.get(contact=withdrawn).status == Send.Status.SKIPPED


# ------------------------------------------------------------------ headers and encoding ---
def _dkim_key(tmp_path) -> tuple[bytes, bytes]:
    """A fresh RSA key (openssl) and its DNS TXT record."""
    key = tmp_path / "dkim.pem"
    subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        check=True,
        stdout=key.open("wb"),
        stderr=subprocess.DEVNULL,
    )
    public = subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    return key.read_bytes(), b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def test_every_message_has_one_click_unsubscribe_message_id_utf8_and_dkim(
    sending_worker, newsletter_env, locales, smtp_server, run_domain, monkeypatch, tmp_path
):
    private_key, dns_record = _dkim_key(tmp_path)
    monkeypatch.setenv("NEWSLETTER_DKIM_PRIVATE_KEY", private_key.decode())
    monkeypatch.setenv("NEWSLETTER_DKIM_SELECTOR", "nl2026")
    monkeypatch.setenv("NEWSLETTER_DKIM_DOMAIN", "cybersudoe.example")
    issue = make_issue(locales)
    contacts = {
        "fr": make_contact(f"fr@{run_domain}", language="fr", country="FR"),
        "es": make_contact(f"es@{run_domain}", language="es", country="ES", legal_basis="consent"),
        "pt": make_contact(f"pt@{run_domain}", language="pt", country="PT", legal_basis="consent"),
    }

    _send(issue)

    received = smtp_server.by_recipient(run_domain)
    assert sorted(received) == sorted(c.email for c in contacts.values())
    for language, contact in contacts.items():
        [message] = received[contact.email]
        send = Send.objects.get(contact=contact, issue=issue)
        # RFC 8058: an https One-Click target, and the POST that makes it one click
        one_click = re.fullmatch(r"<(https://[^>]+)>", message["List-Unsubscribe"])
        assert one_click, message["List-Unsubscribe"]
        assert one_click.group(1).startswith(f"{BASE_URL}/newsletter/one-click/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Message-ID"] == send.message_id
        assert re.fullmatch(r"<nl\.\d+\.\d+@[\w.-]+>", message["Message-ID"])
        # the reader's language, every accent intact, in subject and both parts
        assert message["Subject"] == ISSUE_TEXT[language]["subject"]
        assert message["Content-Language"] == language
        for part in message.walk():
            if part.get_content_maintype() == "text":
                assert part.get_content_charset() == "utf-8"
        assert ISSUE_TEXT[language]["intro"] in _text_part(message)
        assert ISSUE_TEXT[language]["intro"] in _html_part(message)
        # the visible unsubscribe link, in the reader's language's pages
        assert f"{BASE_URL}/{language}/newsletter/unsubscribe/" in _text_part(message)
        assert f'href="{BASE_URL}/{language}/newsletter/unsubscribe/' in _html_part(message)
        # DKIM: valid for the published key, covering both List-Unsubscribe headers
        raw = message.raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        signature = message["DKIM-Signature"]
        signed = re.search(r"h=([^;]+)", signature.replace("\r\n", "").replace(" ", "")).group(1)
        assert {"list-unsubscribe", "list-unsubscribe-post"} <= set(signed.lower().split(":"))
        assert dkim.verify(raw, dnsfunc=lambda name, timeout=5: dns_record)
        # and a message altered in transit fails it
        tampered = raw.replace(b"List-Unsubscribe: <https", b"List-Unsubscribe: <http", 1)
        assert not dkim.verify(tampered, dnsfunc=lambda name, timeout=5: dns_record)


def test_without_a_key_no_dkim_signature(
    sending_worker, newsletter_env, locales, smtp_server, run_domain
):
    make_contact(f"fr@{run_domain}")
    _send(make_issue(locales, languages=("fr",)))
    [message] = smtp_server.messages(run_domain)
    assert message["DKIM-Signature"] is None
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# ------------------------------------------------------------------------------ language ---
def test_the_readers_language_picks_the_translation_falling_back_along_the_chain(
    sending_worker, newsletter_env, locales, smtp_server, run_domain, settings
):
    # translated into Spanish only: Portuguese and English readers fall back along the chain
    # (fr, es, pt, en): to French, the first language of it that has the issue
    settings.CONTENT_FALLBACK_CHAIN = ["fr", "es", "pt", "en"]
    issue = make_issue(locales, languages=("fr", "es"))
    make_contact(f"fr@{run_domain}", language="fr")
    make_contact(f"es@{run_domain}", language="es", country="ES", legal_basis="consent")
    make_contact(f"pt@{run_domain}", language="pt", country="PT", legal_basis="consent")
    make_contact(f"en@{run_domain}", language="en", country="FR")

    _send(issue)

    received = smtp_server.by_recipient(run_domain)
    subjects = {address.split("@")[0]: msgs[0]["Subject"] for address, msgs in received.items()}
    assert subjects == {
        "fr": ISSUE_TEXT["fr"]["subject"],
        "es": ISSUE_TEXT["es"]["subject"],
        "pt": ISSUE_TEXT["fr"]["subject"],
        "en": ISSUE_TEXT["fr"]["subject"],
    }
    languages = dict(Send.objects.values_list("contact__language", "language"))
    assert languages == {"fr": "fr", "es": "es", "pt": "fr", "en": "fr"}
    # the links still lead to the reader's own language
    pt_text = _text_part(received[f"pt@{run_domain}"][0])
    assert f"{BASE_URL}/pt/newsletter/unsubscribe/" in pt_text


def test_pt_falls_back_to_spanish_when_the_chain_says_so(
    sending_worker, newsletter_env, locales, smtp_server, run_domain, settings
):
    settings.CONTENT_FALLBACK_CHAIN = ["es", "fr", "pt", "en"]
    issue = make_issue(locales, languages=("fr", "es"))
    make_contact(f"pt@{run_domain}", language="pt", country="PT", legal_basis="consent")
    _send(issue)
    [message] = smtp_server.messages(run_domain)
    assert message["Subject"] == ISSUE_TEXT["es"]["subject"]


# ------------------------------------------------------------------- pause and cancel ---
@pytest.mark.parametrize("action", ["pause", "cancel"])
def test_pause_and_cancel_stop_the_sending(
    sending_worker, newsletter_env, locales, smtp_server, run_domain, monkeypatch, action
):
    issue = make_issue(locales, languages=("fr",))
    for n in range(12):
        make_contact(f"c{n}@{run_domain}")
    campaign = services.campaign_create(issue=issue)
    batches = services.campaign_start(campaign=campaign)
    getattr(services, f"campaign_{action}")(campaign=campaign)
    tasks.campaign_dispatch(campaign.pk, batches)
    # a sentinel campaign after it on the same queue: when it is done, the batches ran
    make_contact(f"sentinel@{run_domain}", sector="sentinel")
    sentinel_campaign = services.campaign_create(
        issue=make_issue(locales, languages=("fr",)),
        segment=Segment.objects.create(name="sentinel", sectors=["sentinel"]),
    )
    tasks.enqueue(tasks.campaign_start, sentinel_campaign.pk)
    _campaign_done(sentinel_campaign)

    assert sorted(smtp_server.by_recipient(run_domain)) == [f"sentinel@{run_domain}"]
    campaign.refresh_from_db()
    if action == "pause":
        assert campaign.state == Campaign.State.PAUSED
        tasks.enqueue(tasks.campaign_resume, campaign.pk)
        _campaign_done(campaign)
        received = smtp_server.by_recipient(run_domain)
        assert len(received) == 13
        assert all(len(messages) == 1 for messages in received.values())
    else:
        assert campaign.state == Campaign.State.CANCELLED
        assert not Send.objects.filter(campaign=campaign, status=Send.Status.SENT).exists()
