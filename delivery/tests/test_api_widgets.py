"""Embeddable widgets: data, iframe, script, the admin's snippet, and a real browser loading
the widget from a page served on another origin."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from delivery.models import WidgetConfig

from .support import SECRET, build_catalogue, problem


@pytest.fixture
def cat(db):
    return build_catalogue()


def test_latest_items_in_the_readers_language(client, cat):
    data = client.get("/widgets/items.json?lang=es&fallback=fr&limit=3").json()
    assert data["locale"] == {"requested": "es", "chain": ["es", "fr"]}
    assert data["labels"]["title"] == "Lo último de la caja de herramientas"
    assert len(data["items"]) == 3
    first = data["items"][0]
    assert set(first) >= {"title", "url", "type", "type_label", "locale", "fallback", "summary"}
    spanish = [item for item in data["items"] if item["locale"] == "es"]
    assert all(not item["fallback"] for item in spanish)
    assert all(item["fallback"] for item in data["items"] if item["locale"] == "fr")


def test_filters_by_theme_type_partner_and_upcoming_events(client, cat):
    by_theme = client.get("/widgets/items.json?theme=tourism").json()
    assert [i["title"] for i in by_theme["items"]] == ["Ateliers du tourisme"]
    assert by_theme["more_url"].endswith("/fr/tourism/")
    by_type = client.get("/widgets/items.json?type=guide&lang=pt&fallback=fr").json()
    assert [(i["title"], i["locale"]) for i in by_type["items"]] == [("Guia de cópias", "pt")]
    assert client.get("/widgets/items.json?partner=cybermassif").json()["items"]
    events = client.get("/widgets/items.json?content=events&lang=es").json()
    assert [i["title"] for i in events["items"]] == ["Conferencia ciberseguridad"]
    assert events["labels"]["title"] == "Próximos eventos"
    assert "Clermont-Ferrand" in events["items"][0]["date_label"]


@pytest.mark.django_db
def test_item_date_is_the_day_in_the_site_time_zone(client):
    """Published at 23:30 UTC on 31 December: already 1 January in Paris (TIME_ZONE)."""
    with time_machine.travel("2026-12-31T23:30:00Z", tick=True):
        build_catalogue()
        data = client.get("/widgets/items.json?limit=1").json()
    assert data["items"][0]["date"] == "2027-01-01"


def test_bad_widget_parameters_are_named(client, cat):
    body = problem(
        client.get("/widgets/items.json?content=all&type=podcast&limit=99&theme=nope&lang=de&x=1")
    )
    assert set(body["errors"]) == {"content", "type", "limit", "theme", "lang", "x"}


def test_no_cookies_anywhere(client, cat):
    client.cookies.clear()
    for path in ("/widgets/embed.js", "/widgets/items.json", "/widgets/frame/?lang=es"):
        response = client.get(path, HTTP_ORIGIN="https://partner.example")
        assert response.status_code == 200, path
        assert not response.cookies, path
        assert "Set-Cookie" not in response


def test_the_iframe_may_be_framed_anywhere_and_restyled(client, cat):
    response = client.get(
        "/widgets/frame/?lang=es&fallback=fr&limit=10&accent=%23c80000"
        "&stylesheet=https://partner.example/widget.css"
    )
    html = response.content.decode()
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert '<html lang="es">' in html and "Guía de copias" in html
    assert "--cybersudoe-accent: #c80000" in html
    assert '<link rel="stylesheet" href="https://partner.example/widget.css">' in html
    hostile = client.get("/widgets/frame/?accent=red;}body{display:none&stylesheet=javascript:x")
    assert "display:none" not in hostile.content.decode()
    assert "javascript:" not in hostile.content.decode()
    assert SECRET not in html


def test_the_script_knows_where_its_data_lives(client, cat):
    response = client.get("/widgets/embed.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert 'var BASE = "http://testserver";' in response.content.decode()


def test_the_admin_generates_the_snippet(admin_client, cat):
    response = admin_client.post(
        "/admin/widgets/new/",
        {
            "name": "Sécurité pour la CCI",
            "content": "latest",
            "item_type": "guide",
            "theme": cat.security.pk,
            "partner": "",
            "language": "es",
            "fallback": "fr",
            "limit": 4,
            "variant": "script",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    widget = WidgetConfig.objects.get()
    assert widget.params() == {
        "content": "latest",
        "lang": "es",
        "limit": "4",
        "fallback": "fr",
        "type": "guide",
        "theme": "security",
    }
    edit = admin_client.get(f"/admin/widgets/edit/{widget.pk}/").content.decode()
    assert "cybersudoe-widget" in edit and "/widgets/embed.js" in edit
    assert "data-theme=&quot;security&quot;" in edit  # in the copy-paste textarea
    widget.variant = WidgetConfig.Variant.IFRAME
    assert widget.snippet(base_url="https://cms.example").startswith(
        '<iframe src="https://cms.example/widgets/frame/?content=latest&amp;lang=es'
    )
    invalid = admin_client.post(
        "/admin/widgets/new/",
        {"name": "x", "content": "latest", "language": "es", "fallback": "xx", "limit": 4,
         "variant": "script"},
    )  # fmt: skip
    assert invalid.status_code == 200 and "xx" in invalid.content.decode()


# --- in a real browser, from another origin -------------------------------------------------
HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A partner's site</title>
<style>
  #script-widget {{ --cybersudoe-accent: rgb(200, 0, 0); }}
  #script-widget .cybersudoe-widget::part(title) {{ text-transform: uppercase; }}
</style></head>
<body>
<h1>CCI news</h1>
<div id="script-widget">{script}</div>
<div id="frame-widget">{iframe}</div>
</body></html>"""


