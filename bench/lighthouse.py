"""Lighthouse bench of the public site: mobile scores of each page type, against fixed bars.

    .venv/bin/python bench/lighthouse.py [--fresh] [--language fr] [--port 0] [--keep-reports DIR]

Self-contained (embedded mode, no shared service): a SQLite database of its own in
``.run/lighthouse/`` (migrated, ``load_demo`` when newly created or with ``--fresh``), static
files collected there, and the production server, gunicorn with ``cms.settings.production``
(WhiteNoise: compressed, hashed, cached static files), on a free 127.0.0.1 port, plain HTTP.

Lighthouse 12.8.2 (npm, ``tests/a11y``, installed by scripts/install_browser.sh) drives Debian's
``/usr/bin/chromium`` (headless, ``--no-sandbox``), mobile profile with simulated throttling, on
the home page, a theme, a guide, the search page (a query) and the agenda, in French unless
``--language`` says otherwise. Nothing leaves
the machine: Chromium resolves no host but 127.0.0.1 (``--host-resolver-rules``), its background
networking is off, Lighthouse's error reporting is off, and a request to any other origin fails
the run. Prints accessibility, SEO, best practices and performance per page, the failing audits
of a page under a bar, and the load average; exits 1 when a bar is missed:
accessibility >= 95, SEO >= 95, best practices >= 95, performance >= 90.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
RUN = ROOT / ".run" / "lighthouse"
LIGHTHOUSE = ROOT / "tests" / "a11y" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = {
    "accessibility": 95,
    "seo": 95,
    "best-practices": 95,
    "performance": 90,
}
LABELS = {
    "accessibility": "access.",
    "seo": "SEO",
    "best-practices": "best pr.",
    "performance": "perf.",
}
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # No DNS but our own server: nothing can load from, or phone home to, the internet.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
]
# The pages a visitor lands on, found in the demo content (LANGUAGE is prepended).
PAGES_SCRIPT = """
import json
from urllib.parse import quote
QUERIES = {"fr": "sauvegarde", "es": "copias de seguridad", "pt": "cópias", "en": "backup"}
from toolbox.models import EventIndexPage, GuidePage, ThemePage
from home.models import HomePage
live = dict(live=True, locale__language_code=LANGUAGE)
print(json.dumps({
    "home": HomePage.objects.get(**live).url,
    "theme": ThemePage.objects.filter(**live).order_by("path").first().url,
    "guide": GuidePage.objects.filter(**live).order_by("path").first().url,
    "search": f"/{LANGUAGE}/search/?q=" + quote(QUERIES[LANGUAGE]),
    "agenda": EventIndexPage.objects.get(**live).url,
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(port: int) -> dict[str, str]:
    """Production settings on SQLite and in-process tasks: none of the shared services."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS", "CELERY", "SEARCH_", "NEWSLETTER_", "SMTP"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=f"sqlite:///{RUN / 'db.sqlite3'}",
        MEDIA_ROOT=str(RUN / "media"),
        STATIC_ROOT=str(RUN / "static"),
        SEARCH_BACKEND="database",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BASE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        WEB_PORT=str(port),
        WEB_WORKERS="2",
        WEB_LOG_LEVEL="warning",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"[lighthouse] manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    print(f"[lighthouse] manage.py {' '.join(args[:2])} ({time.perf_counter() - started:.0f} s)")
    return result.stdout


def prepare(env: dict[str, str], *, fresh: bool, language: str) -> dict[str, str]:
    database = RUN / "db.sqlite3"
    if fresh and RUN.exists():
        shutil.rmtree(RUN)
    RUN.mkdir(parents=True, exist_ok=True)
    created = not database.exists()
    manage(env, "migrate", "--no-input", "-v0")
    if created:
        manage(env, "load_demo", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    script = f"LANGUAGE = {language!r}\n" + PAGES_SCRIPT
    return json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    log = open(RUN / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "cms/gunicorn.conf.py", "cms.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"[lighthouse] gunicorn exited: see {RUN / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/", timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    server.terminate()
    raise SystemExit("[lighthouse] gunicorn did not answer /fr/ within 60 s")


def warm(url: str) -> None:
    """One request first, so the first page's scores do not include the server's cold start."""
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()


def run_lighthouse(url: str, report: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        "--only-categories=" + ",".join(CATEGORIES),
        "--no-enable-error-reporting",
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
        "--max-wait-for-load=45000",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    # On a loaded machine Chromium now and then loses the trace (NO_NAVSTART): one more try.
    for attempt in (1, 2):
        report.unlink(missing_ok=True)
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if not result.returncode and report.exists():
            lhr = json.loads(report.read_text())
            if not lhr.get("runtimeError"):
                return lhr
        if attempt == 1:
            print(f"[lighthouse] {url}: {result.stderr.strip()[-200:]}; trying again", flush=True)
    raise SystemExit(f"[lighthouse] lighthouse failed on {url}:\n{result.stderr[-3000:]}")


def foreign_requests(lhr: dict, origin: str) -> list[str]:
    items = lhr["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    return [
        item["url"]
        for item in items
        if not item["url"].startswith((origin, "data:", "blob:", "chrome-extension:"))
    ]


def failing_audits(lhr: dict, category: str) -> list[str]:
    """Audits that cost points in ``category``, worst first, with their weight."""
    found = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        score = audit.get("score")
        if ref.get("weight") and score is not None and score < 0.9:
            value = audit.get("displayValue", "")
            found.append((ref["weight"] * (1 - score), f"{ref['id']} {value}".strip()))
    return [text for _, text in sorted(found, reverse=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the database and demo")
    parser.add_argument("--language", default="fr", choices=["fr", "es", "pt", "en"])
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--keep-reports", type=Path, help="copy the JSON reports there")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        raise SystemExit("[lighthouse] Lighthouse or Chromium missing: scripts/install_browser.sh")
    port = args.port or free_port()
    origin = f"http://127.0.0.1:{port}"
    env = environment(port)
    pages = prepare(env, fresh=args.fresh, language=args.language)
    server = start_server(env, port)
    missed, versions = [], set()
    reports = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    try:
        for url in pages.values():
            warm(origin + url)
        print(f"[lighthouse] load average before: {os.getloadavg()[0]:.2f}")
        print(f"{'page':8} {'access.':>8} {'SEO':>8} {'best pr.':>8} {'perf.':>8}  url")
        for name, path in pages.items():
            lhr = run_lighthouse(origin + path, reports / f"{name}.json")
            versions.add(lhr["lighthouseVersion"])
            scores = {c: round((lhr["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
            cells = " ".join(f"{scores[c]:>8}" for c in CATEGORIES)
            print(f"{name:8} {cells}  {path}", flush=True)
            for category, bar in CATEGORIES.items():
                if scores[category] < bar:
                    missed.append(f"{name} {LABELS[category]} {scores[category]} < {bar}")
                    for audit in failing_audits(lhr, category)[:6]:
                        print(f"           {LABELS[category]}: {audit}")
            outside = foreign_requests(lhr, origin)
            if outside:
                missed.append(f"{name} requested other origins: {outside[:5]}")
            if args.keep_reports:
                args.keep_reports.mkdir(parents=True, exist_ok=True)
                shutil.copy(reports / f"{name}.json", args.keep_reports / f"{name}.json")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(reports, ignore_errors=True)
    load1, load5, _ = os.getloadavg()
    print(
        f"[lighthouse] load average after: {load1:.2f} (5 min {load5:.2f}), {os.cpu_count()} cores"
    )
    chromium = subprocess.getoutput(f"{CHROMIUM} --version 2>/dev/null").splitlines()[-1]
    print(f"[lighthouse] Lighthouse {', '.join(sorted(versions))}, {chromium}")
    if missed:
        print("[lighthouse] MISSED: " + "; ".join(missed))
        return 1
    print("[lighthouse] every page meets every bar")
    return 0


if __name__ == "__main__":
    sys.exit(main())
