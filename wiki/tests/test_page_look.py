"""What a partner sees on a wiki page: its title once (not again as the content's first
heading), the wiki bar and page tabs marking where they are, French label typography."""

from __future__ import annotations

from wiki import services
from wiki.markup import without_title_heading
from wiki.models import Role

from .conftest import make_group, make_user


def test_page_shows_its_title_once_and_marks_the_current_tab(client, db):
    member = make_user("lea", language="fr")
    group = make_group("cyber")
    services.membership_set(group=group, user=member, role=Role.MEMBER)
    page = services.page_create(
        group=group,
        title="Sauvegarder ses données",
        language="fr",
        content="# Sauvegarder ses données\n\nIntro.\n\n## La règle 3-2-1\n\nTrois copies.\n\n"
        "# Annexe\n\nListe.\n",
        author=member,
    )
    client.force_login(member)
    html = client.get(f"/fr/wiki/g/{group.slug}/{page.slug}/").content.decode()

    assert html.count("<h1") == 1  # the page title only
    assert html.count('Sauvegarder ses données <span class="lang-badge">') == 1
    assert '<h2 id="section-2">La règle 3-2-1' in html
    assert '<h2 id="section-3">Annexe' in html  # a second level-1 heading is demoted
    assert "Langues\u202f:" in html  # narrow no-break space before the colon in French
    assert f'href="/fr/wiki/g/{group.slug}/{page.slug}/" aria-current="page"' in html
    assert 'class="wiki-bar"' in html

    history = client.get(f"/fr/wiki/g/{group.slug}/{page.slug}/history/").content.decode()
    assert f'href="/fr/wiki/g/{group.slug}/{page.slug}/history/" aria-current="page"' in history


def test_a_first_heading_other_than_the_title_stays():
    html = '<h1 id="section-1">Contexte</h1>\n<p>Texte.</p>'
    assert (
        without_title_heading(html, "Sauvegarder")
        == '<h2 id="section-1">Contexte</h2>\n<p>Texte.</p>'
    )
    html = '<h1 id="section-1">L&#x27;essentiel</h1><p>x</p>'
    assert without_title_heading(html, "L'essentiel") == "<p>x</p>"
