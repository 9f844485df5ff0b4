"""Markdown for wiki pages: rendering to sanitised HTML, ``[[Page links]]`` and sections.

Rendering is Python-Markdown followed by nh3 (an allow-list HTML sanitiser): whatever a writer
types, the HTML that reaches a browser has no script, no event handler, no style and only
http(s)/mailto or relative links.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")
MENTION_RE = re.compile(r"(?<![\w@/])@([\w.+-]{1,150})")
HEADING_IDS = re.compile(r"^section-\d+$")
ATX_RE = re.compile(r"^(#{1,6})(.*?)#*\s*$")
SETEXT_RE = re.compile(r"^(=+|-+)\s*$")
FENCE_RE = re.compile(r"^(```+|~~~+)")


@dataclass(frozen=True)
class Link:
    """Where a ``[[Title]]`` points: an existing page, or the form creating it."""

    url: str
    exists: bool


LinkResolver = Callable[[list[str]], dict[str, Link]]


def normalise_title(title: str) -> str:
    return " ".join(title.split())


def wikilink_titles(text: str) -> list[str]:
    """Every distinct ``[[Title]]`` in the text, in order."""
    seen: dict[str, None] = {}
    for match in WIKILINK_RE.finditer(text):
        seen.setdefault(normalise_title(match.group(1)), None)
    return list(seen)


def mentioned_usernames(text: str) -> list[str]:
    """Usernames written as ``@username`` (not e-mail addresses), in order, without repeats."""
    return list(dict.fromkeys(m.rstrip(".") for m in MENTION_RE.findall(text)))


class _WikiLinkProcessor(InlineProcessor):
    def __init__(self, pattern: str, links: dict[str, Link]):
        super().__init__(pattern)
        self.links = links

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown API
        title = normalise_title(m.group(1))
        label = (m.group(2) or m.group(1)).strip()
        link = self.links.get(title)
        if link is None:
            el = etree.Element("span")
            el.set("class", "wikilink")
            el.text = label
            return el, m.start(0), m.end(0)
        el = etree.Element("a")
        el.set("href", link.url)
        el.set("class", "wikilink" if link.exists else "wikilink missing")
        el.text = label
        return el, m.start(0), m.end(0)


class _SectionNumbers(Treeprocessor):
    """Give every heading written in Markdown an id ``section-N``, in document order."""

    def run(self, root):
        number = 0
        for el in root.iter():
            if el.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                number += 1
                el.set("id", f"section-{number}")
        self.md.section_count = number


class WikiExtension(Extension):
    def __init__(self, links: dict[str, Link]):
        super().__init__()
        self.links = links

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown API
        md.inlinePatterns.register(
            _WikiLinkProcessor(WIKILINK_RE.pattern, self.links), "wikilink", 175
        )
        md.treeprocessors.register(_SectionNumbers(md), "wiki_sections", 5)


ALLOWED_TAGS = (nh3.ALLOWED_TAGS - {"map", "area", "center", "acronym", "tt", "strike"}) | {"input"}
ALLOWED_TAGS -= {"input"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "span": set(),
    "code": set(),
    "sup": {"id"},
    "li": {"id"},
}
ALLOWED_CLASSES = {"a": {"wikilink", "missing"}, "span": {"wikilink"}}


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id" and not HEADING_IDS.match(value):
        return None
    return value


def sanitise(html: str) -> str:
    """Allow-list sanitising: safe tags, no scripts, handlers, styles or javascript: links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@dataclass
class Rendered:
    html: str
    section_count: int


def render(text: str, *, resolve_links: LinkResolver | None = None) -> Rendered:
    """Markdown to sanitised HTML; ``[[Title]]`` links resolved in one call to the resolver."""
    titles = wikilink_titles(text)
    links = resolve_links(titles) if (resolve_links and titles) else {}
    md = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "footnotes", WikiExtension(links)],
        output_format="html",
    )
    html = md.convert(text)
    return Rendered(html=sanitise(html), section_count=getattr(md, "section_count", 0))


