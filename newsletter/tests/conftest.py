"""Fixtures of the newsletter's tests: the real SMTP server and its Maildir, a Celery worker in
a process of its own (so a test can kill it), contacts and a translated issue.

Every test writes to addresses of a domain of its own (``run_domain``), and its DSNs come back
to a bounce address of its own, so the shared Maildir of the local server can be read while
other engineers or tests use it too.
"""

from __future__ import annotations

import email
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms.celery import app
from home.models import HomePage
from home.services import translation_create_or_update
from newsletter.models import Contact, NewsletterIssuePage
from toolbox.tests import factories

ROOT = Path(__file__).resolve().parents[2]
REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"
BASE_URL = "https://cybersudoe.example"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@dataclass
class SmtpServer:
    """The local SMTP server (scripts/smtp_server.py) and the Maildir it stores messages in."""

    host: str
    port: int
    maildir: Path
    seen: dict[str, EmailMessage] = field(default_factory=dict)
    #: files known not to be for a domain (a poll reads only what it has not read yet)
    elsewhere: dict[str, set[str]] = field(default_factory=dict)

    def messages(self, domain: str) -> list[EmailMessage]:
        """Every message stored for a recipient at ``domain`` (new or already read).

        Other processes share the Maildir (another xdist worker's bounce processing moves its
        DSNs from new/ to cur/, a bench removes its own messages): a file that goes away while
        it is read is looked for again in cur/ or left out, and a message is counted once."""
        found: dict[str, EmailMessage] = {}
        elsewhere = self.elsewhere.setdefault(domain, set())
        for sub in ("new", "cur"):
            for path in sorted((self.maildir / sub).iterdir()):
                key = path.name.split(":", 1)[0]
                if key in found or key in elsewhere:
                    continue
                message = self.seen.get(key)
                if message is None:
                    try:
                        raw = path.read_bytes()
                    except FileNotFoundError:
                        continue
                    if f"@{domain}".encode() not in raw[:4096]:
                        elsewhere.add(key)
                        continue
                    message = email.message_from_bytes(raw, policy=default_policy)
                    message.raw = raw
                    self.seen[key] = message
                if message.get("X-RcptTo", "").lower().endswith("@" + domain):
                    found[key] = message
        return list(found.values())

    def by_recipient(self, domain: str) -> dict[str, list[EmailMessage]]:
        result: dict[str, list[EmailMessage]] = {}
        for message in self.messages(domain):
            result.setdefault(message["X-RcptTo"].lower(), []).append(message)
        return result


