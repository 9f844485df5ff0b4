"""An issue rendered as an e-mail, once per language: MJML (mrml, the Rust port of MJML) to
HTML, CSS inlined (css-inline), and a plain-text part. The reader's links (unsubscribe,
preferences) are placeholders replaced per message, so 90,000 messages cost three renders."""

from __future__ import annotations

from dataclasses import dataclass

import css_inline
import mrml
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Locale, Page

from newsletter import conf
from newsletter.models import NewsletterIssuePage
from toolbox.fallback import fallback_chain

UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
PREFERENCES = "%%PREFERENCES_URL%%"


class IssueRenderError(Exception):
    """The issue's e-mail cannot be built (MJML refused): a fault of the issue or of our
    templates, not of the mail server, so sending it again would fail again."""

    def __init__(self, *, issue_id: int, language: str, reason: str):
        super().__init__(f"issue {issue_id} in {language}: {reason}")
        self.issue_id = issue_id
        self.language = language
        self.reason = reason


@dataclass(frozen=True)
class RenderedIssue:
    """One translation of an issue as an e-mail; ``html`` and ``text`` hold the placeholders."""

    issue_id: int
    language: str
    subject: str
    html: str
    text: str


def _localized(page: Page, language: str) -> Page:
    """The live translation of ``page`` in ``language``, else along the fallback chain."""
    page = page.specific
    translations = {
        p.locale.language_code: p
        for p in page.get_translations(inclusive=True).live().select_related("locale").specific()
    }
    for code in fallback_chain(language):
        if code in translations:
            return translations[code]
    return page


def _absolute(url: str | None) -> str:
    if not url:
        return ""
    if url.startswith("http"):
        return url
    return conf.base_url().rstrip("/") + url


def _blocks(issue: NewsletterIssuePage, language: str) -> list[dict]:
    blocks = []
    for block in issue.body:
        value = block.value
        if block.block_type == "text":
            blocks.append(
                {
                    "kind": "text",
                    "heading": value["heading"],
                    "html": str(value["text"]),
                    "text": strip_tags(str(value["text"])),
                }
            )
        elif value.get("page") is not None:
            page = _localized(value["page"], language)
            blocks.append(
                {
                    "kind": block.block_type,
                    "title": page.title,
                    "summary": getattr(page, "summary", ""),
                    "url": _absolute(page.get_url()),
                    "comment": value.get("comment", ""),
                    "start": getattr(page, "start", None),
                    "place": ", ".join(
                        part
                        for part in (getattr(page, "venue", ""), getattr(page, "city", ""))
                        if part
                    ),
                }
            )
    return blocks


def issue_translation(issue: NewsletterIssuePage, language: str) -> NewsletterIssuePage:
    """The issue a reader of ``language`` receives: their language, else the fallback chain."""
    return _localized(issue, language)


def issue_render(issue: NewsletterIssuePage, language: str) -> RenderedIssue:
    """``issue`` in ``language`` (falling back along the chain) as HTML and plain text."""
    translated = issue_translation(issue, language)
    shown = translated.locale.language_code
    with translation.override(shown):
        context = {
            "issue": translated,
            "language": shown,
            "blocks": _blocks(translated, shown),
            "web_url": _absolute(translated.get_url()),
            "unsubscribe_url": UNSUBSCRIBE,
            "preferences_url": PREFERENCES,
        }
        mjml = render_to_string("newsletter/email/issue.mjml", context)
        text = render_to_string("newsletter/email/issue.txt", context)
    try:
        html = css_inline.inline(mrml.to_html(mjml).content)
    except (OSError, ValueError) as error:  # mrml's parse errors are OSError
        raise IssueRenderError(issue_id=issue.pk, language=shown, reason=str(error)) from error
    return RenderedIssue(
        issue_id=issue.pk, language=shown, subject=translated.subject, html=html, text=text
    )


def locale_for(language: str) -> Locale | None:
    return Locale.objects.filter(language_code=language).first()


def issue_check(issue: NewsletterIssuePage) -> None:
    """Render ``issue`` in every language of the site (what its readers can receive):
    ``IssueRenderError`` names the first language that fails."""
    for language, _name in settings.LANGUAGES:
        issue_render(issue, language)
