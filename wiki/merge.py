"""Three-way merge of page texts, line by line (``merge3``, the merge of Bazaar/Breezy).

``base`` is the revision the writer started from, ``theirs`` the page's current revision
(saved by someone else meanwhile) and ``mine`` what the writer submits. Changes to different
lines (in practice, different paragraphs) merge cleanly; changes to the same or adjacent lines
are a conflict, reported with the three versions of each conflicting region.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import merge3

MARK_MINE = "<<<<<<< "
MARK_SEP = "======="
MARK_THEIRS = ">>>>>>> "


@dataclass
class ConflictRegion:
    """One region both writers changed: its text in each version and where it starts."""

    base: str
    mine: str
    theirs: str
    line: int  # 1-based line of the region in ``MergeResult.text``


@dataclass
class MergeResult:
    clean: bool
    text: str
    conflicts: list[ConflictRegion] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "clean": self.clean,
            "text": self.text,
            "conflicts": [asdict(c) for c in self.conflicts],
        }


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"  # merge3 compares whole lines: give the last one its newline
    return lines


def merge_texts(
    base: str,
    theirs: str,
    mine: str,
    *,
    label_mine: str = "mine",
    label_theirs: str = "theirs",
) -> MergeResult:
    """Merge ``mine`` and ``theirs``, both derived from ``base``."""
    if mine == theirs or mine == base:
        return MergeResult(True, theirs)
    if theirs == base:
        return MergeResult(True, mine)
    ends_with_newline = (mine or theirs).endswith("\n")
    m = merge3.Merge3(_lines(base), _lines(mine), _lines(theirs))
    out: list[str] = []
    conflicts: list[ConflictRegion] = []
    for group in m.merge_groups():
        kind = group[0]
        if kind in ("unchanged", "a", "b", "same"):
            out.extend(group[1])
            continue
        _kind, base_lines, mine_lines, theirs_lines = group
        conflicts.append(
            ConflictRegion(
                base="".join(base_lines),
                mine="".join(mine_lines),
                theirs="".join(theirs_lines),
                line=len(out) + 1,
            )
        )
        out.append(f"{MARK_MINE}{label_mine}\n")
        out.extend(mine_lines)
        out.append(f"{MARK_SEP}\n")
        out.extend(theirs_lines)
        out.append(f"{MARK_THEIRS}{label_theirs}\n")
    text = "".join(out)
    if not ends_with_newline and text.endswith("\n") and not conflicts:
        text = text[:-1]
    return MergeResult(not conflicts, text, conflicts)


def merge_titles(base: str, theirs: str, mine: str) -> str | None:
    """The merged title, or None when both writers renamed the page differently."""
    if mine == base or mine == theirs:
        return theirs
    if theirs == base:
        return mine
    return None