class HostSite:
    """The partner's own site, on another origin than the CMS."""

    def __init__(self, html: str):
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.browser
# serialized_rollback: the tree root and the default site come from migrations, and an earlier
# transactional test may have flushed them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_partner_page_on_another_origin_shows_both_widgets(live_server, chromium):
    build_catalogue()
    assert live_server.url.startswith("http://localhost:")  # the CMS: another origin
    script = WidgetConfig(
        name="s", content="latest", language="es", fallback="fr", limit=10, variant="script"
    ).snippet(base_url=live_server.url)
    iframe = WidgetConfig(
        name="i", content="events", language="es", limit=3, variant="iframe"
    ).snippet(base_url=live_server.url)
    host = HostSite(HOST_PAGE.format(script=script, iframe=iframe))
    try:
        context = chromium()
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(host.url)
        page.locator(".cybersudoe-widget[data-cybersudoe-ready=done]").wait_for()

        # the script widget: rendered in its shadow root, in Spanish with fallbacks
        items = page.locator(".cybersudoe-widget li[part=item]")
        assert items.count() == 6  # every visible item, once, in es or else fr
        texts = items.all_inner_texts()
        assert any("Guía de copias" in text for text in texts)
        assert not any(SECRET in text for text in texts)
        title = page.locator(".cybersudoe-widget h2[part=title]")
        assert title.text_content() == "Lo último de la caja de herramientas"
        transform = title.evaluate("node => getComputedStyle(node).textTransform")
        assert transform == "uppercase"  # restyled from the host page with ::part()
        link_colour = page.locator(".cybersudoe-widget a[part=link]").first.evaluate(
            "node => getComputedStyle(node).color"
        )
        assert link_colour == "rgb(200, 0, 0)"  # custom property restyle
        badges = page.locator(".cybersudoe-widget [part=badge]")
        assert badges.count() >= 1 and badges.first.inner_text() == "FR"

        # the iframe widget: upcoming events
        frame = page.frame_locator("#frame-widget iframe")
        frame.locator("li.item").first.wait_for()
        assert (
            frame.locator("li.item").all_inner_texts()[0].startswith("Conferencia ciberseguridad")
        )

        assert errors == []
        assert context.cookies() == []  # neither origin set a cookie
        assert page.evaluate("document.cookie") == ""
    finally:
        host.close()