@pytest.fixture(scope="session")
def smtp_server(tmp_path_factory):
    """The project's SMTP server: the running service of ``.run/services.env`` when it answers
    (CI), else one started for this session on a free port with a Maildir of its own."""
    host = os.environ.get("NEWSLETTER_SMTP_HOST", "127.0.0.1")
    port = int(os.environ.get("NEWSLETTER_SMTP_PORT", "0") or 0)
    maildir = os.environ.get("SMTP_MAILDIR", "")
    if port and maildir and _answers(host, port):
        yield SmtpServer(host, port, Path(maildir))
        return
    if REQUIRE_REAL_SERVICES:
        pytest.fail("REQUIRE_REAL_SERVICES=1 but the SMTP service does not answer")
    maildir_path = tmp_path_factory.mktemp("smtp") / "Maildir"
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "smtp_server.py"),
            "--port",
            str(port),
            "--maildir",
            str(maildir_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while not _answers("127.0.0.1", port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the SMTP server did not start")
        time.sleep(0.1)
    yield SmtpServer("127.0.0.1", port, maildir_path)
    process.terminate()
    process.wait(10)


@pytest.fixture
def run_domain() -> str:
    return f"t{uuid.uuid4().hex[:12]}.example.com"


@pytest.fixture
def newsletter_env(monkeypatch, smtp_server, run_domain):
    """The newsletter's settings for one test, in the environment (a worker process started
    by the test inherits them): this server, https links, this test's bounce address."""
    values = {
        "NEWSLETTER_SMTP_HOST": smtp_server.host,
        "NEWSLETTER_SMTP_PORT": str(smtp_server.port),
        "NEWSLETTER_BASE_URL": BASE_URL,
        "NEWSLETTER_BOUNCE_ADDRESS": f"bounces@{run_domain}",
        "NEWSLETTER_BOUNCE_MAILDIR": str(smtp_server.maildir),
        # a queue of its own: the search indexing tasks that publishing the test's pages
        # enqueues stay on the default queue, and the workers here never wait behind them
        "NEWSLETTER_QUEUE": f"{settings.CELERY_TASK_DEFAULT_QUEUE}-newsletter",
        "NEWSLETTER_RATE_PER_SECOND": "0",
        "NEWSLETTER_BATCH_SIZE": "500",
        "NEWSLETTER_DKIM_PRIVATE_KEY": "",
        "NEWSLETTER_DKIM_SELECTOR": "",
        "NEWSLETTER_DKIM_DOMAIN": "",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def _purge(queues: list[str]) -> None:
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for queue in queues:
            try:
                channel.queue_purge(queue)
            except Exception:  # noqa: BLE001 - a queue nobody declared has nothing to purge
                pass


@pytest.fixture
def broker(transactional_db, newsletter_env):
    """Tasks through the real broker (not eagerly), for a worker to run. Afterwards both test
    queues are emptied: what is left (the search tasks of the test's pages, a killed worker's
    batches) belongs to a database that the test's end has flushed."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    if not settings.CELERY_BROKER_URL:
        pytest.fail("these tests need the broker: set CELERY_BROKER_URL (.run/services.env)")
    yield app
    app.conf.task_always_eager = previous
    _purge([settings.CELERY_TASK_DEFAULT_QUEUE, newsletter_env["NEWSLETTER_QUEUE"]])


@pytest.fixture
def sending_worker(broker, newsletter_env):
    """A real Celery worker in this process (a thread), consuming the newsletter's queue only."""
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        queues=[newsletter_env["NEWSLETTER_QUEUE"]],
        perform_ping_check=False,
        shutdown_timeout=30,
    ) as worker:
        yield worker


def _database_url() -> str:
    db = connection.settings_dict  # its NAME is the test database's
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """``celery worker`` in a process of its own, on the test database and the test queue."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.started = 0

    def start(self) -> None:
        self.started += 1
        log = self.log_dir / f"worker-{self.started}.log"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "PYTHONUNBUFFERED": "1",
        }
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("celery")),
                    "-A",
                    "cms",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    "-Q",
                    os.environ["NEWSLETTER_QUEUE"],
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                    f"--hostname=nsend-{os.getpid()}-{self.started}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.log = log
        deadline = time.monotonic() + 60
        while b"ready." not in log.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("the Celery worker did not start:\n" + log.read_text())
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL: the process dies at once, mid-message if it was sending one."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_process(broker, newsletter_env, tmp_path):
    """A worker the test starts (``.start()``), kills (``.kill()``) and starts again; PostgreSQL
    only, since the worker process must see the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs the test database on PostgreSQL (set DATABASE_URL)")
    worker = WorkerProcess(tmp_path)
    yield worker
    worker.stop()


def wait_until(condition, *, timeout: float = 60, step: float = 0.1, message: str = ""):
    """Poll ``condition`` until it is true (not a timed assertion: the limit only stops a hung
    test)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(message or "condition not reached")
        time.sleep(step)


# ------------------------------------------------------------------------------ content ---
ISSUE_TEXT = {
    "fr": {
        "title": "Lettre n° 1 : sécurité des PME",
        "subject": "Cybersécurité : les nouveautés de décembre",
        "intro": "Les données des petites entreprises sont précieuses ; protégez-les dès à présent.",
    },
    "es": {
        "title": "Boletín n.º 1: seguridad de las pymes",
        "subject": "Ciberseguridad: novedades de diciembre para pequeñas empresas",
        "intro": "Los datos de las pequeñas empresas son valiosos; protéjalos desde mañana.",
    },
    "pt": {
        "title": "Boletim n.º 1: segurança das PME",
        "subject": "Cibersegurança: novidades de dezembro e ações de formação",
        "intro": "Os dados das pequenas empresas são valiosos; proteja-os já, não amanhã.",
    },
}


@pytest.fixture
def locales(transactional_db):
    """The site's four locales, with the home page translated in each (small factories, not
    load_demo: a few pages are enough and take a fraction of a second)."""
    for code in ("fr", "es", "pt", "en"):
        factories.home(code)
    return {code: Locale.objects.get(language_code=code) for code in ("fr", "es", "pt", "en")}


def make_issue(locales, *, languages=("fr", "es", "pt"), slug: str = "") -> NewsletterIssuePage:
    """An issue written in French and translated (wagtail-localize) into ``languages``."""
    slug = slug or f"lettre-{uuid.uuid4().hex[:6]}"
    home = HomePage.objects.get(locale=locales["fr"], depth=2)
    issue = NewsletterIssuePage(
        title=ISSUE_TEXT["fr"]["title"],
        slug=slug,
        subject=ISSUE_TEXT["fr"]["subject"],
        intro=ISSUE_TEXT["fr"]["intro"],
        body=[
            (
                "text",
                {
                    "heading": "Sauvegardes",
                    "text": RichText("<p>Vérifiez vos sauvegardes chaque été.</p>"),
                },
            )
        ],
    )
    home.add_child(instance=issue)
    issue.save_revision().publish()
    for code in languages:
        if code == "fr":
            continue
        translation_create_or_update(
            source=issue, locale=locales[code], fields=dict(ISSUE_TEXT[code]), publish=True
        )
    return NewsletterIssuePage.objects.get(pk=issue.pk)


def make_contact(email_address: str, **fields) -> Contact:
    defaults = {
        "language": "fr",
        "country": "FR",
        "legal_basis": "legitimate_interest",
        "status": Contact.Status.ACTIVE,
    }
    defaults.update(fields)
    if defaults["legal_basis"] == "consent" and "consent_at" not in defaults:
        defaults["consent_at"] = "2026-01-15T10:00:00+00:00"
    return Contact.objects.create(email=email_address, **defaults)
