"""Shared fixtures: demo content, real-service guards."""

import os

import pytest
from django.core.management import call_command

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"
LANGUAGE_CODES = ["fr", "es", "pt", "en"]


@pytest.fixture
def demo(db):
    """The trilingual demo content (home page and themes in four locales)."""
    call_command("load_demo", "--no-index", verbosity=0)


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    """Demo content loaded once for the session, for read-only tests."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-index", verbosity=0)
