"""The public archive of issues (/<lang>/newsletter/issues/) and its feeds, as a visitor reads
them: each published issue once, in the visitor's language when translated, else in the first
language of the fallback chain (and saying so), newest first; never a draft, an unpublished or
a private issue."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.services import translation_create_or_update
from newsletter import views
from newsletter.models import NewsletterIssuePage
from toolbox.tests import factories

pytestmark = pytest.mark.django_db


def make_issue(parent, title: str, slug: str, intro: str, *, publish: bool = True):
    page = NewsletterIssuePage(title=title, slug=slug, subject=title, intro=intro, live=publish)
    parent.add_child(instance=page)
    if publish:
        factories.publish(page)
    else:
        page.save_revision()
    return page


def translate(page, code: str, title: str, slug: str, intro: str):
    return translation_create_or_update(
        source=page,
        locale=factories.locales()[code],
        fields={"title": title, "slug": slug, "subject": title, "intro": intro},
    )


def dated(page, days_ago: int) -> None:
    """Every translation of ``page`` came out ``days_ago`` days ago."""
    when = timezone.now() - dt.timedelta(days=days_ago)
    NewsletterIssuePage.objects.filter(translation_key=page.translation_key).update(
        first_published_at=when
    )
    page.refresh_from_db()


@pytest.fixture
def issues(db):
    """In French: an issue translated into Spanish (40 days old), a newer one not translated,
    a draft, one published then unpublished, and a private one (with its Spanish copy)."""
    home = factories.home()
    for code in ("es", "pt", "en"):
        factories.home(code)
    translated = make_issue(
        home, "Lettre n°1 : les sauvegardes", "lettre-1", "Bonjour, voici les sauvegardes."
    )
    dated(translated, 40)
    spanish = translate(
        translated,
        "es",
        "Boletín n.º 1: las copias de seguridad",
        "boletin-1",
        "Hola, estas son las copias de seguridad.",
    )
    french_only = make_issue(
        home, "Lettre n°2 : la facture électronique", "lettre-2", "La facture électronique."
    )
    dated(french_only, 10)
    draft = make_issue(home, "Lettre n°3 en préparation", "lettre-3", "Brouillon.", publish=False)
    withdrawn = make_issue(home, "Lettre retirée", "lettre-retiree", "Retirée.")
    withdrawn.unpublish()
    private = make_issue(home, "Lettre réservée aux partenaires", "lettre-privee", "Privée.")
    private_es = translate(
        private, "es", "Boletín reservado a los socios", "boletin-privado", "Privado."
    )
    for page in (private, private_es):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    return {
        "translated": translated,
        "spanish": spanish,
        "french_only": french_only,
        "draft": draft,
        "withdrawn": withdrawn,
        "private": private,
    }


def archive(client, language: str) -> str:
    response = client.get(f"/{language}/newsletter/issues/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    return html


def listed_titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


def test_the_archive_lists_published_issues_in_the_reader_language_newest_first(client, issues):
    html = archive(client, "es")
    assert "Archivo del boletín" in html
    # The translated issue in Spanish only; the untranslated one in French, said so in Spanish.
    assert listed_titles(html) == [
        "Lettre n°2 : la facture électronique",
        "Boletín n.º 1: las copias de seguridad",
    ]
    assert "Lettre n°1" not in html
    assert f'href="{issues["spanish"].url}"' in html
    assert f'href="{issues["french_only"].url}"' in html
    assert issues["spanish"].url.startswith("/es/")
    assert '<li class="nl-archive-item" lang="fr">' in html
    assert '<span lang="es">Aún no traducido: en francés</span>' in html
    # Its date is the day the issue came out in French, not the later Spanish publication.
    came_out = timezone.localdate(issues["translated"].first_published_at)
    assert f'<time datetime="{came_out:%Y-%m-%d}">' in html
    assert "Hola, estas son las copias de seguridad." in html


def test_the_french_archive_shows_no_spanish_issue(client, issues):
    html = archive(client, "fr")
    assert "Archives de la lettre d’information" in html
    assert listed_titles(html) == [
        "Lettre n°2 : la facture électronique",
        "Lettre n°1 : les sauvegardes",
    ]
    assert "Boletín" not in html
    assert "Pas encore traduit" not in html


@pytest.mark.parametrize("language", ["fr", "es", "pt"])
def test_drafts_unpublished_and_private_issues_are_never_listed(client, issues, language):
    html = archive(client, language)
    for hidden in ("3 en préparation", "retirée", "réservée", "reservado"):
        assert hidden not in html, hidden
    assert len(listed_titles(html)) == 2


def test_a_portuguese_reader_gets_the_first_language_of_the_chain(client, issues):
    """Neither issue is in Portuguese: both in French (first of fr,es,pt,en)."""
    html = archive(client, "pt")
    assert "Arquivo da newsletter" in html
    assert listed_titles(html) == [
        "Lettre n°2 : la facture électronique",
        "Lettre n°1 : les sauvegardes",
    ]
    assert html.count("Ainda não traduzido: em francês") == 2


def test_an_empty_archive_says_so(client, db):
    factories.home()
    html = archive(client, "fr")
    assert "Aucun numéro n’a encore été publié." in html


def test_the_archive_is_linked_from_the_subscription_page_and_each_issue(client, issues):
    subscribe = client.get("/es/newsletter/").content.decode()
    assert 'href="/es/newsletter/issues/">Leer los números anteriores</a>' in subscribe
    page = client.get(issues["spanish"].url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/es/newsletter/issues/"' in html
    assert 'type="application/rss+xml"' in html and 'href="/es/newsletter/issues/rss/"' in html
    # The web version shows the issue's date, the same as the archive's.
    came_out = timezone.localdate(issues["translated"].first_published_at)
    assert f'<time datetime="{came_out:%Y-%m-%d}">' in html


def test_the_archive_paginates(client, issues, monkeypatch):
    monkeypatch.setattr(views, "ARCHIVE_PAGE_SIZE", 1)
    first = archive(client, "fr")
    assert listed_titles(first) == ["Lettre n°2 : la facture électronique"]
    assert 'rel="next" href="?page=2"' in first
    second = client.get("/fr/newsletter/issues/?page=2").content.decode()
    assert listed_titles(second) == ["Lettre n°1 : les sauvegardes"]


def test_the_feeds_list_the_issues_of_the_url_language(client, issues):
    response = client.get("/es/newsletter/issues/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "El boletín CyberSudoe"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [
        "Lettre n°2 : la facture électronique",
        "Boletín n.º 1: las copias de seguridad",
    ]
    links = [item.findtext("link") for item in channel.findall("item")]
    assert links[1].endswith(issues["spanish"].url)
    atom = client.get("/fr/newsletter/issues/atom/")
    assert atom.status_code == 200
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(atom.content).findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [
        "Lettre n°2 : la facture électronique",
        "Lettre n°1 : les sauvegardes",
    ]
