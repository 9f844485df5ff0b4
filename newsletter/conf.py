"""The newsletter's settings. Each one may be set in Django settings (``NEWSLETTER_<NAME>``) or,
failing that, in the environment variable of the same name; the defaults suit development.

The newsletter sends through its own SMTP connection (``NEWSLETTER_SMTP_*``), never through
Django's ``EMAIL_BACKEND``, which stays what it is for the site's other mails.
"""

from __future__ import annotations

import os

from django.conf import settings

#: Legal bases accepted per country. France allows writing to professional addresses on a
#: legitimate-interest basis as long as opting out is offered (CNIL, B2B prospecting); Spain
#: (LSSI art. 21) and Portugal (Lei 41/2004 art. 13.º-A) require prior consent.
DEFAULT_CONSENT_RULES = {
    "FR": ["consent", "legitimate_interest"],
    "ES": ["consent"],
    "PT": ["consent"],
    "AD": ["consent"],
}


def _get(name: str, default: str) -> str:
    value = getattr(settings, f"NEWSLETTER_{name}", None)
    if value is None:
        value = os.environ.get(f"NEWSLETTER_{name}", "").strip() or default
    return value


def smtp_host() -> str:
    return _get("SMTP_HOST", "127.0.0.1")


def smtp_port() -> int:
    return int(_get("SMTP_PORT", "58025"))


def smtp_user() -> str:
    return _get("SMTP_USER", "")


def smtp_password() -> str:
    return _get("SMTP_PASSWORD", "")


def smtp_starttls() -> bool:
    return str(_get("SMTP_STARTTLS", "0")).lower() in {"1", "true", "yes", "on"}


def smtp_connections() -> int:
    """SMTP connections each worker process keeps open (the pool's size)."""
    return int(_get("SMTP_CONNECTIONS", "2"))


def rate_per_second() -> float:
    """Messages per second each worker process hands over at most (0: no limit)."""
    return float(_get("RATE_PER_SECOND", "0"))


def batch_size() -> int:
    return int(_get("BATCH_SIZE", "500"))


def queue() -> str:
    """Celery queue of the sending tasks ("" = the default queue)."""
    return _get("QUEUE", "")


def from_email() -> str:
    return _get("FROM_EMAIL", "CyberSudoe <newsletter@cybersudoe.localhost>")


def bounce_address() -> str:
    """The envelope sender (Return-Path), where DSNs come back."""
    return _get("BOUNCE_ADDRESS", "bounces@cybersudoe.localhost")


def base_url() -> str:
    """Public address of the site in the links of a message (https in production)."""
    return _get("BASE_URL", getattr(settings, "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000"))


def message_id_domain() -> str:
    return _get("MESSAGE_ID_DOMAIN", "cybersudoe.localhost")


def dkim_selector() -> str:
    return _get("DKIM_SELECTOR", "")


def dkim_domain() -> str:
    return _get("DKIM_DOMAIN", "")


def dkim_private_key() -> bytes:
    """PEM key, from NEWSLETTER_DKIM_PRIVATE_KEY or the file NEWSLETTER_DKIM_KEY_FILE."""
    key = _get("DKIM_PRIVATE_KEY", "")
    if key:
        return key.encode()
    path = _get("DKIM_KEY_FILE", "")
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    return b""


def maildir() -> str:
    """The Maildir the bounce reader scans (the local server's, .run/smtp/Maildir)."""
    return _get("BOUNCE_MAILDIR", os.environ.get("SMTP_MAILDIR", ""))


def consent_rules() -> dict[str, list[str]]:
    return getattr(settings, "NEWSLETTER_CONSENT_RULES", DEFAULT_CONSENT_RULES)


def soft_bounce_limit() -> int:
    """Soft bounces after which an address is suppressed as if it had hard-bounced."""
    return int(_get("SOFT_BOUNCE_LIMIT", "5"))


def claim_timeout() -> float:
    """Seconds after which rows claimed by a batch count as abandoned (their worker died) and
    may be claimed again. Must exceed the time a batch takes for ``services.CLAIM_CHUNK``
    messages (50 at the rate limit)."""
    return float(_get("CLAIM_TIMEOUT", "300"))


def track_opens_clicks() -> bool:
    """Count opens (a 1x1 image per message) and clicks (links through a signed redirect).
    Off by default: a privacy choice (see docs/newsletter.md)."""
    return str(_get("TRACK_OPENS_CLICKS", "0")).lower() in {"1", "true", "yes", "on"}
