"""Project-wide pytest hooks."""

import os

import pytest
from django.core.management import call_command

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


@pytest.fixture
def demo(db):
    """The trilingual site skeleton: home page and the ten themes in four linked locales."""
    call_command("load_demo", "--minimal", "--no-index", verbosity=0)


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
