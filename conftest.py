"""Project-wide pytest hooks."""

import os

import pytest

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


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
