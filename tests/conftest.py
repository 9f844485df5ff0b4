"""Constants shared by the cross-app tests (fixtures are in the root conftest.py)."""

import os

REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"
LANGUAGE_CODES = ["fr", "es", "pt", "en"]
