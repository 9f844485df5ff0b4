"""Messages and the SMTP connections they leave by.

A newsletter message is assembled from the issue's rendering for its language (computed once)
and the reader's own links: headers (Message-ID, List-Unsubscribe with its One-Click POST,
RFC 8058), a text and an HTML part in UTF-8 quoted-printable, and a DKIM signature covering
both List-Unsubscribe headers when a key is configured.

``transmit`` hands a message over in two steps so that a message is never sent twice: the
DATA is written up to its last line, then the caller's ``commit`` records the send in the
database, and only then is the final "." written. A worker killed before the commit leaves an
unterminated DATA, which the server drops; a retry then sends it again, once.
"""

from __future__ import annotations

import binascii
import re
import smtplib
import socket
import threading
import time
from collections.abc import Callable
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

import dkim
from django.core.mail import EmailMultiAlternatives, get_connection

from newsletter import conf
from newsletter.rendering import PREFERENCES, UNSUBSCRIBE, RenderedIssue
from newsletter.tracking import html_track

CRLF = b"\r\n"
SIGNED_HEADERS = [
    b"From",
    b"To",
    b"Subject",
    b"Date",
    b"Message-ID",
    b"List-Unsubscribe",
    b"List-Unsubscribe-Post",
    b"MIME-Version",
    b"Content-Type",
]


class SendRefused(Exception):
    """The server refused the message or its recipient (``code``, ``text``)."""

    def __init__(self, code: int, text: str):
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text

    @property
    def permanent(self) -> bool:
        return 500 <= self.code < 600


def _qp(text: str) -> bytes:
    data = binascii.b2a_qp(text.encode("utf-8"), istext=True)
    return re.sub(rb"\r?\n", CRLF, data)


def _subject(text: str) -> str:
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        return Header(text, "utf-8").encode()


class MessageFactory:
    """Builds every message of one translation of an issue; the encoded parts are split once
    around the reader's links so that each message only joins strings."""

    def __init__(self, rendered: RenderedIssue, *, list_id: str = "newsletter.cybersudoe"):
        self.rendered = rendered
        self.subject = _subject(rendered.subject)
        self.sender = conf.from_email()
        name, address = parseaddr(self.sender)
        self.sender_header = formataddr((str(Header(name, "utf-8")) if name else "", address))
        self.list_id = f"<{list_id}>"
        self.domain = conf.message_id_domain()
        self.key = conf.dkim_private_key()
        self.selector = conf.dkim_selector().encode()
        self.dkim_domain = conf.dkim_domain().encode()
        self.boundary = f"=_cybersudoe_{rendered.issue_id}_{rendered.language}"
        self.tracking = conf.track_opens_clicks()

    def build(
        self,
        *,
        to: str,
        message_id: str,
        list_unsubscribe_url: str,
        unsubscribe_url: str,
        preferences_url: str,
        send_id: int = 0,
    ) -> bytes:
        """``list_unsubscribe_url`` is the One-Click target of the header; ``unsubscribe_url``
        the visible link, a page in the reader's language."""
        text = self.rendered.text.replace(UNSUBSCRIBE, unsubscribe_url).replace(
            PREFERENCES, preferences_url
        )
        html = self.rendered.html
        if send_id and self.tracking:
            html = html_track(html, send_id)
        html = html.replace(UNSUBSCRIBE, unsubscribe_url).replace(PREFERENCES, preferences_url)
        headers = [
            f"From: {self.sender_header}",
            f"To: {to}",
            f"Subject: {self.subject}",
            f"Date: {formatdate()}",
            f"Message-ID: {message_id}",
            f"List-Id: {self.list_id}",
            f"List-Unsubscribe: <{list_unsubscribe_url}>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            f"Content-Language: {self.rendered.language}",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{self.boundary}"',
        ]
        boundary = self.boundary.encode()
        body = b"".join(
            [
                b"--" + boundary + CRLF,
                b"Content-Type: text/plain; charset=utf-8" + CRLF,
                b"Content-Transfer-Encoding: quoted-printable" + CRLF + CRLF,
                _qp(text) + CRLF,
                b"--" + boundary + CRLF,
                b"Content-Type: text/html; charset=utf-8" + CRLF,
                b"Content-Transfer-Encoding: quoted-printable" + CRLF + CRLF,
                _qp(html) + CRLF,
                b"--" + boundary + b"--" + CRLF,
            ]
        )
        message = "\r\n".join(headers).encode("utf-8") + CRLF + CRLF + body
        if self.key and self.selector and self.dkim_domain:
            signature = dkim.sign(
                message,
                self.selector,
                self.dkim_domain,
                self.key,
                include_headers=SIGNED_HEADERS,
                linesep=CRLF,
            )
            message = signature + message
        return message


