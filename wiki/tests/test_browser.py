"""Two people edit the same page in headless Chromium: one save merges, one gets the conflict view.

Each person has a browser of their own, with a fresh profile (the ``chromium`` fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from wiki import services
from wiki.models import Role, WikiPage

from .conftest import make_group, make_user

TEXT = "# Plan\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".run" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _browser_for(chromium, live_server, user):
    """A browser of its own (fresh profile directory), signed in as ``user``."""
    client = Client()
    client.force_login(user)
    context = chromium()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.pages[0] if context.pages else context.new_page()


def _replace_in_editor(page, old: str, new: str) -> None:
    area = page.locator("textarea[name=content]")
    area.fill(area.input_value().replace(old, new))


def test_two_editors_one_merges_one_gets_the_conflict_view(live_server, chromium):
    group = make_group("browser-group")
    alice = make_user("alice", language="fr")
    bob = make_user("bob", language="fr")
    for user in (alice, bob):
        services.membership_set(group=group, user=user, role=Role.MEMBER)
    wiki_page = services.page_create(
        group=group, title="Plan commun", language="fr", content=TEXT, author=alice
    )
    edit_url = f"{live_server.url}/fr/wiki/g/{group.slug}/{wiki_page.slug}/edit/"
    try:
        _ctx_a, page_a = _browser_for(chromium, live_server, alice)
        _ctx_b, page_b = _browser_for(chromium, live_server, bob)

        # Both open the editor on revision 1.
        page_a.goto(edit_url)
        page_b.goto(edit_url)
        # The live preview renders the Markdown through the server.
        page_a.locator(".preview-body h1").wait_for()
        assert page_a.locator(".preview-body h1").inner_text() == "Plan"

        _replace_in_editor(page_a, "First paragraph.", "First paragraph, by Alice.")
        page_a.get_by_role("button", name="Enregistrer").click()
        page_a.wait_for_url(f"**/{wiki_page.slug}/")
        assert "révision 2" in page_a.locator(".messages").inner_text()

        # Bob still edits revision 1: a different paragraph, so his save merges cleanly.
        _replace_in_editor(page_b, "Third paragraph.", "Third paragraph, by Bob.")
        page_b.get_by_role("button", name="Enregistrer").click()
        page_b.wait_for_url(f"**/{wiki_page.slug}/")
        assert "fusionnées" in page_b.locator(".messages").inner_text()
        article = page_b.locator("article.wiki-content").inner_text()
        assert "First paragraph, by Alice." in article and "Third paragraph, by Bob." in article

        # Both open the editor again (revision 3) and change the same paragraph.
        page_a.goto(edit_url)
        page_b.goto(edit_url)
        _replace_in_editor(page_a, "Second paragraph.", "Second paragraph, Alice's way.")
        page_a.get_by_role("button", name="Enregistrer").click()
        page_a.wait_for_url(f"**/{wiki_page.slug}/")
        _replace_in_editor(page_b, "Second paragraph.", "Second paragraph, Bob's way.")
        page_b.get_by_role("button", name="Enregistrer").click()

        conflict = page_b.locator("#edit-conflict")
        conflict.wait_for()
        regions = page_b.locator("table.conflict-regions").inner_text()
        assert "Bob's way" in regions and "Alice's way" in regions
        assert "Bob's way" in page_b.locator("textarea[name=content]").input_value()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page_b.screenshot(path=str(SCREENSHOTS / "wiki-conflict.png"), full_page=True)

        # Nothing was overwritten: the page is Alice's revision 4.
        stored = WikiPage.objects.get(pk=wiki_page.pk)
        assert stored.current_revision.number == 4
        assert "Alice's way" in stored.content and "Bob's way" not in stored.content

        # Bob resolves (keeps both sentences) and saves from the conflict view.
        area = page_b.locator("textarea[name=content]")
        resolved = "\n".join(
            line
            for line in area.input_value().splitlines()
            if not line.startswith(("<<<<<<<", "=======", ">>>>>>>"))
        )
        area.fill(resolved)
        page_b.get_by_role("button", name="Enregistrer le texte résolu").click()
        page_b.wait_for_url(f"**/{wiki_page.slug}/")
        stored.refresh_from_db()
        assert stored.current_revision.number == 5
        assert "Alice's way" in stored.content and "Bob's way" in stored.content
    finally:
        # ORM calls made while Playwright's event loop runs get a connection of their own:
        # close it, or the test database cannot be dropped at the end of the run.
        connections.close_all()
