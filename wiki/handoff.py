"""From wiki page to toolbox draft: the editorial hand-off.

The approved revision's Markdown becomes the body of a draft guide or best practice (headings
become heading blocks, the rest sanitised rich text), created in the page's language under the
submitting coordinator's partner section (or the network's shared section), and sent into the
moderation workflow that applies there. The draft is never published here: the editorial team
reviews, completes and publishes it in Wagtail. What the wiki does not know is left empty, not
guessed: Wagtail lets the draft be saved so, and refuses to publish it (or to approve it in the
workflow) until an editor has filled it in.
"""

from __future__ import annotations

import re

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale

from toolbox import services as toolbox_services
from toolbox.models import PartnerSectionPage, ThemePage, ToolboxItemPage

from .markup import ATX_RE, FENCE_RE, render
from .models import Handoff, WikiPage, WikiRevision

HEADING_LEVELS = {1: "h2", 2: "h2", 3: "h3"}


def markdown_to_body(text: str) -> list[tuple[str, object]]:
    """StreamField data: one heading block per Markdown heading, rich text in between."""
    blocks: list[tuple[str, object]] = []
    chunk: list[str] = []
    fence = None

    def flush():
        source = "".join(chunk).strip()
        chunk.clear()
        if source:
            html = render(source).html
            html = re.sub(r' id="section-\d+"', "", html)
            blocks.append(("paragraph", html))

    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\n")
        fence_match = FENCE_RE.match(stripped)
        if fence is not None:
            if fence_match and stripped.startswith(fence):
                fence = None
            chunk.append(line)
            continue
        if fence_match:
            fence = fence_match.group(1)
            chunk.append(line)
            continue
        heading = ATX_RE.match(stripped)
        if heading and heading.group(2).strip():
            flush()
            level = HEADING_LEVELS.get(len(heading.group(1)), "h4")
            blocks.append(("heading", {"text": heading.group(2).strip()[:200], "level": level}))
        else:
            chunk.append(line)
    flush()
    return blocks


def summary_of(text: str, fallback: str) -> str:
    for block_type, value in markdown_to_body(text):
        if block_type == "paragraph":
            plain = " ".join(strip_tags(value).split())
            if plain:
                return Truncator(plain).chars(300)
    return fallback[:300]


def toolbox_section_for(*, user, locale: Locale) -> PartnerSectionPage | None:
    """The section a coordinator's hand-offs go to: their organisation's in ``locale``, else
    the network's shared one (None if neither exists)."""
    profile = getattr(user, "wiki_profile", None)
    partner = profile.partner if profile is not None else None
    sections = PartnerSectionPage.objects.filter(locale=locale)
    section = sections.filter(partner__key=partner.key).first() if partner else None
    return section or sections.filter(partner__isnull=True).first()


def draft_fields(*, page: WikiPage, revision: WikiRevision, item_type: str, locale: Locale) -> dict:
    """What the wiki knows of the item: title, summary, body and theme (and, for a best
    practice, the action's name). The facts it does not know (who led the action, where, when,
    for whom, how well it went) are left empty for the editorial team: the draft saves
    without them, publishing asks for them."""
    theme = (
        ThemePage.objects.filter(key=page.group.theme_key, locale=locale).first()
        or ThemePage.objects.filter(key=page.group.theme_key).first()
    )
    fields = {
        "title": revision.title,
        "summary": summary_of(revision.content, revision.title),
        "body": markdown_to_body(revision.content),
        "theme": theme,
    }
    if item_type == Handoff.ItemType.BEST_PRACTICE:
        fields["action_name"] = revision.title[:200]
    return fields


def create_toolbox_draft(
    *, page: WikiPage, revision: WikiRevision, item_type: str, section: PartnerSectionPage, user
) -> ToolboxItemPage:
    """Create the draft toolbox item in ``section`` and start its moderation workflow, through
    the toolbox's item service (as imports and demo data do); returns the page."""
    return toolbox_services.item_create(
        parent=section,
        item_type=item_type,
        fields=draft_fields(
            page=page, revision=revision, item_type=item_type, locale=section.locale
        ),
        user=user,
        submit_for_moderation=True,
    )
