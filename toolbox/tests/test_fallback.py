"""Locale fallback: an item missing in the visitor's language is shown in the first language of
CONTENT_FALLBACK_CHAIN that has it, says so, and marks its content with the right ``lang``."""

import re

import pytest
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import PageViewRestriction

from home.services import translation_create_or_update
from toolbox.fallback import fallback_chain

from . import factories

NOTICE = re.compile(r'<div class="notice notice--language" role="note">(.*?)</div>', re.S)


def language_name(code: str, *, in_language: str) -> str:
    with translation.override(in_language):
        return str(get_language_info(code)["name_translated"])


def translate(page, code: str, **fields):
    return translation_create_or_update(
        source=page, locale=factories.locales()[code], fields=fields
    )


@pytest.fixture
def guide(tree):
    return factories.guide(
        tree["section"], tree["security"], title="Guide des sauvegardes", key="backups"
    )


def test_chain_starts_with_the_requested_language(settings):
    settings.CONTENT_FALLBACK_CHAIN = ["fr", "es", "pt", "en"]
    assert fallback_chain("pt") == ["pt", "fr", "es", "en"]
    assert fallback_chain("fr") == ["fr", "es", "pt", "en"]


def test_stable_url_redirects_to_the_translation_when_it_exists(client, guide):
    es_guide = translate(guide, "es", title="Guía de copias de seguridad", slug="guia")
    response = client.get("/es/items/backups/")
    assert response.status_code == 302
    assert response["Location"] == es_guide.get_url()
    assert client.get("/fr/items/backups/")["Location"] == guide.get_url()


def test_missing_translation_is_shown_in_the_first_language_of_the_chain(client, guide, settings):
    settings.CONTENT_FALLBACK_CHAIN = ["fr", "es", "pt", "en"]
    response = client.get("/pt/items/backups/")
    assert response.status_code == 200
    html = response.content.decode()
    # the interface is in Portuguese, the content is French and marked so
    assert '<html lang="pt">' in html
    assert '<article class="item" aria-labelledby="item-title" lang="fr">' in html
    assert '<h1 id="item-title">Guide des sauvegardes</h1>' in html
    notice = NOTICE.search(html)
    assert notice, "the page says which language it shows"
    assert language_name("pt", in_language="pt") in notice.group(1)
    assert language_name("fr", in_language="pt") in notice.group(1)
    # search engines are pointed at the real page
    assert f'<link rel="canonical" href="http://testserver{guide.get_url()}">' in html


def test_the_chain_is_followed_in_its_configured_order(client, guide, settings):
    translate(guide, "es", title="Guía de copias de seguridad", slug="guia")
    translate(guide, "en", title="Backup guide", slug="backup-guide")
    guide.unpublish()  # the French source is no longer live

    settings.CONTENT_FALLBACK_CHAIN = ["fr", "en", "es", "pt"]
    html = client.get("/pt/items/backups/").content.decode()
    assert '<h1 id="item-title">Backup guide</h1>' in html
    assert 'lang="en"' in html

    settings.CONTENT_FALLBACK_CHAIN = ["fr", "es", "en", "pt"]
    html = client.get("/pt/items/backups/").content.decode()
    assert '<h1 id="item-title">Guía de copias de seguridad</h1>' in html
    notice = NOTICE.search(html).group(1)
    assert language_name("es", in_language="pt") in notice


def test_nothing_to_show_is_not_found(client, guide, settings):
    settings.CONTENT_FALLBACK_CHAIN = ["es"]  # French is not in the chain
    assert client.get("/pt/items/backups/").status_code == 404
    settings.CONTENT_FALLBACK_CHAIN = ["fr", "es", "pt", "en"]
    assert client.get("/pt/items/no-such-item/").status_code == 404


def test_drafts_and_private_items_are_never_shown_as_fallback(client, tree, guide):
    draft = factories.guide(
        tree["section"], tree["security"], title="Brouillon", key="draft", live=False
    )
    assert client.get(f"/es/items/{draft.key}/").status_code == 404
    PageViewRestriction.objects.create(page=guide, restriction_type="password", password="x")
    assert client.get("/es/items/backups/").status_code == 404


def test_an_unpublished_translation_falls_back(client, guide):
    es_guide = translate(guide, "es", title="Guía de copias de seguridad", slug="guia")
    es_guide.unpublish()
    response = client.get("/es/items/backups/")
    assert response.status_code == 200
    assert '<h1 id="item-title">Guide des sauvegardes</h1>' in response.content.decode()


def test_language_switcher_sends_missing_translations_to_the_fallback(client, guide):
    es_guide = translate(guide, "es", title="Guía de copias de seguridad", slug="guia")
    html = client.get(guide.get_url()).content.decode()
    head, body = html.split("</head>")
    switcher = body.split('<nav class="language-switcher"')[1].split("</nav>")[0]
    assert f'<a href="{es_guide.get_url()}" hreflang="es"' in switcher
    assert '<a href="/pt/items/backups/" hreflang="pt" lang="pt" class="unavailable"' in switcher
    assert '<a href="/en/items/backups/" hreflang="en" lang="en" class="unavailable"' in switcher
    # missing translations stay out of the hreflang alternates
    assert 'hreflang="pt"' not in head and 'hreflang="es"' in head

    # on the fallback page, the visitor's language is the current one
    fallback_html = client.get("/pt/items/backups/").content.decode()
    switcher = fallback_html.split('<nav class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/pt/items/backups/" hreflang="pt" lang="pt" aria-current="true"' in switcher
    assert f'<a href="{guide.get_url()}" hreflang="fr"' in switcher


def test_pages_other_than_items_keep_linking_to_the_locale_home(client, tree):
    html = client.get(tree["security"].get_url()).content.decode()
    switcher = html.split('<nav class="language-switcher"')[1].split("</nav>")[0]
    assert '<a href="/es/" hreflang="es" lang="es" class="unavailable"' in switcher
