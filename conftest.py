"""Project-wide pytest hooks."""

import os
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright
from pytest_django.plugin import blocking_manager_key

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"
#: Opt-in clock travel (docs/CONTRIBUTING-HELPERS.md): ``TEST_FROZEN_NOW=2026-12-31T23:30:00Z``
#: starts the session, and then each test, at that instant, the clock ticking on from there.
#: Never set in CI, which runs at the real time.
TEST_FROZEN_NOW = os.environ.get("TEST_FROZEN_NOW", "").strip()
_clock_travel: time_machine.travel | None = None
_clock_traveller: time_machine.Traveller | None = None
#: Debian's Chromium (scripts/install_browser.sh); Playwright drives it, never downloads one.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    """``TEST_FROZEN_NOW``: move this process's clock (``time``, ``datetime``, hence Django's
    ``timezone.now()``) to that instant, ticking, to reproduce what fails at an hour or on a
    day (e.g. 23:30 UTC, already tomorrow in Paris). Only this process travels: the services
    keep the real clock (PostgreSQL's ``now()``, OpenSearch, a worker in another process)."""
    global _clock_travel, _clock_traveller
    if not TEST_FROZEN_NOW or _clock_travel is not None:
        return
    try:
        instant = datetime.fromisoformat(TEST_FROZEN_NOW)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise pytest.UsageError(
            f"TEST_FROZEN_NOW={TEST_FROZEN_NOW!r}: give an ISO 8601 instant with its offset, "
            "e.g. 2026-12-31T23:30:00Z or 2027-01-01T00:30:00+01:00"
        )
    # The string, not a datetime: for a ZoneInfo or UTC datetime time-machine also sets the
    # process's TZ, which a real run does not have.
    _clock_travel = time_machine.travel(TEST_FROZEN_NOW, tick=True)
    _clock_traveller = _clock_travel.start()


def pytest_unconfigure(config):
    global _clock_travel, _clock_traveller
    if _clock_travel is not None:
        _clock_travel.stop()
        _clock_travel = _clock_traveller = None


def pytest_report_header(config):
    if TEST_FROZEN_NOW:
        return f"clock: each test starts at {TEST_FROZEN_NOW} (TEST_FROZEN_NOW), ticking"
    return None


@pytest.fixture(autouse=True)
def _frozen_now_each_test():
    """With ``TEST_FROZEN_NOW``, every test starts at that instant (before its own fixtures
    build their data), whatever ran before it: a failure reproduces test by test."""
    if _clock_traveller is not None:
        _clock_traveller.move_to(TEST_FROZEN_NOW)
    yield


@pytest.fixture
def demo(db):
    """The trilingual site skeleton: home page and the ten themes in four linked locales."""
    call_command("load_demo", "--minimal", "--no-index", verbosity=0)


@pytest.fixture
def chromium(monkeypatch, tmp_path_factory):
    """Headless Chromium for end-to-end tests: ``chromium(**options)`` opens a browser with a
    fresh profile of its own (no cookie shared with another call) and returns its context;
    ``options`` go to Playwright's ``launch_persistent_context`` (``locale``, ``viewport``...).
    Every browser is closed after the test. A missing Chromium fails the test, never skips it.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/install_browser.sh")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the test makes
    # between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    contexts = []
    with sync_playwright() as playwright:

        def open_browser(*, default_timeout_ms: int = 20_000, **options):
            profile = tmp_path_factory.mktemp("chromium-profile")
            context = playwright.chromium.launch_persistent_context(
                str(profile),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_FLAGS,
                **options,
            )
            context.set_default_timeout(default_timeout_ms)
            contexts.append(context)
            return context

        try:
            yield open_browser
        finally:
            for context in contexts:
                context.close()


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Transactional tests flush the database when they end, which also removes what the
    migrations created (Wagtail's root page and default site, locales, groups, workflows).
    Serialized rollback puts that back before each transactional test."""
    return True


#: Set when a transactional test has flushed the test database (see below).
_flushed_by_transactional_test = False


def _uses_database(item) -> tuple[bool, bool]:
    """(uses the test database, in a transactional test) for a collected test."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names
    if marker is not None:
        transactional |= bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return ("_django_db_helper" in names or marker is not None), transactional


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A transactional test ends by flushing the database, migrations' data included (Wagtail's
    root page and site, locales, groups); the next transactional test reloads it (serialized
    rollback), but a plain database test would find it gone. pytest-django runs transactional
    tests last, so in one process that never happens; with pytest-xdist (``--dist loadfile``)
    a process may run a plain test file after one with transactional tests. Reload the
    migrations' data first then, outside any test transaction."""
    global _flushed_by_transactional_test
    uses_database, transactional = _uses_database(item)
    if not uses_database:
        return
    if _flushed_by_transactional_test and not transactional:
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    _flushed_by_transactional_test = transactional


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """With the real services required (CI), a skipped test is a failed run."""
    if not REQUIRE_REAL_SERVICES:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(
            f"FAILED: {skipped} test(s) skipped while REQUIRE_REAL_SERVICES=1", red=True
        )
        session.exitstatus = 1


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in this process, consuming this test run's queue on the broker.

    Tasks are no longer run eagerly while the fixture is active: ``.delay()`` goes through the
    configured broker (Redis in CI) and the worker runs them against the test database. Without
    a configured broker (embedded runs) an in-memory transport stands in.
    """
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from cms.celery import app

    previous = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "result_backend": app.conf.result_backend,
    }
    app.conf.task_always_eager = False
    if not settings.CELERY_BROKER_URL:
        if REQUIRE_REAL_SERVICES:
            pytest.fail("REQUIRE_REAL_SERVICES=1 but no CELERY_BROKER_URL is configured")
        app.conf.broker_url = "memory://"
        app.conf.result_backend = "cache+memory://"
    try:
        with start_worker(
            app,
            pool="solo",
            concurrency=1,
            queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
            perform_ping_check=False,
            shutdown_timeout=30,
        ) as worker:
            yield worker
    finally:
        for key, value in previous.items():
            app.conf[key] = value
