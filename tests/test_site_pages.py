"""Site-wide pages: 404 and 500 in the visitor's language, robots.txt and sitemap.xml."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from wagtail.models import Locale, PageViewRestriction, get_page_models

from home.models import HomePage
from home.services import translation_create_or_update
from toolbox.models import ThemePage

from . import public_pages

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def themes(demo):
    """The demo skeleton (home and themes in four locales), one theme a draft, one private."""
    fr = Locale.objects.get(language_code="fr")
    draft, private = ThemePage.objects.filter(locale=fr).order_by("path")[:2]
    draft.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {"draft": draft, "private": private}


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        entries[url.find("s:loc", NS).text] = alternates
    return entries


def test_404_is_in_the_url_language_with_search_and_home_link(client, db):
    response = client.get("/es/no-existe-esta-pagina/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Página no encontrada" in html
    assert 'action="/es/search/"' in html and 'name="q"' in html
    assert 'href="/es/">Volver a la página de inicio</a>' in html
    assert "Aviso legal" in html  # the site's footer, in Spanish
    assert "Page not found" not in html and "Page introuvable" not in html
    # A missing page has no translations to announce: no hreflang, languages link home.
    assert 'rel="alternate" hreflang' not in html
    assert 'href="/pt/" hreflang="pt" lang="pt" class="unavailable"' in html


def test_404_in_french_and_portuguese(client, db):
    fr = client.get("/fr/cette-page-nexiste-pas/").content.decode()
    assert "Page introuvable" in fr and '<html lang="fr">' in fr
    pt = client.get("/pt/esta-pagina-nao-existe/").content.decode()
    assert "Página não encontrada" in pt and '<html lang="pt">' in pt


def test_500_renders_without_database_or_request_context():
    """No ``db`` fixture: any query would raise. Django's server_error gives no context."""
    request = RequestFactory().get("/es/")
    with translation.override("es"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="es">' in html
    assert "Se ha producido un error" in html
    assert 'action="/es/search/"' in html
    assert 'href="/es/"' in html


def test_robots_txt_allows_the_site_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    for path in ("/admin/", "/django-admin/", "/api/"):
        assert f"Disallow: {path}" in lines
    for code, _name in settings.LANGUAGES:
        assert f"Disallow: /{code}/wiki/" in lines
        assert f"Disallow: /{code}/search/" not in lines  # search pages are public
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_public_pages_of_every_locale_with_hreflang(client, themes):
    entries = sitemap_entries(client)
    homes = {home.locale.language_code: home for home in HomePage.objects.all()}
    assert set(homes) == {code for code, _name in settings.LANGUAGES}
    for code, home in homes.items():
        assert home.get_full_url() in entries, code
    # The home page announces its four translations and the default language as x-default.
    alternates = entries[homes["es"].get_full_url()]
    assert alternates == {
        **{code: home.get_full_url() for code, home in homes.items()},
        "x-default": homes["fr"].get_full_url(),
    }
    # A translated theme: every locale's copy listed, each with the others as alternates.
    theme = ThemePage.objects.filter(locale__language_code="fr").live().public().first()
    copies = {t.locale.language_code: t.get_full_url() for t in theme.get_translations(True)}
    assert len(copies) == 4
    for url in copies.values():
        assert {k: v for k, v in entries[url].items() if k != "x-default"} == copies


def test_sitemap_leaves_out_drafts_and_private_pages(client, themes):
    entries = sitemap_entries(client)
    assert themes["draft"].get_full_url() not in entries
    assert themes["private"].get_full_url() not in entries
    for url, alternates in entries.items():
        assert themes["draft"].get_full_url() not in alternates.values(), url
        assert "/wiki/" not in url


def test_sitemap_leaves_out_an_unpublished_translation(client, demo):
    """'Translate this page' leaves the copy a draft: it is not listed, nor announced."""
    theme = ThemePage.objects.filter(locale__language_code="fr").first()
    es_copy = theme.get_translation(Locale.objects.get(language_code="es"))
    es_copy.unpublish()
    entries = sitemap_entries(client)
    assert es_copy.get_full_url() not in entries
    assert "es" not in entries[theme.get_full_url()]
    assert translation_create_or_update  # the service the demo uses for these copies


def test_the_visitor_tests_visit_every_page_type():
    """A new page type is either visited by the UI-language and accessibility tests or named,
    with the reason, among those they leave out (tests/public_pages.py)."""
    creatable = {model for model in get_page_models() if model.is_creatable}
    listed = set(public_pages.PAGE_TYPES) | set(public_pages.NOT_VISITED)
    assert creatable - listed == set(), "add the page type to tests/public_pages.py"
    assert set(public_pages.PAGE_TYPES) & set(public_pages.NOT_VISITED) == set()
