"""Load benchmark of the production stack: concurrent visitors against gunicorn, in one run.

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--max-requests 20000]

Needs the full stack up (scripts/services.sh start all; the environment of .run/services.env).
Starts, on 127.0.0.1 only and for the run only:

* gunicorn with the production settings (cms/gunicorn.conf.py: WEB_WORKERS, default cores + 1,
  WEB_THREADS, default 4; a psycopg pool per process), on ``--port`` (default 58100), plain
  HTTP as behind the TLS proxy;
* a Celery worker on a queue of its own (``load``), so /health/ and any task are real.

Data: its own database ``cybersudoe_load`` (created, migrated, ``load_demo``, ``search_reindex``;
again on each run, which changes nothing once loaded), its own index prefix ``load_`` and cache
prefix ``load``. Anonymous API quotas are lifted for the run: every simulated visitor comes from
127.0.0.1, where production would see one address per visitor.

Load: ``--users`` visitors (locust, headless, FastHttpUser) each waiting 1-3 s between requests:
pages of the site (every live page, all four languages), searches (``/api/v1/search/`` and the
search page, 24 queries in four languages, some misspelt), API reads that are in the response
cache (``/api/v1/...`` lists and details, requested once before the run) and, as the same-run
baseline, the site's stylesheet (a static file, WhiteNoise). Users are spawned first; only the
requests after the last spawn count. Bounded: ``--duration`` seconds or ``--max-requests``.

Prints per kind: requests, req/s, p50/p95/p99 (ms) and errors; the load average. Targets (2 cores,
50 users): no error; search p95 < 150 ms; cached API p95 < 20 ms. Exits 1 on a missed target.
"""

from __future__ import annotations

# locust first: it patches the standard library for gevent before anything else imports it.
from locust import FastHttpUser, between, events, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import gevent

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
RUN = ROOT / ".run" / "load"
QUERIES = [
    "sauvegarde",
    "mots de passe",
    "cybersécurité",
    "facturation électronique",
    "télétravail",
    "hameçonnage",
    "veille",
    "industrie 4.0",
    "ciberseguridad",
    "contraseñas",
    "copias de seguridad",
    "teletrabajo",
    "facturación",
    "palavras-passe",
    "cópias de segurança",
    "teletrabalho",
    "backup",
    "passwords",
    "phishing",
    "remote work",
    "sauvgarde",  # misspelt: the fuzzy path
    "cybersecurite",
    "contrasenas",
    "factura electronica",
]
LANGUAGES = ("fr", "es", "pt", "en")
KINDS = ("page", "search (API)", "search page", "API, cached", "static file (baseline)")
TARGETS = {"search (API)": 150.0, "search page": 150.0, "API, cached": 20.0}


def environment(args) -> dict[str, str]:
    """The run's environment: the services of .run/services.env, our database and prefixes."""
    env = dict(os.environ)
    base_url = env.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        raise SystemExit("[load] DATABASE_URL must point at the PostgreSQL of the full stack")
    parts = urllib.parse.urlsplit(base_url)
    env.update(
        DATABASE_URL=urllib.parse.urlunsplit(parts._replace(path="/" + args.database)),
        SEARCH_INDEX_PREFIX="load_",
        CACHE_KEY_PREFIX="load",
        CELERY_QUEUE="load",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BASE_URL=f"http://127.0.0.1:{args.port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        STATIC_ROOT=str(RUN / "static"),
        WEB_PORT=str(args.port),
        DATABASE_POOL_MAX_SIZE=env.get("DATABASE_POOL_MAX_SIZE", env.get("WEB_THREADS", "4")),
        API_ANON_RATE="100000000/minute",
        API_POST_ANON_RATE="100000000/minute",
        LOG_LEVEL="WARNING",
        WEB_LOG_LEVEL="warning",
    )
    if not env.get("SEARCH_URL"):
        raise SystemExit("[load] SEARCH_URL is not set: source .run/services.env first")
    return env


def ensure_database(env: dict[str, str], name: str) -> None:
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "benchdb.py")], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"[load] cannot create the database {name}: {result.stderr}")
    print(f"[load] database {name}: {result.stdout.strip().splitlines()[-1]}")


