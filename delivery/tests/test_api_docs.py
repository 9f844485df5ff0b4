"""The API documentation pages work offline: Swagger UI and Redoc come from our own static
files (drf-spectacular-sidecar), and nothing on them is fetched from another host."""

from __future__ import annotations

import re

import pytest
from django.db import connections

ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_pages_name_no_other_host(client, url):
    html = client.get(url).content.decode()
    assets = ASSET.findall(html)
    assert assets, "the page loads its viewer from somewhere"
    assert [a for a in assets if a.startswith(("http:", "https:", "//"))] == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url,shown", [("/api/v1/docs/", ".swagger-ui .info .title"), ("/api/v1/redoc/", "h1")]
)
def test_the_viewers_render_the_schema_with_no_outside_request(live_server, chromium, url, shown):
    page = chromium().new_page()
    outside = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_this_server)
    try:
        page.goto(live_server.url + url)
        heading = page.locator(shown).first
        heading.wait_for()
        assert "CyberSudoe API" in heading.inner_text()
        assert outside == []
    finally:
        connections.close_all()
