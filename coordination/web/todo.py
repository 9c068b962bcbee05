"""The "À faire" list: everything waiting for a delegate and their association, in one
list ordered by deadline, on the home page and in the daily digest (one function).

Features register *to-do sources* at init time, as they register home panels and search
sources, so that no feature imports another and later features add their own::

    from coordination.web.todo import Todo, register_todo_source

    def waiting_polls(user, coalitions, now):
        for row in <a bounded number of queries, never one per object>:
            yield Todo(
                key=f"poll:{row.id}",            # the same thing from two sources: kept once
                what=_("Answer the date poll for %(title)s", title=row.title),
                due=row.first_slot,              # a datetime (UTC), a date, or None
                endpoint="meetings.poll",
                values={"coalition_id": row.coalition_id, "meeting_id": row.meeting_id},
            )

    register_todo_source("meetings.polls", waiting_polls, order=30)

`coalitions` are the coalitions the delegate's association takes part in (members and
guests; a source checks the role it needs). A source's `order` settles duplicates: when
two sources give the same `key` (a statement's sign-off is also a collective decision),
the line of the source with the lower order is kept, so the more precise source (the
statement, with its text) registers a lower order than the general one (the decision).
Each source runs a fixed number of queries, whatever the data: the home page's query count
stays constant (tests assert it).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import url_for
from flask_babel import gettext as _

from coordination.timezone import to_utc
from coordination.web.filters import local_date
from coordination.web.panels import Registered

Source = Callable[[object, list, datetime], Iterable["Todo"]]


@dataclass(frozen=True, slots=True)
class Todo:
    """One line of the list: what to do (a whole translated sentence), by when, where."""

    key: str
    what: str
    due: datetime | date | None
    endpoint: str
    values: dict = field(default_factory=dict)  # the page's, its "coalition_id" included
    # How `due` reads: "by" (answer by…), "on" (the meeting of…), "since" (not checked
    # since…: a date in the past, the line has no deadline of its own).
    due_means: str = "by"
    anchor: str | None = None

    @property
    def coalition_id(self) -> int | None:
        """The coalition the line belongs to: the one of its page."""
        return self.values.get("coalition_id")

    @property
    def deadline(self) -> datetime | None:
        """`due` as an aware UTC datetime for ordering (a date counts until its evening,
        Paris time); None when the line has no deadline."""
        if self.due is None or self.due_means == "since":
            return None
        if isinstance(self.due, datetime):
            return self.due
        return to_utc(datetime.combine(self.due, time(23, 59)))

    def is_late(self, now: datetime) -> bool:
        return self.deadline is not None and self.deadline < now


@dataclass(frozen=True)
class _Registered:
    name: str
    source: Source
    order: int


_sources: Registered[_Registered] = Registered(lambda s: (s.order, s.name))


def register_todo_source(name: str, source: Source, order: int = 50) -> None:
    """Declare a to-do source (idempotent: a second app instance registers the same)."""
    _sources.register(name, _Registered(name, source, order))


def unregister_todo_source(name: str) -> None:
    """For tests that declare a throw-away source."""
    _sources.unregister(name)


def todo_sources() -> list[str]:
    return _sources.names()


def todo_list(user, coalitions: list, now: datetime) -> list[Todo]:
    """Every source's lines for this delegate, each thing once, soonest deadline first
    (lines without a deadline last, in the sources' order)."""
    seen: dict[str, Todo] = {}
    for registered in _sources:
        for todo in registered.source(user, coalitions, now):
            seen.setdefault(todo.key, todo)
    lines = list(seen.values())
    far = datetime.max.replace(tzinfo=now.tzinfo)
    lines.sort(key=lambda t: (t.deadline is None, t.deadline or far))
    return lines


def when_text(todo: Todo, now: datetime) -> str:
    """By when, in words: "answer by 14 December 2026", "late: it was due on…", "meeting
    on…", "last checked on…" (the same words on the home page and in the digest)."""
    if todo.due is None:
        return ""
    day = local_date(todo.due)
    if todo.due_means == "since":
        return _("last checked on %(date)s", date=day)
    if todo.is_late(now):
        return _("late: it was due on %(date)s", date=day)
    if todo.due_means == "on":
        return _("the meeting is on %(date)s", date=day)
    return _("by %(date)s", date=day)


def todo_url(todo: Todo, build: Callable[..., str] | None = None) -> str:
    """The line's page: with url_for (default) or another builder (e-mails: absolute)."""
    url = (build or url_for)(todo.endpoint, **todo.values)
    return f"{url}#{todo.anchor}" if todo.anchor else url
