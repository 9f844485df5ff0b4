"""Word-level differences between two texts, for any app that shows what changed.

Texts are split into tokens (a word or a punctuation mark with the spaces after it, a line
break, a run of spaces) and compared with ``difflib``; common leading and trailing tokens are
set aside first, so a small change in a long text costs little. The wiki's revision diff and
the toolbox's stale-translation report both build on :func:`word_diff`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# Words and punctuation carry the spaces after them; line breaks are tokens of their own.
TOKEN_RE = re.compile(r"\w+[^\S\n]*|[^\w\s][^\S\n]*|\n|[^\S\n]+", re.UNICODE)
# Above this many tokens in a changed block, words are not matched (the block is shown as
# removed then added): word matching is quadratic in the worst case.
WORD_DIFF_LIMIT = 6000

Segment = tuple[str, str]  # ("equal" | "insert" | "delete", text)


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def count_words(segments: list[Segment], op: str) -> int:
    """How many words the segments of kind ``op`` ("insert" or "delete") hold."""
    return sum(len(re.findall(r"\w+", text)) for kind, text in segments if kind == op)


def word_diff(a: str, b: str) -> list[Segment]:
    """Segments turning ``a`` into ``b``, word by word."""
    ta, tb = tokens(a), tokens(b)
    prefix = 0
    while prefix < len(ta) and prefix < len(tb) and ta[prefix] == tb[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < len(ta) - prefix
        and suffix < len(tb) - prefix
        and ta[len(ta) - 1 - suffix] == tb[len(tb) - 1 - suffix]
    ):
        suffix += 1
    middle_a = ta[prefix : len(ta) - suffix]
    middle_b = tb[prefix : len(tb) - suffix]
    segments: list[Segment] = []
    if prefix:
        segments.append(("equal", "".join(ta[:prefix])))
    if len(middle_a) + len(middle_b) > WORD_DIFF_LIMIT:
        if middle_a:
            segments.append(("delete", "".join(middle_a)))
        if middle_b:
            segments.append(("insert", "".join(middle_b)))
    else:
        sm = SequenceMatcher(None, middle_a, middle_b, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                segments.append(("equal", "".join(middle_a[i1:i2])))
            else:
                if i2 > i1:
                    segments.append(("delete", "".join(middle_a[i1:i2])))
                if j2 > j1:
                    segments.append(("insert", "".join(middle_b[j1:j2])))
    if suffix:
        segments.append(("equal", "".join(ta[len(ta) - suffix :])))
    return segments
