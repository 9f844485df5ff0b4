"""Project-wide pytest hooks."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"
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