def message_id_for(send_id: int, issue_id: int) -> str:
    return f"<nl.{issue_id}.{send_id}@{conf.message_id_domain()}>"


class SmtpPool:
    """SMTP connections kept open per process and reused by every batch; a broken connection
    is dropped and replaced."""

    def __init__(self):
        self.lock = threading.Lock()
        self.idle: list[smtplib.SMTP] = []

    def connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(conf.smtp_host(), conf.smtp_port(), timeout=60)
        # The final "." goes out in a write of its own after the database commit (see
        # ``transmit``): without TCP_NODELAY, Nagle's algorithm holds it until the server's
        # delayed ACK of the message, about 40 ms per message.
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtp.ehlo()
        if conf.smtp_starttls():
            smtp.starttls()
            smtp.ehlo()
        if conf.smtp_user():
            smtp.login(conf.smtp_user(), conf.smtp_password())
        return smtp

    def acquire(self) -> smtplib.SMTP:
        with self.lock:
            while self.idle:
                smtp = self.idle.pop()
                try:
                    if smtp.noop()[0] == 250:
                        return smtp
                except (smtplib.SMTPException, OSError):
                    pass
        return self.connect()

    def release(self, smtp: smtplib.SMTP, *, broken: bool = False) -> None:
        if broken:
            try:
                smtp.close()
            except OSError:
                pass
            return
        with self.lock:
            if len(self.idle) < conf.smtp_connections():
                self.idle.append(smtp)
                return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


pool = SmtpPool()


def transmit(
    smtp: smtplib.SMTP, *, sender: str, recipient: str, data: bytes, commit: Callable[[], bool]
) -> bool:
    """Hand ``data`` over for ``recipient``. ``commit`` is called once the whole DATA but its
    final "." is written: it returns False when the send was taken by someone else, and the
    message is then abandoned (the connection is closed and must not be reused: returns False).
    Raises ``SendRefused`` when the server refuses, ``OSError``/``SMTPException`` on a broken
    connection."""
    code, text = smtp.mail(sender)
    if code != 250:
        smtp.rset()
        raise SendRefused(code, text.decode("utf-8", "replace"))
    code, text = smtp.rcpt(recipient)
    if code not in (250, 251):
        smtp.rset()
        raise SendRefused(code, text.decode("utf-8", "replace"))
    code, text = smtp.docmd("DATA")
    if code != 354:
        smtp.rset()
        raise SendRefused(code, text.decode("utf-8", "replace"))
    payload = re.sub(rb"(?m)^\.", b"..", data)
    if not payload.endswith(CRLF):
        payload += CRLF
    smtp.send(payload)
    if not commit():
        smtp.close()
        return False
    smtp.send(b"." + CRLF)
    code, text = smtp.getreply()
    if code != 250:
        raise SendRefused(code, text.decode("utf-8", "replace"))
    return True


class RateLimiter:
    """At most ``per_second`` messages per second from this process (0: no limit)."""

    def __init__(self, per_second: float):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next_at:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def transactional_send(*, to: str, subject: str, text: str, html: str = "") -> None:
    """A single mail (confirmation, unsubscription notice) through the newsletter's SMTP server,
    not Django's EMAIL_BACKEND."""
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=conf.smtp_host(),
        port=conf.smtp_port(),
        username=conf.smtp_user() or None,
        password=conf.smtp_password() or None,
        use_tls=conf.smtp_starttls(),
        timeout=30,
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=conf.from_email(),
        to=[to],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
