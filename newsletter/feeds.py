"""RSS 2.0 and Atom 1.0 feeds of the newsletter's issues, one per language (the URL's), with
the same entries as the public archive (``selectors.issue_archive``): live, public issues in
the reader's language or, untranslated, in the first language of the fallback chain."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsletter import selectors
from newsletter.selectors import ArchivedIssue

FEED_ITEM_LIMIT = 30


def reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


class IssuesRssFeed(Feed):
    """The newsletter's issues in one language (RSS 2.0)."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs) -> str:
        return reader_language()

    def title(self, language: str) -> str:
        return _("The CyberSudoe newsletter")

    def description(self, language: str) -> str:
        return _("Every issue of the CyberSudoe newsletter, newest first.")

    subtitle = description

    def link(self, language: str) -> str:
        return reverse("newsletter:archive")

    def feed_guid(self, language: str) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'cybersudoe-newsletter/{language}')}"

    def items(self, language: str) -> list[ArchivedIssue]:
        return selectors.issue_archive(language=language)[:FEED_ITEM_LIMIT]

    def item_title(self, item: ArchivedIssue) -> str:
        return item.page.title

    def item_description(self, item: ArchivedIssue) -> str:
        return item.page.intro

    def item_link(self, item: ArchivedIssue) -> str:
        return item.page.get_url()

    def item_guid(self, item: ArchivedIssue) -> str:
        return f"urn:uuid:{uuid.uuid5(item.page.translation_key, item.language)}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArchivedIssue) -> dt.datetime | None:
        return item.date

    def item_updateddate(self, item: ArchivedIssue) -> dt.datetime | None:
        return item.page.last_published_at or item.date


class IssuesAtomFeed(IssuesRssFeed):
    """The newsletter's issues in one language (Atom 1.0)."""

    feed_type = Atom1Feed
