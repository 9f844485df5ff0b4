"""Every public page renders in all four locales with correct hreflang alternates."""

import re

import pytest
from django.utils.html import escape
from wagtail.models import Page

from home.models import HomePage
from toolbox.models import ThemePage

from .conftest import LANGUAGE_CODES

HREFLANG = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">')


def alternates(html: str) -> dict[str, str]:
    return dict(HREFLANG.findall(html))


def assert_page_renders_with_alternates(client, page: Page):
    translations = {p.locale.language_code: p for p in page.get_translations(inclusive=True)}
    assert sorted(translations) == sorted(LANGUAGE_CODES)
    for code, translation in translations.items():
        url = translation.get_url()
        assert url.startswith(f"/{code}/"), url
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        assert f'<html lang="{code}">' in html
        assert f"<h1>{escape(translation.title)}</h1>" in html
        links = alternates(html)
        expected = {other: f"http://testserver{p.get_url()}" for other, p in translations.items()}
        expected["x-default"] = expected["fr"]
        assert links == expected, url


@pytest.mark.django_db
def test_home_page_in_every_locale(client, demo):
    home = HomePage.objects.get(locale__language_code="fr")
    assert_page_renders_with_alternates(client, home)


@pytest.mark.django_db
def test_every_theme_in_every_locale(client, demo):
    themes = ThemePage.objects.filter(locale__language_code="fr")
    assert themes.count() == 10
    assert set(themes.values_list("kind", flat=True)) == {"general", "sectoral"}
    for theme in themes:
        assert_page_renders_with_alternates(client, theme)


@pytest.mark.django_db
def test_home_lists_themes_in_the_visitors_language(client, demo):
    html = client.get("/es/").content.decode()
    assert "Ciberseguridad" in html or "Seguridad de los sistemas de información" in html
    assert "Gestión empresarial" in html
    assert "Gestion d'entreprise" not in html


@pytest.mark.django_db
def test_root_redirects_to_a_language(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-PT,pt;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/pt/"


@pytest.mark.django_db
def test_language_switcher_marks_missing_translation(client, demo):
    theme = ThemePage.objects.get(key="tourism", locale__language_code="fr")
    ThemePage.objects.get(key="tourism", locale__language_code="en").unpublish()
    html = client.get(theme.get_url()).content.decode()
    assert 'hreflang="en" href=' not in html.split("</head>")[0]
    assert 'class="unavailable"' in html
