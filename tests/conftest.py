"""Shared fixtures: demo content, real-service guards."""

import os

import pytest
from django.core.management import call_command

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"
LANGUAGE_CODES = ["fr", "es", "pt", "en"]


@pytest.fixture
def demo(db):
    """The trilingual site skeleton: home page and the ten themes in four linked locales."""
    call_command("load_demo", "--minimal", "--no-index", verbosity=0)
