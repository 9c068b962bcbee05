"""Words volunteers use: "sécu" means the CPAM, "alloc" the CAF, "la préf" the Préfecture.

The defaults are a data file (`synonyms.txt`, one entry a line: `words, … => meaning`);
each coalition adds its own entries (`SearchSynonym` rows, edited on its search page).
A query is expanded before it reaches either engine: each run of words that matches an
entry (accent- and case-insensitively, whole words) becomes a group of alternatives —
what was typed (prefixes, as always) OR each other word of the entry OR its meaning (whole
words or exact phrases). Groups are then all required, as plain words are.

    expand(["secu", "meaux"], entries)
    -> [[Alt(("secu",), prefix=True), Alt(("cpam",)), Alt(("securite", "sociale")), …],
        [Alt(("meaux",), prefix=True)]]
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from coordination.extensions import db

DATA_FILE = Path(__file__).with_name("synonyms.txt")
ARROW = "=>"
MAX_ALTERNATIVES = 12  # per group: a long list would make a slow query for little gain
MAX_PHRASE = 6  # words in one expression


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]  # as written ("sécu", "sécurité sociale")
    means: str  # "CPAM"
    coalition_id: int | None = None  # None: a default of the data file
    id: int | None = None


@dataclass(frozen=True)
class Alt:
    """One alternative of a group: its words, all required; `prefix`: each word may be the
    beginning of a longer one (what the delegate typed); else whole words, in this order."""

    words: tuple[str, ...]
    prefix: bool = False


# Words shorter than this, and these little words, are not searched for on their own
# (the backends use the same two rules).
MIN_TERM = 2
STOPWORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "il",
        "la",
        "le",
        "les",
        "leur",
        "mais",
        "ou",
        "par",
        "pas",
        "pour",
        "qui",
        "que",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "un",
        "une",
        "the",
        "of",
        "and",
        "for",
    ]
)


def fold(text: str) -> str:
    """Lower case, without accents: "Sécurité" -> "securite"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> tuple[str, ...]:
    """The folded words of a text, every one (letters and digits only)."""
    return tuple(re.findall(r"[^\W_]+", fold(text)))


def key(text: str) -> tuple[str, ...]:
    """What a query's words are compared with: folded words without the little ones, so
    that "caisse d'allocations" and "caisse allocations" are the same expression."""
    return tuple(
        w for w in tokens(text) if (len(w) >= MIN_TERM or w.isdigit()) and w not in STOPWORDS
    )


def parse_line(line: str) -> tuple[list[str], str] | None:
    """`words, … => meaning` -> (words, meaning); None for comments, blanks, nonsense."""
    line = line.split("#", 1)[0].strip()
    if ARROW not in line:
        return None
    left, means = (part.strip() for part in line.split(ARROW, 1))
    words = [w.strip() for w in left.split(",") if key(w.strip())]
    if not words or not key(means):
        return None
    return words, means


@functools.cache
def defaults() -> tuple[Entry, ...]:
    entries = []
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        parsed = parse_line(line)
        if parsed:
            entries.append(Entry(tuple(parsed[0]), parsed[1]))
    return tuple(entries)


def coalition_entries(coalition_ids) -> list[Entry]:
    """The entries these coalitions added (one query)."""
    from coordination.search.models import SearchSynonym

    ids = sorted(set(coalition_ids))
    if not ids:
        return []
    rows = db.session.execute(
        sa.select(
            SearchSynonym.id, SearchSynonym.coalition_id, SearchSynonym.words, SearchSynonym.means
        )
        .where(SearchSynonym.coalition_id.in_(ids))
        .order_by(SearchSynonym.id)
    )
    return [Entry(_split(r.words), r.means, r.coalition_id, r.id) for r in rows]


def _split(words: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in words.split(",") if w.strip())


def entries_for(coalition_ids) -> list[Entry]:
    return [*defaults(), *coalition_entries(coalition_ids)]


def _add_to_index(index: dict[tuple[str, ...], list[Alt]], entries) -> None:
    for entry in entries:
        left = [w for w in entry.words if key(w)]
        others = [*left, entry.means]
        for typed in left:
            typed_key = key(typed)[:MAX_PHRASE]
            alts = index.setdefault(typed_key, [])
            for other in others:
                words = tokens(other)[:MAX_PHRASE]
                if key(other) == typed_key or not words:
                    continue
                alt = Alt(words)
                if alt not in alts:
                    alts.append(alt)


@functools.cache
def _defaults_index() -> dict[tuple[str, ...], list[Alt]]:
    index: dict[tuple[str, ...], list[Alt]] = {}
    _add_to_index(index, defaults())
    return index


def _index(entries) -> dict[tuple[str, ...], list[Alt]]:
    """Expression typed (its key) -> the alternatives it also stands for, in the order of
    `entries`. Entries that begin with the defaults (as `entries_for` gives them) start
    from the defaults' index, built once per process: folding every default word again
    was 40 % of a search page's time."""
    entries = list(entries)
    shared = defaults()
    if entries[: len(shared)] == list(shared):
        index = {typed: list(alts) for typed, alts in _defaults_index().items()}
        _add_to_index(index, entries[len(shared) :])
    else:
        index = {}
        _add_to_index(index, entries)
    return index


def expand(words: list[str], entries) -> list[list[Alt]]:
    """The query's words (see backends.terms) -> groups of alternatives, all required."""
    index = _index(entries)
    folded = [fold(w) for w in words]
    longest = max((len(k) for k in index), default=0)
    groups: list[list[Alt]] = []
    i = 0
    while i < len(folded):
        for size in range(min(longest, len(folded) - i), 0, -1):
            run = tuple(folded[i : i + size])
            if run in index:
                groups.append([Alt(run, prefix=True), *index[run]][:MAX_ALTERNATIVES])
                i += size
                break
        else:
            groups.append([Alt((folded[i],), prefix=True)])
            i += 1
    return groups
