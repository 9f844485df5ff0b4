"""Fixtures shared by the delivery tests."""

from __future__ import annotations

import pytest
import time_machine

#: Mid-day on an ordinary Wednesday, half a second into a minute (UTC).
WINDOW_START = "2027-03-10T12:00:00.5Z"


@pytest.fixture
def quota_window():
    """The API's quotas count in fixed windows (a minute, an hour; key usage per UTC day).
    A test that makes N requests and expects the next one refused fails when a window ends
    between two of them (for a per-minute quota, about once in a hundred runs of a test
    lasting half a second). The test's requests start at the beginning of a window, the clock
    ticking: a minute to go."""
    with time_machine.travel(WINDOW_START, tick=True) as traveller:
        yield traveller
