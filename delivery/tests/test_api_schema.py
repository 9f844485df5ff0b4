"""The OpenAPI contract of /api/v1: a committed snapshot, and a bounded schemathesis run.

When the API changes on purpose, refresh the snapshot and commit it with the change:

    UPDATE_OPENAPI=1 .venv/bin/python -m pytest delivery/tests/test_api_schema.py -k snapshot
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from search.tests.fixtures import search_engine  # noqa: F401

from .support import build_catalogue

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
# Every operation of /api/v1: toolbox, items, diagnostics, search, suggestions and the wiki.
DELIVERY_PATHS = r"^/api/v1/"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


INTEGER_BOUNDS = {2147483647, 9223372036854775807, -2147483648, -9223372036854775808}


def contract(document):
    """The schema without what depends on the database backend: integer bounds and widths of
    model fields (SQLite and PostgreSQL differ), which are not part of the contract."""
    if isinstance(document, list):
        return [contract(item) for item in document]
    if not isinstance(document, dict):
        return document
    cleaned = {key: contract(value) for key, value in document.items()}
    if cleaned.get("type") == "integer":
        for bound in ("maximum", "minimum"):
            if cleaned.get(bound) in INTEGER_BOUNDS:
                del cleaned[bound]
        if cleaned.get("format") in {"int32", "int64"}:
            del cleaned["format"]
    return cleaned


def test_the_schema_matches_the_committed_snapshot(client, db):
    # In English: field titles come from translated verbose names.
    response = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    current = response.content.decode()
    document = yaml.safe_load(current)
    validate_schema(document)  # a valid OpenAPI 3 document
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    if os.environ.get("UPDATE_OPENAPI") == "1":
        SNAPSHOT.write_text(current)
    committed = yaml.safe_load(SNAPSHOT.read_text())
    if contract(document) != contract(committed):
        changed = sorted(
            path
            for path in set(document["paths"]) | set(committed["paths"])
            if contract(document["paths"].get(path)) != contract(committed["paths"].get(path))
        ) or ["(components)"]
        pytest.fail(
            "The /api/v1 schema differs from docs/openapi.yaml: "
            f"{', '.join(changed)}. If the change is intended, run "
            "UPDATE_OPENAPI=1 .venv/bin/python -m pytest delivery/tests/test_api_schema.py -k snapshot "
            "and commit docs/openapi.yaml with it."
        )


def test_the_browsable_documentation_is_served(client, db):
    assert client.get("/api/v1/docs/").status_code == 200
    assert client.get("/api/v1/redoc/").status_code == 200
    as_json = client.get("/api/v1/schema/?format=json")
    assert json.loads(as_json.content)["info"]["title"] == "CyberSudoe API"


@pytest.fixture
def fuzz_catalogue(db, settings, search_engine):  # noqa: F811
    """A catalogue with every kind of item, indexed on the real engine for the search
    endpoints, and no throttling in the way of the fuzzer."""
    settings.API_ANON_RATE = "1000000/minute"
    settings.API_POST_ANON_RATE = "1000000/minute"
    # Requests go straight to the WSGI application, whose request_started/finished signals
    # would close the test's database connection (and its transaction), as Django's test
    # client also prevents.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield build_catalogue()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _live_schema():
    """The schema as the app serves it (building it needs no database)."""
    from cms.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    return loaded.include(path_regex=DELIVERY_PATHS)


schema = _live_schema()


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_response_outside_the_schema(case, fuzz_catalogue):
    case.call_and_validate(checks=CHECKS)
