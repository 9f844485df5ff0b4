"""Newsletter benchmark: import a partner file, then send one trilingual issue to every contact
through real Celery workers and the project's SMTP server.

    .venv/bin/python bench/newsletter.py                    # 90,000 contacts (the target)
    .venv/bin/python bench/newsletter.py --contacts 5000    # a quick look

Needs the shared services (``.run/services.env``: PostgreSQL, Redis, the SMTP server on
58025 storing into its Maildir). Figures, each against its target:

- import: a generated CSV of N rows (fr/es/pt contacts of France, Spain and Portugal, with
  consent dates for Spain and Portugal, company names and identifiers) read and imported by
  ``newsletter.importing`` (checks, merge, companies, provenance). Target: 90,000 rows < 2 min.
- send: one issue (written in French, translated into Spanish and Portuguese) sent to the N
  contacts by ``--workers`` Celery worker processes (solo pool, default 2) on a queue of their own: the
  time from enqueuing ``campaign_start`` to the campaign being done, i.e. send rows created,
  every message rendered for its reader (links, headers, List-Unsubscribe) and handed to the
  SMTP server, each row marked sent. Targets: under 10 minutes for 90,000 and a rate of at
  least 0.5 x the baseline's.
- baseline, same run: the same number of pre-rendered messages (built before the clock starts)
  sent by a bare ``smtplib`` loop over one connection to the same server.
- the workers' peak RSS (the largest worker process, sampled every 0.5 s), and its RSS at
  10 % and 100 % of the send: memory stays flat when these are close.

It runs in a database of its own (``test_<name>`` of DATABASE_URL, created and dropped like a
test database) and writes to a domain of its own (``nlbench-<random>.example``); the messages
it produced are deleted from the Maildir at the end, so the disk does not fill. Targets for a
smaller ``--contacts`` are scaled linearly. Exits with status 1 when a target is missed; the
figures also go to bench/results/newsletter.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
RUN = uuid.uuid4().hex[:8]
DOMAIN = f"nlbench-{RUN}.example"
QUEUE = f"nlbench-{RUN}"
os.environ["NEWSLETTER_QUEUE"] = QUEUE
os.environ["NEWSLETTER_RATE_PER_SECOND"] = "0"
os.environ["NEWSLETTER_BOUNCE_ADDRESS"] = f"bounces@{DOMAIN}"
os.environ["NEWSLETTER_BASE_URL"] = "https://cybersudoe.example"
os.environ.setdefault("SEARCH_INDEX_PREFIX", "nlbench_")

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from cms.celery import app  # noqa: E402
from home.services import translation_create_or_update  # noqa: E402
from newsletter import conf, importing, services, tasks  # noqa: E402
from newsletter.mailer import MessageFactory, message_id_for  # noqa: E402
from newsletter.models import Campaign, Contact, NewsletterIssuePage, Send  # noqa: E402
from newsletter.rendering import issue_render  # noqa: E402
from toolbox.tests import factories  # noqa: E402

FULL = 90_000
TARGET_IMPORT_S = 120.0
TARGET_SEND_S = 600.0
TARGET_RATIO = 0.5
SIRENS = ["732829320", "552100554", "542065479", "356000000", "383474814"]
COUNTRIES = [("FR", "fr"), ("ES", "es"), ("PT", "pt")]
TEXT = {
    "fr": (
        "Lettre n° 7 : les sauvegardes",
        "Cybersécurité : les nouveautés du mois",
        "Vos données sont précieuses ; protégez-les dès à présent.",
    ),
    "es": (
        "Boletín n.º 7: las copias",
        "Ciberseguridad: novedades del mes",
        "Sus datos son valiosos; protéjalos desde mañana.",
    ),
    "pt": (
        "Boletim n.º 7: as cópias",
        "Cibersegurança: novidades do mês",
        "Os seus dados são valiosos; proteja-os já.",
    ),
}


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def write_csv(path: Path, count: int) -> None:
    rng = random.Random(11)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "email",
                "company",
                "company_id",
                "country",
                "region",
                "sector",
                "language",
                "legal_basis",
                "consent_at",
                "consent_source",
                "themes",
            ]
        )
        for n in range(count):
            country, language = COUNTRIES[n % 3]
            consent = country != "FR" or n % 2
            out.writerow(
                [
                    f"contact{n:06d}@{DOMAIN}",
                    f"Entreprise {n // 2:06d} SARL",
                    rng.choice(SIRENS) if country == "FR" and n % 10 == 0 else "",
                    country,
                    "Occitanie" if country == "FR" else "",
                    rng.choice(["tourism", "industry", "retail", ""]),
                    language,
                    "consent" if consent else "legitimate_interest",
                    "2025-03-01" if consent else "",
                    "salon 2025" if consent else "",
                    rng.choice(["security", "security,phishing", ""]),
                ]
            )


def make_issue() -> NewsletterIssuePage:
    for code in ("fr", "es", "pt", "en"):
        factories.home(code)
    locales = factories.locales()
    home = factories.home("fr")
    title, subject, intro = TEXT["fr"]
    issue = NewsletterIssuePage(
        title=title,
        slug=f"lettre-{RUN}",
        subject=subject,
        intro=intro,
        body=[
            (
                "text",
                {
                    "heading": "Sauvegardes",
                    "text": RichText("<p>" + "Vérifiez vos sauvegardes chaque été. " * 20 + "</p>"),
                },
            )
        ]
        * 4,
    )
    home.add_child(instance=issue)
    issue.save_revision().publish()
    for code in ("es", "pt"):
        title, subject, intro = TEXT[code]
        translation_create_or_update(
            source=issue,
            locale=locales[code],
            fields={"title": title, "subject": subject, "intro": intro},
            publish=True,
        )
    return NewsletterIssuePage.objects.get(pk=issue.pk)


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """``processes`` Celery workers (solo pool, one process each) on the bench database and
    queue; the RSS of each is sampled."""

    def __init__(self, processes: int, log_dir: Path):
        # Not the test settings: they run tasks eagerly, which would make one worker send
        # every batch inline; the development settings without DEBUG (no query log).
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.logs = [log_dir / f"worker-{n}.log" for n in range(processes)]
        self.processes = [
            subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("celery")),
                    "-A",
                    "cms",
                    "worker",
                    "--pool=solo",
                    "-Q",
                    QUEUE,
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                    f"--hostname=nlbench-{RUN}-{n}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for n, log in enumerate(self.logs)
        ]
        self.samples: list[tuple[float, int]] = []
        self.stop_sampling = threading.Event()
        self.sampler = threading.Thread(target=self._sample, daemon=True)

    def rss(self) -> int:
        """RSS of the largest worker process."""
        sizes = []
        for process in self.processes:
            try:
                sizes.append(psutil.Process(process.pid).memory_info().rss)
            except psutil.Error:
                pass
        return max(sizes, default=0)

    def _sample(self) -> None:
        while not self.stop_sampling.wait(0.5):
            self.samples.append((time.monotonic(), self.rss()))

    def ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        for process, log in zip(self.processes, self.logs, strict=True):
            while b"ready." not in log.read_bytes():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("a worker did not start:\n" + log.read_text())
                time.sleep(0.2)

    def stop(self) -> None:
        self.stop_sampling.set()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def send_through_worker(issue: NewsletterIssuePage, processes: int, log_dir: Path) -> dict:
    worker = Worker(processes, log_dir)
    try:
        worker.ready()
        campaign = services.campaign_create(issue=issue)
        worker.sampler.start()
        started = time.monotonic()
        tasks.enqueue(tasks.campaign_start, campaign.pk)
        total = None
        at_10 = None
        while True:
            time.sleep(1)
            campaign.refresh_from_db()
            if campaign.state == Campaign.State.DONE:
                break
            if campaign.state != Campaign.State.RUNNING and time.monotonic() - started > 300:
                raise SystemExit(f"campaign stuck in {campaign.state}")
            if total is None and campaign.total:
                total = campaign.total
            if total and at_10 is None:
                if (
                    Send.objects.filter(campaign=campaign, status=Send.Status.SENT).count()
                    >= total / 10
                ):
                    at_10 = worker.rss()
        elapsed = time.monotonic() - started
        at_end = worker.rss()
    finally:
        worker.stop()
    sent = Send.objects.filter(campaign=campaign, status=Send.Status.SENT).count()
    return {
        "messages": sent,
        "seconds": round(elapsed, 1),
        "rate_per_s": round(sent / elapsed, 1),
        "worker_processes": processes,
        "rss_peak_mb": round(max((r for _t, r in worker.samples), default=0) / 2**20, 1),
        "rss_at_10pct_mb": round((at_10 or 0) / 2**20, 1),
        "rss_at_end_mb": round(at_end / 2**20, 1),
    }


def baseline(issue: NewsletterIssuePage, count: int) -> dict:
    """Pre-rendered messages (built before the clock starts), a bare smtplib loop."""
    factories_by_language = {
        code: MessageFactory(issue_render(issue, code)) for code in ("fr", "es", "pt")
    }
    # 3,000 distinct messages built in advance (90,000 would hold ~1 GB), sent in turn, each
    # time to a recipient of its own
    prebuilt = []
    for n in range(min(count, 3000)):
        code = COUNTRIES[n % 3][1]
        prebuilt.append(
            factories_by_language[code].build(
                to=f"baseline{n:06d}@{DOMAIN}",
                message_id=message_id_for(n, 0),
                list_unsubscribe_url="https://cybersudoe.example/newsletter/one-click/x/",
                unsubscribe_url=f"https://cybersudoe.example/{code}/newsletter/unsubscribe/x/",
                preferences_url=f"https://cybersudoe.example/{code}/newsletter/preferences/x/",
            )
        )
    smtp = smtplib.SMTP(conf.smtp_host(), conf.smtp_port(), timeout=60)
    started = time.monotonic()
    for n in range(count):
        smtp.sendmail(conf.bounce_address(), [f"baseline{n:06d}@{DOMAIN}"], prebuilt[n % 3000])
    elapsed = time.monotonic() - started
    smtp.quit()
    size = sum(len(d) for d in prebuilt) / len(prebuilt)
    return {
        "messages": count,
        "seconds": round(elapsed, 1),
        "rate_per_s": round(count / elapsed, 1),
        "message_kb": round(size / 1024, 1),
    }


def maildir_clean() -> int:
    """Delete the messages of this run's domain from the server's Maildir."""
    maildir = Path(os.environ.get("SMTP_MAILDIR", ROOT / ".run" / "smtp" / "Maildir"))
    marker = f"@{DOMAIN}".encode()
    removed = 0
    for sub in ("new", "cur"):
        for path in (maildir / sub).iterdir():
            try:
                with path.open("rb") as handle:
                    head = handle.read(2048)
            except FileNotFoundError:
                continue
            if marker in head:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=FULL)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    count = args.contacts
    scale = count / FULL
    if not app.conf.broker_url or not os.environ.get("CELERY_BROKER_URL"):
        raise SystemExit("needs the broker: load .run/services.env")
    app.conf.task_always_eager = False
    load = os.getloadavg()
    progress(f"{count} contacts, domain {DOMAIN}, load average {load[0]:.1f}")
    old_config = setup_databases(verbosity=0, interactive=False)
    results: dict = {"contacts": count, "load_average_start": round(load[0], 2)}
    work = Path(tempfile.mkdtemp(prefix="nlbench-"))
    try:
        csv_path = work / "contacts.csv"
        write_csv(csv_path, count)
        progress("import")
        started = time.monotonic()
        batch = importing.contacts_import(
            dataset=importing.dataset_load(csv_path), partner=None, file_name=csv_path.name
        )
        results["import"] = {
            "rows": batch.rows,
            "seconds": round(time.monotonic() - started, 1),
            "created": batch.created_contacts,
        }
        assert Contact.objects.count() == count
        progress(f"import: {results['import']}")
        issue = make_issue()
        progress("send through the worker")
        results["send"] = send_through_worker(issue, args.workers, work)
        progress(f"send: {results['send']}")
        progress("baseline: bare smtplib loop")
        results["baseline"] = baseline(issue, count)
        progress(f"baseline: {results['baseline']}")
    finally:
        teardown_databases(old_config, verbosity=0)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(QUEUE)
        removed = maildir_clean()
        progress(f"{removed} messages of this run removed from the Maildir")
    results["load_average_end"] = round(os.getloadavg()[0], 2)
    send, base = results["send"], results["baseline"]
    ratio = send["rate_per_s"] / base["rate_per_s"]
    checks = {
        "import": (results["import"]["seconds"], TARGET_IMPORT_S * scale),
        "send": (send["seconds"], TARGET_SEND_S * scale),
    }
    print()
    print(f"newsletter bench: {count} contacts (fr/es/pt), {args.workers} worker processes")
    print(
        f"  load average: {results['load_average_start']} at start, "
        f"{results['load_average_end']} at end"
    )
    print(
        f"  import   {results['import']['seconds']:>8.1f} s   target < {checks['import'][1]:.0f} s"
    )
    print(
        f"  send     {send['seconds']:>8.1f} s   target < {checks['send'][1]:.0f} s   "
        f"{send['rate_per_s']} msg/s"
    )
    print(
        f"  baseline {base['seconds']:>8.1f} s   {base['rate_per_s']} msg/s (pre-rendered, "
        f"bare smtplib, {base['message_kb']} KB per message)"
    )
    print(f"  ratio    {ratio:>8.2f}     target >= {TARGET_RATIO}")
    print(
        f"  worker RSS: peak {send['rss_peak_mb']} MB, at 10 % {send['rss_at_10pct_mb']} MB, "
        f"at the end {send['rss_at_end_mb']} MB"
    )
    results["ratio"] = round(ratio, 2)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "newsletter.json").write_text(json.dumps(results, indent=2))
    missed = [name for name, (value, target) in checks.items() if value > target]
    if ratio < TARGET_RATIO:
        missed.append("ratio")
    if send["messages"] != count:
        missed.append("messages sent")
    print("targets missed: " + ", ".join(missed) if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
