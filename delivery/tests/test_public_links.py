"""Links in API answers and e-mails work where they are read.

The demo's Site record says ``localhost:80``; the site is read on 127.0.0.1:8000 (or another
``PORT``), or behind a proxy under its own name. Before, v1 ``url`` / ``translations[].url``
and v2 ``html_url`` were ``http://localhost/...`` and v2 ``detail_url`` came from a fixed
setting whatever the host.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from home.public_urls import page_full_url

from .support import build_catalogue

HOST = "cms.example.org:8443"
ROOT = f"https://{HOST}"


@pytest.fixture
def cat(db):
    return build_catalogue()


def get(client, url):
    response = client.get(url, HTTP_HOST=HOST, secure=True)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def all_links(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("url") and isinstance(item, str) and item.startswith("http"):
                yield item
            else:
                yield from all_links(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_links(item)


@override_settings(ALLOWED_HOSTS=["cms.example.org", "testserver"])
def test_v1_links_use_the_request_host_and_port(client, cat):
    body = get(client, f"/api/v1/items/{cat.guide.pk}/")
    assert body["url"] == f"{ROOT}/fr/{cat.guide.url_path.split('/', 2)[2]}"
    assert {link["url"].split("/")[3] for link in body["translations"]} == {"fr", "es", "pt"}
    links = list(all_links(body))
    assert links and all(link.startswith(ROOT + "/") for link in links), links


@override_settings(ALLOWED_HOSTS=["cms.example.org", "testserver"])
def test_v2_html_url_detail_url_and_parent_use_the_request_host(client, cat):
    listing = get(client, "/api/v2/pages/?type=toolbox.GuidePage&locale=fr")
    [guide] = listing["items"]
    assert guide["meta"]["detail_url"] == f"{ROOT}/api/v2/pages/{cat.guide.pk}/"
    assert guide["meta"]["html_url"].startswith(f"{ROOT}/fr/")
    detail = get(client, f"/api/v2/pages/{cat.guide.pk}/")
    assert detail["meta"]["parent"]["meta"]["html_url"].startswith(f"{ROOT}/fr/")
    links = list(all_links(detail)) + list(all_links(listing))
    assert links and all(link.startswith(ROOT + "/") for link in links), links
    spanish = {t["locale"]: t["url"] for t in detail["meta"]["translations"]}
    assert spanish["es"].startswith(f"{ROOT}/es/")


@override_settings(ALLOWED_HOSTS=["cms.example.org", "testserver"])
def test_v2_documents_and_images_detail_urls(client, cat):
    for endpoint in ("images", "documents"):
        body = get(client, f"/api/v2/{endpoint}/")
        links = list(all_links(body))
        assert all(link.startswith(ROOT + "/") for link in links), links


def test_links_without_a_request_use_the_configured_base_url(cat, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    assert page_full_url(cat.guide).startswith("http://127.0.0.1:8123/fr/")


def test_base_url_follows_port_by_default():
    """``PORT=9000 make run``: e-mail links point to port 9000 (settings read at start)."""
    env = {"PORT": "9123", "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "PATH": "/usr/bin:/bin"}
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.WAGTAILADMIN_BASE_URL)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "http://127.0.0.1:9123"
