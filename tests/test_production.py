"""The production stack: ``check --deploy`` is clean, and gunicorn with the production settings
serves compressed static files cached for a year, only the public part of the media, and HTTPS
rules (redirect, HSTS, secure cookies) behind the proxy header."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

# The server process reads the test database (as migrated): the mark has it created.
pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
HTTPS = {"X-Forwarded-Proto": "https"}  # what our TLS proxy adds (SECURE_PROXY_SSL_HEADER)


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="0",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# --- gunicorn -----------------------------------------------------------------------------
@dataclass
class Server:
    port: int
    static_root: Path
    media_root: Path
    has_database: bool
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text()[-3000:]

    def get(self, path: str, headers: dict[str, str] | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str | None:
    """The test database, for the server process (PostgreSQL only: SQLite's is in memory)."""
    from django.db import connection

    db = connection.settings_dict  # its NAME is the test database's
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_setup):
    """gunicorn (cms/gunicorn.conf.py, production settings) on a free port, on the test database."""
    static_root = tmp_path_factory.mktemp("static")
    media_root = tmp_path_factory.mktemp("media")
    port = _free_port()
    database_url = _database_url()
    env = production_env(
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        WEB_PORT=str(port),
        WEB_WORKERS="1",
        WEB_THREADS="2",
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        SEARCH_INDEX_PREFIX=settings.WAGTAILSEARCH_BACKENDS["default"].get("INDEX_PREFIX", ""),
        CACHE_KEY_PREFIX=f"test-production-{os.getpid()}",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    collected = manage("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    log = tmp_path_factory.mktemp("log") / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(gunicorn), "-c", "cms/gunicorn.conf.py", "cms.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(port, static_root, media_root, database_url is not None, log)
    deadline = time.monotonic() + 90
    while True:
        try:
            running.get("/health/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not answer:\n" + log.read_text())
            time.sleep(0.3)
    yield running
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def test_static_files_are_compressed_and_cached_for_a_year(server):
    manifest = json.loads((server.static_root / "staticfiles.json").read_text())
    hashed = "/static/" + manifest["paths"]["css/site.css"]
    assert hashed != "/static/css/site.css"
    response, body = server.get(hashed, {**HTTPS, "Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Cache-Control") == "max-age=315360000, public, immutable"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    plain, plain_body = server.get(hashed, HTTPS)
    assert plain.getheader("Content-Encoding") is None and len(plain_body) > len(body)
    # an unversioned name is only cached briefly: it changes with every release
    response, _ = server.get("/static/css/site.css", HTTPS)
    assert response.status == 200 and "immutable" not in response.getheader("Cache-Control")


def test_only_the_public_media_is_served(server):
    (server.media_root / "original_images").mkdir(exist_ok=True)
    (server.media_root / "original_images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\nimage")
    (server.media_root / "documents").mkdir(exist_ok=True)
    (server.media_root / "documents" / "private.pdf").write_bytes(b"%PDF-1.4 private")
    # wiki attachments live beside MEDIA_ROOT, never under it (wiki.models.private_storage)
    wiki_root = server.media_root.with_name(server.media_root.name + "-private") / "wiki" / "1"
    wiki_root.mkdir(parents=True, exist_ok=True)
    (wiki_root / "minutes.pdf").write_bytes(b"%PDF-1.4 wiki")

    response, body = server.get("/media/original_images/photo.png", HTTPS)
    assert response.status == 200 and body.endswith(b"image")
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    for path in (
        "/media/documents/private.pdf",  # documents: only through /documents/<id>/ (privacy)
        "/media/original_images/../documents/private.pdf",
        "/media/images/%2e%2e/documents/private.pdf",
        f"/media/../{wiki_root.parent.parent.name}/wiki/1/minutes.pdf",
        "/media/original_images/missing.png",
    ):
        response, body = server.get(path, HTTPS)
        assert response.status == 404, path
        assert b"PDF" not in body, path


def test_plain_http_is_redirected_and_https_is_strict(server):
    response, _ = server.get("/fr/")
    assert response.status == 301
    assert response.getheader("Location") == "https://127.0.0.1/fr/"
    health, _ = server.get("/health/")  # load balancers probe it over plain HTTP
    assert health.status in {200, 503}
    response, _ = server.get("/static/css/site.css", HTTPS)
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_pages_through_gunicorn_carry_the_policy_and_secure_cookies(server):
    if not server.has_database:
        pytest.skip("the server process needs a PostgreSQL test database")
    # the test database as migrated (Wagtail's root and default site): no content is needed
    response, body = server.get("/fr/", HTTPS)
    assert response.status in {200, 404}, server.log_tail()
    policy = response.getheader("Content-Security-Policy")
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    login, body = server.get("/admin/login/", HTTPS)
    assert login.status == 200 and b'name="password"' in body
    assert "'unsafe-inline'" in login.getheader("Content-Security-Policy")  # the admin's policy
    cookie = login.getheader("Set-Cookie")
    assert "csrftoken=" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
