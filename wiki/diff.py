"""Word-level differences between two revisions, and per-paragraph authorship ("blame").

The diff works in two passes, as MediaWiki's does: lines first (cheap, and most of a long page
is unchanged), then words inside the lines that changed. Common leading and trailing lines are
set aside before any matching, so a small edit in a 200 KB page costs little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# The word-level diff is generic (home.text_diff); its names stay importable from here.
from home.text_diff import WORD_DIFF_LIMIT, Segment, count_words, tokens, word_diff

__all__ = [
    "WORD_DIFF_LIMIT",
    "BlameLine",
    "Diff",
    "Row",
    "Segment",
    "Skipped",
    "blame_step",
    "diff_texts",
    "paragraphs",
    "tokens",
    "word_diff",
]


@dataclass
class Row:
    """One row of the side-by-side view; ``inline`` is the same change for the inline view."""

    kind: str  # "equal", "change", "insert", "delete"
    left: list[Segment] = field(default_factory=list)
    right: list[Segment] = field(default_factory=list)
    inline: list[Segment] = field(default_factory=list)
    left_line: int | None = None
    right_line: int | None = None


@dataclass
class Skipped:
    """Unchanged lines left out of the view."""

    count: int
    kind: str = "skipped"


@dataclass
class Diff:
    rows: list[Row | Skipped]
    words_added: int = 0
    words_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.words_added or self.words_removed) or any(
            isinstance(r, Row) and r.kind != "equal" for r in self.rows
        )


def _sides(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    left = [s for s in segments if s[0] != "insert"]
    right = [s for s in segments if s[0] != "delete"]
    return left, right


def _change_row(a: str, b: str, left_line: int, right_line: int) -> Row:
    segments = word_diff(a, b)
    left, right = _sides(segments)
    return Row("change", left, right, segments, left_line, right_line)


# Replaced blocks of different sizes: lines are paired by similarity (as difflib.Differ
# does) when the block is small enough to compare every pair.
PAIRING_LIMIT = 2500
PAIRING_CUTOFF = 0.5


def _pair_lines(rows, a, b, i1, i2, j1, j2, offset) -> None:
    best, best_i, best_j = PAIRING_CUTOFF, None, None
    matcher = SequenceMatcher(None, autojunk=False)
    for j in range(j1, j2):
        matcher.set_seq2(tokens(b[j]))
        for i in range(i1, i2):
            matcher.set_seq1(tokens(a[i]))
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                ratio = matcher.ratio()
                if ratio > best:
                    best, best_i, best_j = ratio, i, j
    if best_i is None:
        for k in range(i1, i2):
            rows.append(
                Row("delete", [("delete", a[k])], [], [("delete", a[k])], offset + k + 1, None)
            )
        for k in range(j1, j2):
            rows.append(
                Row("insert", [], [("insert", b[k])], [("insert", b[k])], None, offset + k + 1)
            )
        return
    _pair_lines(rows, a, b, i1, best_i, j1, best_j, offset)
    rows.append(_change_row(a[best_i], b[best_j], offset + best_i + 1, offset + best_j + 1))
    _pair_lines(rows, a, b, best_i + 1, i2, best_j + 1, j2, offset)


def diff_texts(a: str, b: str, *, context: int | None = 2) -> Diff:
    """Rows turning ``a`` into ``b``; with ``context``, unchanged runs are shortened to that
    many lines around each change."""
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    prefix = 0
    while prefix < len(la) and prefix < len(lb) and la[prefix] == lb[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < len(la) - prefix
        and suffix < len(lb) - prefix
        and la[len(la) - 1 - suffix] == lb[len(lb) - 1 - suffix]
    ):
        suffix += 1
    rows: list[Row] = []

    def equal(i: int, j: int) -> None:
        rows.append(
            Row("equal", [("equal", la[i])], [("equal", lb[j])], [("equal", la[i])], i + 1, j + 1)
        )

    for k in range(prefix):
        equal(k, k)
    mid_a = la[prefix : len(la) - suffix]
    mid_b = lb[prefix : len(lb) - suffix]
    sm = SequenceMatcher(None, mid_a, mid_b)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                equal(prefix + i1 + k, prefix + j1 + k)
        elif op == "delete":
            for k in range(i1, i2):
                rows.append(
                    Row(
                        "delete",
                        [("delete", mid_a[k])],
                        [],
                        [("delete", mid_a[k])],
                        prefix + k + 1,
                        None,
                    )
                )
        elif op == "insert":
            for k in range(j1, j2):
                rows.append(
                    Row(
                        "insert",
                        [],
                        [("insert", mid_b[k])],
                        [("insert", mid_b[k])],
                        None,
                        prefix + k + 1,
                    )
                )
        elif i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                rows.append(
                    _change_row(
                        mid_a[i1 + k], mid_b[j1 + k], prefix + i1 + k + 1, prefix + j1 + k + 1
                    )
                )
        elif (i2 - i1) * (j2 - j1) <= PAIRING_LIMIT:
            _pair_lines(rows, mid_a, mid_b, i1, i2, j1, j2, prefix)
        else:
            rows.append(
                _change_row(
                    "".join(mid_a[i1:i2]), "".join(mid_b[j1:j2]), prefix + i1 + 1, prefix + j1 + 1
                )
            )
    offset_a, offset_b = len(la) - suffix, len(lb) - suffix
    for k in range(suffix):
        equal(offset_a + k, offset_b + k)

    added = sum(count_words(r.inline, "insert") for r in rows if r.kind != "equal")
    removed = sum(count_words(r.inline, "delete") for r in rows if r.kind != "equal")
    return Diff(_collapse(rows, context) if context is not None else list(rows), added, removed)


def _collapse(rows: list[Row], context: int) -> list[Row | Skipped]:
    keep = [False] * len(rows)
    for i, row in enumerate(rows):
        if row.kind != "equal":
            for k in range(max(0, i - context), min(len(rows), i + context + 1)):
                keep[k] = True
    out: list[Row | Skipped] = []
    skipped = 0
    for row, kept in zip(rows, keep, strict=True):
        if kept:
            if skipped:
                out.append(Skipped(skipped))
                skipped = 0
            out.append(row)
        else:
            skipped += 1
    if skipped:
        out.append(Skipped(skipped))
    return out


# --- Blame ----------------------------------------------------------------------------

PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in PARAGRAPH_SPLIT.split(text) if p.strip()]


@dataclass
class BlameLine:
    text: str
    revision: int  # revision number that wrote this paragraph as it is now


def blame_step(previous: list[BlameLine], new_text: str, revision: int) -> list[BlameLine]:
    """Carry authorship from ``previous`` to ``new_text``: unchanged paragraphs keep theirs,
    new or changed ones are credited to ``revision``."""
    new = paragraphs(new_text)
    old = [b.text for b in previous]
    result: list[BlameLine] = []
    sm = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            result.extend(previous[i1:i2])
        else:
            result.extend(BlameLine(text, revision) for text in new[j1:j2])
    return result
