# ruff: noqa: F811  (the shared fixtures are imported, then taken as arguments)
"""Optional open and click counting (off by default): what a message holds with it off and on,
the redirect that only goes to the issue's own links, and the statistics an editor sees."""

from __future__ import annotations

import email
import re
from email.policy import default as default_policy
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from newsletter import tracking
from newsletter.mailer import MessageFactory
from newsletter.models import NewsletterIssuePage, Send
from newsletter.rendering import issue_render
from newsletter.tests.fixtures_public import make_contact, site  # noqa: F401
from toolbox.tests import factories

GUIDE = "https://example.org/guide-sauvegardes?x=1&y=2"


@pytest.fixture
def sent(site):
    page = NewsletterIssuePage(
        title="Lettre suivie",
        slug="lettre-suivie",
        subject="Lettre suivie",
        intro="Bonjour.",
        body=[("text", {"heading": "Édito", "text": f'<p><a href="{GUIDE}">Le guide</a></p>'})],
    )
    site["home"].add_child(instance=page)
    factories.publish(page)
    contact = make_contact("suivi@pme.fr")
    send = Send.objects.create(issue=page, contact=contact, language="fr", status=Send.Status.SENT)
    return page, send


def html_of(page, send) -> str:
    data = MessageFactory(issue_render(page, "fr")).build(
        to="suivi@pme.fr",
        message_id="<t@cybersudoe.localhost>",
        list_unsubscribe_url="https://cybersudoe.example/one-click/",
        unsubscribe_url="https://cybersudoe.example/unsubscribe/",
        preferences_url="https://cybersudoe.example/preferences/",
        send_id=send.pk,
    )
    message = email.message_from_bytes(data, policy=default_policy)
    return message.get_body(("html",)).get_content()


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def test_counting_off_by_default_leaves_links_alone_and_adds_no_image(sent, settings):
    page, send = sent
    settings.NEWSLETTER_TRACK_OPENS_CLICKS = None  # not set: the environment's default (off)
    html = html_of(page, send)
    assert GUIDE in hrefs(html)
    assert "https://cybersudoe.example/unsubscribe/" in hrefs(html)
    assert "/newsletter/c/" not in html and "/newsletter/o/" not in html
    assert 'width="1"' not in html


def test_counting_on_counts_opens_and_clicks_and_redirects_only_to_the_issues_links(
    sent, settings, django_user_model
):
    page, send = sent
    settings.NEWSLETTER_TRACK_OPENS_CLICKS = True
    html = html_of(page, send)
    links = hrefs(html)
    # every link of the issue goes through the redirect; the reader's own links do not
    assert GUIDE not in links
    assert "https://cybersudoe.example/unsubscribe/" in links
    assert "https://cybersudoe.example/preferences/" in links
    tracked = [link for link in links if "/newsletter/c/" in link]
    assert len(tracked) >= 2  # the guide and the web version
    pixel = re.search(r'<img src="([^"]+/newsletter/o/[^"]+)" width="1" height="1"', html)
    assert pixel

    client = Client()
    image = client.get(urlsplit(pixel.group(1).replace("&amp;", "&")).path)
    assert image.status_code == 200 and image["Content-Type"] == "image/gif"
    send.refresh_from_db()
    first_open = send.opened_at
    assert first_open is not None
    client.get(urlsplit(pixel.group(1)).path)
    send.refresh_from_db()
    assert send.opened_at == first_open  # the first open is kept

    guide = next(link for link in tracked if client.get(urlsplit(link).path)["Location"] == GUIDE)
    assert client.get(urlsplit(guide).path).status_code == 302
    send.refresh_from_db()
    assert send.clicks == 2

    # no open redirect: a damaged token, or a signed one naming a link not in the issue
    path = urlsplit(guide).path
    assert client.get(path[:-3] + "xx/").status_code == 404
    forged = signing.dumps({"s": send.pk, "u": "https://evil.example/"}, salt=tracking.CLICK_SALT)
    assert client.get(reverse("newsletter-click", args=[forged])).status_code == 404
    assert client.get(reverse("newsletter-open", args=["nope"])).status_code == 404
    send.refresh_from_db()
    assert send.clicks == 2

    # statistics: opens and clicks shown while counting is on, not when it is off
    editor = django_user_model.objects.create_superuser("stats", "stats@example.org", "x")
    client.force_login(editor)
    url = reverse("newsletter_issue_statistics", args=[page.pk])
    stats = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    overall = stats.context["stats"].overall
    assert (overall.sent, overall.opened, overall.clicks) == (1, 1, 2)
    assert [(r.label, r.opened, r.clicks) for r in stats.context["stats"].by_language] == [
        ("fr", 1, 2)
    ]
    table = " ".join(stats.content.decode().split())
    assert "<td>1</td><td>2</td></tr>" in table
    settings.NEWSLETTER_TRACK_OPENS_CLICKS = False
    table = " ".join(client.get(url).content.decode().split())
    assert "<td>1</td><td>2</td></tr>" not in table
    # and a link of an old message still leads on, without being counted
    assert client.get(path)["Location"] == GUIDE
    send.refresh_from_db()
    assert send.clicks == 2