def manage(env: dict[str, str], *args: str) -> None:
    started = time.perf_counter()
    setup_env = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DEBUG": "0"}
    if args[0] == "collectstatic":
        setup_env["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=setup_env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"[load] manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    print(f"[load] manage.py {' '.join(args)} ({time.perf_counter() - started:.0f} s)")


def start(env: dict[str, str], command: list[str], log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def get(base: str, path: str, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(base: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"[load] gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            status, body = get(base, "/health/", timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(
        f"[load] gunicorn not healthy after {seconds:.0f} s:\n{log.read_text()[-3000:]}"
    )


def discover(base: str) -> dict[str, list[str]]:
    """The URLs of the run: every live page, cached API reads, the stylesheet."""
    pages: list[str] = []
    offset = 0
    while True:
        _, body = get(base, f"/api/v2/pages/?limit=100&offset={offset}")
        data = json.loads(body)
        pages += [urllib.parse.urlsplit(i["meta"]["html_url"]).path for i in data["items"]]
        offset += 100
        if offset >= data["meta"]["total_count"]:
            break
    api = []
    for language in LANGUAGES:
        for endpoint in ("themes", "items", "guides", "events", "partners"):
            api.append(f"/api/v1/{endpoint}/?lang={language}")
        _, body = get(base, f"/api/v1/items/?lang={language}")
        api += [
            f"/api/v1/items/{item['id']}/?lang={language}"
            for item in json.loads(body)["results"][:5]
        ]
    manifest = json.loads((RUN / "static" / "staticfiles.json").read_text())
    return {"page": pages, "api": api, "static": ["/static/" + manifest["paths"]["css/site.css"]]}


def warm_up(base: str, urls: dict[str, list[str]]) -> None:
    started = time.perf_counter()
    bad = []
    for path in urls["page"] + urls["api"] + urls["static"]:
        status, _ = get(base, path)
        if status != 200:
            bad.append((path, status))
    for query in QUERIES:
        get(base, "/api/v1/search/?" + urllib.parse.urlencode({"q": query}))
    if bad:
        raise SystemExit(f"[load] these URLs do not answer 200 before the run: {bad[:10]}")
    print(
        f"[load] warm-up: {sum(map(len, urls.values()))} URLs once ({time.perf_counter() - started:.0f} s)"
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_load(base: str, urls: dict[str, list[str]], args) -> tuple[dict, float, list[float]]:
    class Visitor(FastHttpUser):
        host = base
        wait_time = between(1, 3)

        @task(5)
        def page(self):
            self.client.get(random.choice(urls["page"]), name="page")

        @task(2)
        def search_api(self):
            query = {"q": random.choice(QUERIES), "lang": random.choice(LANGUAGES)}
            self.client.get("/api/v1/search/?" + urllib.parse.urlencode(query), name="search (API)")

        @task(1)
        def search_page(self):
            query = urllib.parse.urlencode({"q": random.choice(QUERIES)})
            self.client.get(f"/{random.choice(LANGUAGES)}/search/?{query}", name="search page")

        @task(3)
        def api(self):
            self.client.get(
                random.choice(urls["api"]),
                name="API, cached",
                headers={"Accept": "application/json"},
            )

        @task(1)
        def static(self):
            self.client.get(urls["static"][0], name="static file (baseline)")

    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    errors: dict[str, list[str]] = {kind: [] for kind in KINDS}
    state = {"measuring": False, "count": 0, "started": 0.0}
    env = Environment(user_classes=[Visitor], events=events)
    runner = env.create_local_runner()

    def on_request(name, response_time, exception=None, **kwargs):
        if not state["measuring"]:
            return
        samples[name].append(response_time)
        if exception is not None:
            errors[name].append(str(exception)[:120])
        state["count"] += 1
        if state["count"] >= args.max_requests:
            runner.quit()

    def begin(**kwargs):
        state["measuring"], state["started"] = True, time.perf_counter()
        gevent.spawn_later(args.duration, runner.quit)

    env.events.request.add_listener(on_request)
    env.events.spawning_complete.add_listener(begin)
    loads: list[float] = []

    def sample_load():
        while True:
            loads.append(os.getloadavg()[0])
            gevent.sleep(5)

    sampler = gevent.spawn(sample_load)
    runner.start(args.users, spawn_rate=args.spawn_rate)
    runner.greenlet.join(timeout=args.duration + args.users / args.spawn_rate + 60)
    runner.quit()
    sampler.kill()
    elapsed = time.perf_counter() - state["started"] if state["started"] else 0.0
    return {"samples": samples, "errors": errors}, elapsed, loads


def report(results: dict, elapsed: float, loads: list[float], args) -> int:
    samples, errors = results["samples"], results["errors"]
    total = sum(len(v) for v in samples.values())
    print(
        f"\n[load] {args.users} users, {elapsed:.0f} s measured, {total} requests "
        f"({total / elapsed:.1f} req/s), load average during the run "
        f"{min(loads):.2f}-{max(loads):.2f} (1 min), now {os.getloadavg()}"
    )
    print("\n| request | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    missed = []
    for kind in KINDS:
        values = samples[kind]
        if not values:
            print(f"| {kind} | 0 | | | | | |")
            continue
        p95 = percentile(values, 0.95)
        print(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | "
            f"{statistics.median(values):.1f} | {p95:.1f} | {percentile(values, 0.99):.1f} | "
            f"{len(errors[kind])} |"
        )
        if kind in TARGETS and p95 >= TARGETS[kind]:
            missed.append(f"{kind} p95 {p95:.1f} ms >= {TARGETS[kind]:.0f} ms")
    failures = sum(len(v) for v in errors.values())
    if failures:
        first = next(e for v in errors.values() for e in v)
        missed.append(f"{failures} errors (first: {first})")
    if missed:
        print("\n[load] MISSED: " + "; ".join(missed))
        return 1
    print("\n[load] all targets met: no error, search p95 < 150 ms, cached API p95 < 20 ms")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10.0)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured")
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=58100)
    parser.add_argument("--database", default="cybersudoe_load")
    args = parser.parse_args()
    RUN.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    ensure_database(env, args.database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "search_reindex")
    manage(env, "collectstatic", "--noinput", "-v0")
    base = f"http://127.0.0.1:{args.port}"
    worker = start(
        env,
        [
            str(BIN / "celery"),
            "-A",
            "cms",
            "worker",
            "-Q",
            "load",
            "--pool",
            "solo",
            "--hostname",
            f"load-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        RUN / "celery.log",
    )
    server = start(
        env,
        [str(BIN / "gunicorn"), "-c", "cms/gunicorn.conf.py", "cms.wsgi:application"],
        RUN / "gunicorn.log",
    )
    try:
        wait_for(base, server, RUN / "gunicorn.log")
        urls = discover(base)
        print(
            f"[load] {len(urls['page'])} pages, {len(urls['api'])} API reads, {len(QUERIES)} "
            f"queries; gunicorn {env.get('WEB_WORKERS', str(os.cpu_count() + 1))} workers x "
            f"{env.get('WEB_THREADS', '4')} threads on {base}"
        )
        warm_up(base, urls)
        results, elapsed, loads = run_load(base, urls, args)
    finally:
        stop(server)
        stop(worker)
    return report(results, elapsed, loads, args)


if __name__ == "__main__":
    sys.exit(main())
