"""Readable word-level differences between two texts, and the three-way merge of edits.

The diff compares paragraphs first, then the words inside the paragraphs that
changed, so that a changed sentence shows as a few struck-out and inserted words rather
than a whole paragraph. Insertions are `<ins>` and deletions `<del>`, each with a
visually hidden "inserted:" / "deleted:" label: the change reads without colour
(underlined / struck through, and announced by screen readers).

The merge is line based (merge3, the diff3 algorithm): edits to different paragraphs
merge; edits to the same or adjacent lines are a conflict, left for a person to settle.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from merge3 import Merge3

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def normalise(text: str | None) -> str:
    """Unix line ends, no trailing blanks, one final newline (so that merges line up)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    return text + "\n" if text else ""


def tokens(text: str) -> list[str]:
    """Words, punctuation and runs of white space; joined they give the text back."""
    return _TOKEN.findall(text)


def _matcher(a, b) -> SequenceMatcher:
    # No "junk" heuristic: spaces and common words would otherwise be ignored and
    # the diff would match unrelated passages.
    return SequenceMatcher(None, a, b, autojunk=False)


def _word_ops(old: str, new: str) -> list[tuple[str, str]]:
    a, b = tokens(old), tokens(new)
    ops = []
    for tag, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            ops.append((INSERT, "".join(b[j1:j2])))
    return ops


def paragraphs(text: str) -> list[str]:
    """The text cut into paragraphs, each keeping the blank lines that follow it."""
    parts = re.split(r"(\n[ \t]*\n\s*)", text)
    units = []
    for i in range(0, len(parts), 2):
        unit = parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
        if unit:
            units.append(unit)
    return units


def diff_ops(old: str, new: str) -> list[tuple[str, str]]:
    """The list of (equal|insert|delete, text) that turns `old` into `new`: paragraphs are
    matched first, then the words of the paragraphs that changed."""
    a, b = paragraphs(old), paragraphs(new)
    keys_a, keys_b = [p.strip() for p in a], [p.strip() for p in b]
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in _matcher(keys_a, keys_b).get_opcodes():
        old_text, new_text = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal" and old_text == new_text:
            ops.append((EQUAL, old_text))
        elif tag == "delete":
            ops.append((DELETE, old_text))
        elif tag == "insert":
            ops.append((INSERT, new_text))
        else:  # a changed paragraph, or the same one with different spacing
            ops.extend(_word_ops(old_text, new_text))
    return _coalesce(ops)


def _coalesce(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Group neighbouring changes: "the quick" → "a slow" reads as one deletion and one
    insertion, not as two pairs split by a space."""
    out: list[tuple[str, str]] = []
    deleted, inserted = [], []

    def flush():
        if deleted:
            out.append((DELETE, "".join(deleted)))
        if inserted:
            out.append((INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, (kind, text) in enumerate(ops):
        if not text:
            continue
        if kind == DELETE:
            deleted.append(text)
        elif kind == INSERT:
            inserted.append(text)
        else:
            following = ops[index + 1][0] if index + 1 < len(ops) else EQUAL
            bridge = (
                (deleted or inserted) and following != EQUAL and text.isspace() and "\n" not in text
            )
            if bridge:
                deleted.append(text)
                inserted.append(text)
                continue
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            else:
                out.append((EQUAL, text))
    flush()
    return out


@dataclass(frozen=True)
class DiffStats:
    inserted_words: int
    deleted_words: int

    @property
    def unchanged(self) -> bool:
        return not (self.inserted_words or self.deleted_words)


def _words(text: str) -> int:
    return sum(1 for t in tokens(text) if not t.isspace())


def stats(ops: list[tuple[str, str]]) -> DiffStats:
    return DiffStats(
        inserted_words=sum(_words(t) for k, t in ops if k == INSERT),
        deleted_words=sum(_words(t) for k, t in ops if k == DELETE),
    )


def render(ops: list[tuple[str, str]]) -> Markup:
    """HTML of the differences; every piece of text is escaped."""
    inserted = escape(_("inserted:"))
    deleted = escape(_("deleted:"))
    parts = []
    for kind, text in ops:
        if kind == EQUAL:
            parts.append(escape(text))
        elif kind == INSERT:
            parts.append(
                Markup('<ins><span class="visually-hidden">{} </span>{}</ins>').format(
                    inserted, text
                )
            )
        else:
            parts.append(
                Markup('<del><span class="visually-hidden">{} </span>{}</del>').format(
                    deleted, text
                )
            )
    return Markup("").join(parts)


def render_diff(old: str, new: str) -> Markup:
    return render(diff_ops(old, new))


def rendered_diff(old: str, new: str) -> tuple[Markup, DiffStats]:
    """`render(diff_ops(old, new))` and its stats, in the current language."""
    return _rendered_diff(old, new, str(get_locale()))


# Keyed by the two texts themselves and the language of the labels: the same texts always
# give the same differences, so a cached result can never be stale (and revisions never
# change). A comparison is read again and again. Bounded so that a worker's memory stays
# small.
@lru_cache(maxsize=256)
def _rendered_diff(old: str, new: str, locale: str) -> tuple[Markup, DiffStats]:
    ops = diff_ops(old, new)
    return render(ops), stats(ops)


# --- three-way merge ---------------------------------------------------------------------


def merge_text(base: str, mine: str, theirs: str) -> str | None:
    """Both sets of changes applied to `base`, or None when they touch the same lines."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    merger = Merge3(
        base.splitlines(keepends=True),
        mine.splitlines(keepends=True),
        theirs.splitlines(keepends=True),
    )
    merged: list[str] = []
    for group in merger.merge_groups():
        if group[0] == "conflict":
            return None
        merged.extend(group[1])
    return "".join(merged)


def merge_value(base: str, mine: str, theirs: str) -> str | None:
    """A one-line field (a title): whoever changed it wins; both changing it differently is
    a conflict."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return None
