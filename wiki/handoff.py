"""From wiki page to toolbox draft: the editorial hand-off.

The approved revision's Markdown becomes the body of a draft guide or best practice (headings
become heading blocks, the rest sanitised rich text), created in the page's language under the
submitting coordinator's partner section (or the network's shared section), and sent into the
moderation workflow that applies there. The draft is never published here: the editorial team
reviews, completes and publishes it in Wagtail.
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Locale

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


def _section_for(page: WikiPage, user, locale: Locale):
    from toolbox.models import PartnerSectionPage

    profile = getattr(user, "wiki_profile", None)
    partner = profile.partner if profile is not None else None
    sections = PartnerSectionPage.objects.filter(locale=locale)
    section = sections.filter(partner__key=partner.key).first() if partner else None
    return section or sections.filter(partner__isnull=True).first(), partner


def create_toolbox_draft(*, page: WikiPage, revision: WikiRevision, item_type: str, user):
    """Create the draft toolbox item and start its moderation workflow; returns the page.

    A best practice needs facts the wiki does not hold (year, target, rating...): they are
    filled with neutral values and the target says "to be completed by the editorial team",
    who review every field before publishing anyway.
    """
    from toolbox.models import BestPracticePage, GuidePage, ThemePage

    from .services import HandoffUnavailable

    locale = Locale.objects.filter(language_code=page.language).first()
    if locale is None:
        raise HandoffUnavailable(_("The toolbox has no content in this page's language yet."))
    section, partner = _section_for(page, user, locale)
    if section is None:
        raise HandoffUnavailable(
            _(
                "Neither your organisation nor the network has a toolbox section in this "
                "language yet: ask the editorial team to create one."
            )
        )
    theme = (
        ThemePage.objects.filter(key=page.group.theme_key, locale=locale).first()
        or ThemePage.objects.filter(key=page.group.theme_key).first()
    )
    common = {
        "title": revision.title,
        "summary": summary_of(revision.content, revision.title),
        "body": markdown_to_body(revision.content),
        "theme": theme,
        "locale": locale,
        "live": False,
    }
    if item_type == Handoff.ItemType.GUIDE:
        item = GuidePage(**common)
    else:
        with override(page.language):
            to_complete = _("To be completed by the editorial team")
        org = partner or getattr(section, "partner", None)
        item = BestPracticePage(
            **common,
            action_name=revision.title[:200],
            leading_organisation=(org.name if org else page.group.name)[:200],
            country=(org.country if org else "FR"),
            year=timezone.now().year,
            target=to_complete,
            rating=3,
        )
    section.add_child(instance=item)
    item.save_revision(user=user, log_action=True)
    workflow = item.get_workflow()
    if workflow is not None:
        workflow.start(item, user)
    return item
