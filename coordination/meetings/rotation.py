"""Fair rotation of the host (and of the facilitator and note-taker) — a pure function.

The rule, in words members can check:

1. Only member associations that take part in the coalition on the meeting's date and
   are able (for hosting: they have a room, `Association.can_host`) are in the cycle.
   Associations that declared they cannot host are skipped and the page says so.
2. The association whose turn came *least recently* is next. An association that has
   not had a turn since it joined is treated as if it had had one on the day it joined:
   a newcomer queues behind every association already in the cycle (none of them loses
   its place) and has its turn within one round. Founders with no history are taken in
   alphabetical order; on the same day, joining without a turn comes before a turn.
3. Ties (same date) are broken by name, then by id: the order is deterministic.
4. A swap "B takes A's turn" is recorded: when A is due, B is proposed instead. B's turn
   then counts as used (B goes to the back), while A keeps its place at the head of the
   queue — A is owed a turn and is proposed right after. Over time everyone still has
   exactly one turn per round; the swap only exchanges two places.

Because of rule 2, between two turns of any association, every association that was
able and a member during the whole interval has had a turn (unless a recorded swap
exchanged two places) — the fairness property tested over long simulated histories.

The function takes plain data and returns the choice, the reason and the upcoming order;
`Reason` objects are translated when they are shown (str() in the reader's language).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

HOST, FACILITATOR, NOTE_TAKER = "host", "facilitator", "note_taker"


@dataclass(frozen=True)
class Candidate:
    """An association's membership: able to take the role, member from `since` to
    `left_on` (exclusive). An association that left and came back has two entries."""

    id: int
    name: str
    able: bool = True
    since: date | None = None
    left_on: date | None = None

    def member_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.left_on is None or day < self.left_on
        )


@dataclass(frozen=True)
class Turn:
    """Association `who` had the role at the meeting of `on`."""

    who: int
    on: date


@dataclass(frozen=True)
class Swap:
    """`took` takes the turn of `gave` (recorded on `on`)."""

    gave: int
    took: int
    on: date


_TEXTS = {
    (HOST, "least_recent"): _l("%(name)s hosted least recently: %(date)s."),
    (HOST, "since_joining"): _l("%(name)s has not hosted since joining on %(date)s."),
    (HOST, "never"): _l("%(name)s has never hosted."),
    (HOST, "owed"): _l("%(name)s let %(other)s host on %(date)s: its turn comes back now."),
    (HOST, "swap"): _l(
        "%(name)s hosts in place of %(other)s, as agreed on %(date)s (swap); "
        "%(other)s keeps its place and comes next."
    ),
    (HOST, "unable"): _l("%(name)s cannot host (no room): skipped."),
    (HOST, "nobody"): _l("No member association can host: choose a place yourselves."),
    ("other", "least_recent"): _l("%(name)s had this role least recently: %(date)s."),
    ("other", "since_joining"): _l("%(name)s has not had this role since joining on %(date)s."),
    ("other", "never"): _l("%(name)s has never had this role."),
    ("other", "owed"): _l(
        "%(name)s let %(other)s take this role on %(date)s: its turn comes back now."
    ),
    ("other", "swap"): _l(
        "%(name)s takes this role in place of %(other)s, as agreed on %(date)s (swap)."
    ),
    ("other", "unable"): _l("%(name)s is skipped."),
    ("other", "nobody"): _l("No association to propose."),
}


@dataclass(frozen=True)
class Reason:
    """An explanation as data; str() renders it in the current language (dates too)."""

    role: str
    code: str
    name: str = ""
    other: str = ""
    on: date | None = None

    def __str__(self) -> str:
        text = _TEXTS.get((self.role, self.code)) or _TEXTS[("other", self.code)]
        return str(text) % {
            "name": self.name,
            "other": self.other,
            "date": format_date(self.on, "long") if self.on else "",
        }


@dataclass(frozen=True)
class Step:
    who: int
    reason: Reason


@dataclass(frozen=True)
class Proposal:
    role: str
    choice: int | None
    reason: Reason
    upcoming: list[Step]  # the next full round, starting with the choice
    skipped: list[Step] = field(default_factory=list)
    last_turn: dict[int, date | None] = field(default_factory=dict)

    @property
    def order(self) -> list[int]:
        return [step.who for step in self.upcoming]


def propose(
    history: Iterable[Turn],
    candidates: Iterable[Candidate],
    swaps: Iterable[Swap] = (),
    *,
    on: date,
    role: str = HOST,
    avoid: Iterable[int] = (),
) -> Proposal:
    """Propose who takes `role` at the meeting of `on`, from the turns before that date.

    `avoid` (e.g. the facilitator's association when choosing the note-taker) moves the
    choice to the next in the order when someone else is available."""
    turns = sorted((t for t in history if t.on < on), key=lambda t: t.on)
    present = [c for c in candidates if c.member_on(on)]
    names = {c.id: c.name for c in candidates}
    eligible = {c.id: c for c in present if c.able}
    skipped = [
        Step(c.id, Reason(role, "unable", c.name))
        for c in sorted(present, key=lambda c: (c.name, c.id))
        if not c.able
    ]

    last: dict[int, date | None] = {}
    for turn in turns:
        last[turn.who] = turn.on

    def anchor(cid: int) -> tuple[date, int]:
        """When its turn last came: its last turn, or the day it joined if later (on the
        same day, one that joined without a turn comes before one that had a turn)."""
        since = eligible[cid].since or date.min
        latest = last.get(cid)
        if latest is not None and latest >= since:
            return (latest, 1)
        return (since, 0)

    # Swaps: pending until `took` has a turn on or after the day it was recorded.
    pending: list[Swap] = []
    owed: dict[int, Swap] = {}
    for swap in sorted(swaps, key=lambda s: s.on):
        used = next((t for t in turns if t.who == swap.took and t.on >= swap.on), None)
        if used is None:
            pending.append(swap)
        elif not any(t.who == swap.gave and t.on >= used.on for t in turns):
            owed[swap.gave] = Swap(swap.gave, swap.took, used.on)

    def first_reason(cid: int) -> Reason:
        c = eligible[cid]
        if cid in owed:
            return Reason(role, "owed", c.name, names.get(owed[cid].took, ""), owed[cid].on)
        latest = last.get(cid)
        if latest is not None and (c.since is None or latest >= c.since):
            return Reason(role, "least_recent", c.name, on=latest)
        if c.since is not None:
            return Reason(role, "since_joining", c.name, on=c.since)
        return Reason(role, "never", c.name)

    # Simulate one full round: the upcoming order.
    keys = {cid: anchor(cid) for cid in eligible}
    steps: list[Step] = []
    for i in range(len(eligible)):
        due = min(eligible, key=lambda cid: (keys[cid], eligible[cid].name, cid))
        swap = next(
            (s for s in pending if s.gave == due and s.took in eligible and s.took != due), None
        )
        if swap is not None:
            pending.remove(swap)
            who = swap.took
            reason = Reason(role, "swap", names[swap.took], names[swap.gave], swap.on)
            owed[due] = Swap(due, who, swap.on)
        else:
            who = due
            reason = first_reason(due)
        keys[who] = (date.max, i + 2)
        steps.append(Step(who, reason))

    if not steps:
        return Proposal(role, None, Reason(role, "nobody"), [], skipped, last)
    avoid = set(avoid)
    chosen = next((s for s in steps if s.who not in avoid), steps[0])
    upcoming = [chosen] + [s for s in steps if s is not chosen]
    return Proposal(role, chosen.who, chosen.reason, upcoming, skipped, last)


def pick_person(people: Iterable[tuple[int, str]], turns: Iterable[tuple[int, date]]) -> int | None:
    """Among an association's delegates (id, name), the one whose turn came least recently
    (never first, then by name): the facilitator or note-taker the association sends."""
    last: dict[int, date] = {}
    for pid, on in turns:
        if pid not in last or on > last[pid]:
            last[pid] = on
    ordered = sorted(people, key=lambda p: (p[0] in last, last.get(p[0], date.min), p[1], p[0]))
    return ordered[0][0] if ordered else None


def unfair_pairs(
    sequence: list[Turn], able_members: dict[int, list[tuple[date, date | None]]]
) -> list[tuple[int, date, date, int]]:
    """The fairness check (used by the tests on long simulated histories): for each association X
    with two consecutive turns t1 < t2, every association able and a member during the
    whole of [t1, t2] must have had a turn in between. Returns (X, t1, t2, missing)."""
    problems = []
    by_who: dict[int, list[date]] = {}
    for turn in sequence:
        by_who.setdefault(turn.who, []).append(turn.on)
    for who, dates in by_who.items():
        for t1, t2 in zip(dates, dates[1:], strict=False):
            between = {t.who for t in sequence if t1 < t.on < t2}
            for other, periods in able_members.items():
                if other == who or other in between:
                    continue
                if any(start <= t1 and (end is None or t2 < end) for start, end in periods):
                    problems.append((who, t1, t2, other))
    return problems