_HEADING_TAG = re.compile(r'(<h([1-6]) id="section-(\d+)">)(.*?)(</h\2>)', re.S)


_LEADING_H1 = re.compile(r'\s*<h1 id="section-\d+">(.*?)</h1>\s*', re.S)
_H1 = re.compile(r"<(/?)h1\b")


def without_title_heading(html: str, title: str) -> str:
    """The page's content as shown under its title: a first heading that repeats the title is
    left out, and other level-1 headings become level 2 (the page has one H1, its title)."""
    m = _LEADING_H1.match(html)
    if m and normalise_title(unescape(re.sub(r"<[^>]+>", "", m.group(1)))) == normalise_title(
        title
    ):
        html = html[m.end() :]
    return _H1.sub(r"<\1h2", html)


def add_section_edit_links(html: str, url_for: Callable[[int], str], label: str) -> str:
    """Append an "edit" link to each numbered heading (only when the caller may edit)."""

    def repl(m):
        url = url_for(int(m.group(3)))
        return (
            f'{m.group(1)}{m.group(4)} <a class="section-edit" href="{url}">'
            f"[{label}]</a>{m.group(5)}"
        )

    return _HEADING_TAG.sub(repl, html)


# --- Sections ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """Lines ``start`` (inclusive) to ``end`` (exclusive) of the text; 0 is what precedes the
    first heading. A section runs to the next heading of the same or a higher level."""

    number: int
    level: int
    title: str
    start: int
    end: int


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of each heading, as Python-Markdown would find them."""
    found: list[tuple[int, int, str]] = []
    fence: str | None = None
    previous_blank = True
    for i, line in enumerate(lines):
        stripped = line.rstrip("\n")
        fence_match = FENCE_RE.match(stripped)
        if fence is not None:
            if fence_match and stripped.startswith(fence):
                fence = None
            previous_blank = False
            continue
        if fence_match:
            fence = fence_match.group(1)
            previous_blank = False
            continue
        atx = ATX_RE.match(stripped)
        if atx:
            found.append((i, len(atx.group(1)), atx.group(2).strip()))
        elif (
            previous_blank
            and stripped.strip()
            and i + 1 < len(lines)
            and SETEXT_RE.match(lines[i + 1].rstrip("\n"))
            and not stripped.startswith((" " * 4, "\t", ">", "-", "*", "+", "|"))
        ):
            level = 1 if lines[i + 1].lstrip().startswith("=") else 2
            found.append((i, level, stripped.strip()))
        previous_blank = not stripped.strip()
    return found


def split_sections(text: str) -> list[Section]:
    lines = text.splitlines(keepends=True)
    headings = _headings(lines)
    sections = [Section(0, 0, "", 0, headings[0][0] if headings else len(lines))]
    for n, (line, level, title) in enumerate(headings, start=1):
        end = len(lines)
        for other_line, other_level, _title in headings[n:]:
            if other_level <= level:
                end = other_line
                break
        sections.append(Section(n, level, title, line, end))
    return sections


class SectionNotFound(LookupError):
    pass


def section_text(text: str, number: int) -> str:
    sections = split_sections(text)
    if not 0 <= number < len(sections):
        raise SectionNotFound(number)
    s = sections[number]
    return "".join(text.splitlines(keepends=True)[s.start : s.end])


def replace_section(text: str, number: int, new_text: str) -> str:
    """The text with section ``number`` replaced (subsections included, as when editing it)."""
    sections = split_sections(text)
    if not 0 <= number < len(sections):
        raise SectionNotFound(number)
    s = sections[number]
    lines = text.splitlines(keepends=True)
    if new_text and not new_text.endswith("\n") and s.end < len(lines):
        new_text += "\n"
    return "".join(lines[: s.start]) + new_text + "".join(lines[s.end :])
