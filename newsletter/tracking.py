"""Optional counting of opens and clicks, off by default (``conf.track_opens_clicks``).

When on, each message's HTML part gets a 1x1 image whose address names its send, and every
``http(s)`` link of the issue is replaced by a redirect through this site carrying a signed token
(``django.core.signing``) that names the send and the link. The redirect goes only to a link
that the issue's rendering in that language holds: a token that does not verify, or names a
link the issue does not have, is a 404 (no open redirect). The reader's own links
(unsubscribe, preferences) are placeholders at that point and are never rewritten.
"""

from __future__ import annotations

import base64
import re
from html import escape, unescape

from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from newsletter import conf
from newsletter.models import NewsletterIssuePage
from newsletter.rendering import issue_render

OPEN_SALT = "newsletter.open"
CLICK_SALT = "newsletter.click"
HREF = re.compile(r'href="(https?://[^"]+)"')
#: A transparent 1x1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def open_url(send_id: int) -> str:
    token = signing.dumps(send_id, salt=OPEN_SALT)
    return conf.base_url().rstrip("/") + reverse("newsletter-open", args=[token])


def click_url(send_id: int, url: str) -> str:
    token = signing.dumps({"s": send_id, "u": url}, salt=CLICK_SALT, compress=True)
    return conf.base_url().rstrip("/") + reverse("newsletter-click", args=[token])


def html_track(html: str, send_id: int) -> str:
    """``html`` with its links through the click redirect and the open image added."""

    def swap(match: re.Match) -> str:
        return f'href="{escape(click_url(send_id, unescape(match.group(1))))}"'

    html = HREF.sub(swap, html)
    pixel = (
        f'<img src="{escape(open_url(send_id))}" width="1" height="1" alt="" '
        'style="display:block;border:0;width:1px;height:1px" />'
    )
    if "</body>" in html:
        return html.replace("</body>", pixel + "</body>", 1)
    return html + pixel


def open_token_read(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=OPEN_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def click_token_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=CLICK_SALT)
        return int(data["s"]), str(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def issue_links(issue_id: int, language: str) -> set[str]:
    """The http(s) links of the issue as a reader of ``language`` receives it (cached)."""
    key = f"newsletter:links:{issue_id}:{language}"
    links = cache.get(key)
    if links is None:
        issue = NewsletterIssuePage.objects.filter(pk=issue_id).first()
        html = issue_render(issue, language).html if issue else ""
        links = sorted({unescape(url) for url in HREF.findall(html)})
        cache.set(key, links, 600)
    return set(links)
