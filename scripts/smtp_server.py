"""The project's local SMTP server (aiosmtpd): every message received is stored in a Maildir.

    .venv/bin/python scripts/smtp_server.py --port 58025 --maildir .run/smtp/Maildir

Bounce scenario, for tests and the bench: a recipient at the bounce domain (``--bounce-domain``,
default ``bounce.invalid``) is accepted, then a delivery status notification (RFC 3464) is
stored in the same Maildir, addressed to the envelope sender, as a remote relay would send it:
a local part starting with ``soft`` gets a temporary failure (4.2.2, mailbox full), any other a
permanent one (5.1.1, no such user). ``newsletter.services.bounces_process`` (the
Celery beat task ``newsletter.bounces_process``) reads them back.

Each stored message carries the envelope in ``X-MailFrom`` and ``X-RcptTo`` headers (aiosmtpd's
Mailbox handler). Bound to 127.0.0.1 only; no authentication, no relaying anywhere.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
from email import message_from_string
from email.message import Message
from email.utils import formatdate, make_msgid

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def dsn_message(*, sender: str, recipient: str, original: bytes, soft: bool) -> Message:
    """An RFC 3464 report as a relay sends back: human part, machine part, original headers."""
    status, action, diagnostic = (
        ("4.2.2", "delayed", "452 4.2.2 Mailbox full")
        if soft
        else ("5.1.1", "failed", "550 5.1.1 No such user")
    )
    boundary = "dsn-" + make_msgid().strip("<>").replace("@", ".")
    headers = original.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].decode("ascii", "replace")
    text = (
        "From: Mail Delivery System <MAILER-DAEMON@localhost>\n"
        f"To: {sender}\n"
        "Subject: Delivery Status Notification\n"
        f"Date: {formatdate()}\n"
        f"Message-ID: {make_msgid(domain='localhost')}\n"
        "MIME-Version: 1.0\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\n'
        f"\n--{boundary}\n"
        "Content-Type: text/plain; charset=us-ascii\n\n"
        f"Delivery to {recipient} failed: {diagnostic}\n"
        f"\n--{boundary}\n"
        "Content-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; localhost\n\n"
        f"Final-Recipient: rfc822; {recipient}\n"
        f"Action: {action}\nStatus: {status}\n"
        f"Diagnostic-Code: smtp; {diagnostic}\n"
        f"\n--{boundary}\n"
        "Content-Type: text/rfc822-headers\n\n"
        f"{headers}\n"
        f"\n--{boundary}--\n"
    )
    return message_from_string(text)


class MaildirWithBounces(Mailbox):
    """aiosmtpd's Maildir handler, plus DSNs for recipients at the bounce domain."""

    def __init__(self, maildir: str, bounce_domain: str):
        super().__init__(maildir)
        self.bounce_domain = bounce_domain.lower()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            answer = await super().handle_DATA(server, session, envelope)
            for recipient in envelope.rcpt_tos:
                local, _, domain = recipient.rpartition("@")
                if domain.lower() == self.bounce_domain and envelope.mail_from:
                    report = dsn_message(
                        sender=envelope.mail_from,
                        recipient=recipient,
                        original=envelope.original_content or b"",
                        soft=local.lower().startswith("soft"),
                    )
                    report["X-MailFrom"] = "MAILER-DAEMON@localhost"
                    report["X-RcptTo"] = envelope.mail_from
                    self.mailbox.add(report)
        return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMTP_PORT", "58025")))
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--bounce-domain", default="bounce.invalid")
    options = parser.parse_args()
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(options.maildir, sub), exist_ok=True)
    handler = MaildirWithBounces(options.maildir, options.bounce_domain)
    controller = Controller(
        handler,
        hostname=options.host,
        port=options.port,
        server_hostname="cybersudoe-smtp",
        data_size_limit=10 * 1024 * 1024,
    )
    controller.start()
    print(
        f"smtp server ready on {options.host}:{options.port}, maildir {options.maildir}", flush=True
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
