"""A campaign's timeline: one chronological story joined from several sources.

Each source is registered with a kind (the filter the page offers) and a function
`fetch(campaign, today) -> Iterable[Entry]` that runs a fixed number of queries whatever
the campaign's length. The campaigns register their own (steps, promises and their
follow-ups, statements and their fate, the collective decisions, start and outcome);
another feature adds its entries the same way without the campaigns importing it (the
figures of situations, when that feature exists)::

    from coordination.campaigns.timeline import Entry, register_timeline_source

    register_timeline_source("figure", _l("Figures"), fetch_figures, order=60)

The page's SQL statement count is then: the campaign, plus each source's fixed count.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time

from coordination.web.i18n import lazy_text


@dataclass(slots=True, frozen=True)
class Entry:
    """One dated step of the story, as the page, the paper and the calendar show it."""

    on: date
    kind: str  # the source's kind: what the filter picks
    title: str
    label: str = ""  # what sort of step, translated ("Négociation", "Promesse tenue"…)
    at: time | None = None
    text: str = ""
    lines: tuple[str, ...] = ()  # "Pour Paniers du Cœur : Marie, Ahmed", "Reçus par…"
    links: tuple[str, ...] = ()
    status: str = ""  # a CSS hint: kept, broken, overdue, won…
    url: tuple[str, dict] | None = None  # (endpoint, values without coalition_id)
    uid: str = ""  # stable identity, for the calendar
    rank: int = 0  # tie-break on the same day
    calendar: bool = False  # a dated step ahead worth a calendar entry
    extra: dict = field(default_factory=dict)

    def ahead(self, today: date) -> bool:
        return self.on > today


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: object
    fetch: Callable[[object, date], Iterable[Entry]]
    order: int


_sources: dict[str, TimelineSource] = {}


def register_timeline_source(kind: str, label, fetch: Callable, order: int = 50) -> None:
    """Declare a kind of timeline entries (idempotent: re-registering replaces)."""
    _sources[kind] = TimelineSource(kind, label, fetch, order)


def timeline_kinds() -> list[tuple[str, str]]:
    """(kind, translated label) of every source, in their order: the page's filters."""
    return [
        (s.kind, lazy_text(("campaign timeline", s.kind), s.label))
        for s in sorted(_sources.values(), key=lambda s: (s.order, s.kind))
    ]


def compose(campaign, today: date, kinds: Iterable[str] | None = None) -> list[Entry]:
    """The campaign's story, oldest first; only the given kinds when filtered."""
    wanted = set(kinds) if kinds else None
    entries: list[Entry] = []
    for source in sorted(_sources.values(), key=lambda s: (s.order, s.kind)):
        if wanted is None or source.kind in wanted:
            entries.extend(source.fetch(campaign, today))
    return sorted(entries, key=lambda e: (e.on, e.rank, e.at or time(0), e.uid))


def steps_ahead(entries: Iterable[Entry], today: date) -> list[Entry]:
    """The dated steps still to come that a calendar should hold."""
    return [e for e in entries if e.calendar and e.on >= today]
