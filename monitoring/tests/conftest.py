"""Fixtures of the monitoring tests: ``world`` (in ``fixtures.py``, shared with delivery's API
tests) and English as the admin's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from .fixtures import world  # noqa: F401


@pytest.fixture(autouse=True)
def english_admin():
    """The admin lives under the language prefix: tests address it in English (/en/admin/)."""
    with translation.override("en"):
        yield
