"""Markdown rendering: sanitised HTML, [[Page links]], sections."""

import pytest

from wiki import selectors, services
from wiki.markup import (
    mentioned_usernames,
    render,
    replace_section,
    section_text,
    split_sections,
)

from .conftest import client_for


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<p style="background:url(x)">x</p>', "style="),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ('<svg onload="alert(1)"></svg>', "onload"),
        ('<h2 id="main">x</h2>', 'id="main"'),
    ],
)
def test_rendering_removes_dangerous_html(source, forbidden):
    assert forbidden not in render(source).html


def test_links_get_safe_rel_and_markdown_works():
    html = render("**bold** [site](https://example.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |").html
    assert "<strong>bold</strong>" in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html


def test_wiki_links_existing_and_missing(world):
    page = world.private_page
    services.page_create(
        group=world.private, title="Budget", language="fr", content="", author=world.member
    )
    html = selectors.page_render(page, "See [[Budget]] and [[Missing page|the plan]].").html
    assert f'href="/fr/wiki/g/{world.private.slug}/budget/"' in html
    assert 'class="wikilink missing"' in html and "the plan" in html
    assert "new/?title=Missing+page" in html


def test_missing_link_opens_prefilled_creation_form(client, world):
    client_for(client, world.member)
    response = client.get(f"/fr/wiki/g/{world.private.slug}/new/?title=Missing+page&language=fr")
    assert response.status_code == 200
    assert 'value="Missing page"' in response.content.decode()


TEXT = "Preamble.\n\n# A\n\nText A.\n\n## A.1\n\nSub.\n\n# B\n\n```\n# not a heading\n```\n\nSetext\n------\n\nEnd.\n"


def test_sections_follow_headings_outside_code():
    sections = split_sections(TEXT)
    assert [(s.number, s.level, s.title) for s in sections] == [
        (0, 0, ""),
        (1, 1, "A"),
        (2, 2, "A.1"),
        (3, 1, "B"),
        (4, 2, "Setext"),
    ]
    assert section_text(TEXT, 1) == "# A\n\nText A.\n\n## A.1\n\nSub.\n\n"
    assert "# not a heading" in section_text(TEXT, 3)
    assert render(TEXT).section_count == 4  # same count as the renderer's headings
    new = replace_section(TEXT, 2, "## A.1\n\nChanged.\n\n")
    assert "Changed." in new and "Sub." not in new and "Text A." in new and "End." in new


def test_mentions_are_usernames_not_emails():
    assert mentioned_usernames("Hi @alice and @bob.smith, mail me at x@example.org") == [
        "alice",
        "bob.smith",
    ]


def test_preview_endpoint_renders_sanitised_html(client, world):
    client_for(client, world.member)
    response = client.post(
        "/fr/wiki/preview/",
        {"content": "# Hi\n\n<script>x</script>", "page": world.private_page.pk},
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<h1" in html and "<script" not in html
    assert client.get("/fr/wiki/preview/").status_code == 405
