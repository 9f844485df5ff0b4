"""Bad input on /api/v2 (Wagtail's API, ``delivery/v2.py``): never a server error.

/api/v2 serves no schema of its own, so ``v2_openapi.yaml`` describes it (every parameter of the
listing, detail and find views of pages, images and documents) and schemathesis fuzzes it,
NUL characters and absurd values included. The per-type field filters, which only exist with
``?type=``, get a fixed set of bad values each. CI runs this file on PostgreSQL and on SQLite
(``scripts/test.sh``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.files.base import ContentFile
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.index import get_indexed_models
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend

from delivery.v2 import DocumentsEndpoint, ImagesEndpoint, PagesEndpoint

from .support import build_catalogue

DOCUMENT = Path(__file__).with_name("v2_openapi.yaml")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# For the field filters of each page type: values of the wrong type, out of every range,
# malformed dates, empty, and SQL or search syntax.
BAD_VALUES = [
    "not-a-value",
    "-1",
    "99999999999999999999999",
    "2026-02-30T25:61:00",
    "",
    "true",
    "' OR 1=1 --",
    "a\x00b",
]


def _document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text())


def _query_parameters(document: dict, path: str) -> set[str]:
    components = document["components"]["parameters"]
    names = set()
    for parameter in document["paths"][path]["get"]["parameters"]:
        if "$ref" in parameter:
            parameter = components[parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "query":
            names.add(parameter["name"])
    return names


@pytest.mark.parametrize(
    "path, endpoint, model",
    [
        ("/api/v2/pages/", PagesEndpoint, Page),
        ("/api/v2/images/", ImagesEndpoint, get_image_model()),
        ("/api/v2/documents/", DocumentsEndpoint, get_document_model()),
    ],
)
def test_the_document_lists_every_parameter(path, endpoint, model):
    accepted = set(endpoint.known_query_parameters) | set(
        endpoint.get_available_fields(model, db_fields_only=True)
    )
    assert _query_parameters(_document(), path) == accepted


def test_the_document_lists_every_page_type():
    [type_parameter] = [
        p for p in _document()["components"]["parameters"].values() if p["name"] == "type"
    ]
    listed = {label for label in type_parameter["schema"]["enum"] if "," not in label}
    assert listed == {model._meta.label for model in get_page_models()} | {"wagtailcore.Page"}


def fresh_wagtail_indices():
    """On a search engine: empty page, image and document indices with their mappings, as
    ``update_index`` leaves them (an index the engine creates on the first document it gets
    maps every field as text, and sorting a search by title then fails in the engine). The
    database backend needs nothing."""
    backend = get_search_backend()
    if not isinstance(backend, ElasticsearchBaseSearchBackend):
        return
    for root in (Page, get_image_model(), get_document_model()):
        index = backend.get_index_for_model(root)
        if index.is_alias():  # left by an atomic update_index: drop what it points to
            for target in index.aliased_indices():
                target.delete()
        index.reset()
        for model in get_indexed_models():
            if issubclass(model, root):
                index.add_model(model)


@pytest.fixture
def v2_catalogue(db, settings):
    """The delivery catalogue plus an image and a document (tagged), indexed for Wagtail's
    ``?search=``, and no throttling in the way of the fuzzer."""
    settings.API_ANON_RATE = "1000000/minute"
    settings.API_POST_ANON_RATE = "1000000/minute"
    # Requests go straight to the WSGI application, whose request_started/finished signals
    # would close the test's database connection (and its transaction), as Django's test
    # client also prevents.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        fresh_wagtail_indices()
        catalogue = build_catalogue()
        image = get_image_model().objects.create(
            title="Schéma réseau", file=get_test_image_file("fuzz.png")
        )
        image.tags.add("réseau", "sauvegarde")
        document = get_document_model().objects.create(
            title="Charte informatique", file=ContentFile(b"%PDF-1.4\n", name="fuzz-charte.pdf")
        )
        document.tags.add("charte")
        yield catalogue
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _schema():
    from cms.wsgi import application

    loaded = schemathesis.openapi.from_dict(_document())
    loaded.app = application
    return loaded


schema = _schema()


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_response_outside_the_document(case, v2_catalogue):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.parametrize("model", get_page_models(), ids=lambda model: model._meta.label)
def test_bad_values_in_the_field_filters_of_each_page_type(client, v2_catalogue, model):
    label = model._meta.label
    client.raise_request_exception = False  # a server error is a response to report
    failures = {}
    for field in PagesEndpoint.get_available_fields(model, db_fields_only=True):
        if model is not Page and model._meta.get_field(field).model is not model:
            continue  # inherited: tested with the model that declares it
        for value in BAD_VALUES:
            if field in failures:
                break
            response = client.get(
                "/api/v2/pages/", {"type": label, field: value}, HTTP_ACCEPT_LANGUAGE="en"
            )
            if response.status_code >= 500:
                error = response.exc_info[1] if response.exc_info else response.status_code
                failures[field] = f"{field}={value!r}: {error!r}"
            elif response.status_code == 400:
                assert response.json()["message"], (field, value)
    assert not failures, f"{label}: " + ", ".join(failures.values())
