"""Reminder kinds: each feature declares its own, in its own module.

A kind says *when* something is worth reminding and *to whom*; the notifications
mechanism does the rest (preferences, in-app list, e-mail now or in the daily digest,
exactly once, retries, language of each recipient). Declare a kind at init time::

    from coordination.notifications.registry import Occasion, register_reminder_kind

    def meetings_tomorrow(now):
        for meeting in db.session.scalars(<bounded query: meetings in the next 2 days>):
            yield Occasion(
                object_type="meeting",
                object_id=meeting.id,
                occasion="tomorrow",           # one reminder per (kind, object, occasion, user)
                recipients=[...user ids...],
                coalition_id=meeting.coalition_id,
                context={"title": meeting.title, "starts_at": meeting.starts_at},
            )

    register_reminder_kind(
        "meeting.tomorrow",
        label=_l("A meeting takes place tomorrow"),
        default=True,
        due=meetings_tomorrow,
        template="meetings/reminders/tomorrow",   # .txt and .html beside each other
        title=lambda ctx: _("Meeting tomorrow: %(title)s", title=ctx["title"]),
        link=lambda ctx: ("meetings.show", {"coalition_id": ..., "meeting_id": ...}),
    )

`due(now)` must be cheap and bounded (a time window on an indexed column, a few bulk
queries, never one query per object) and idempotent: it is called every few minutes and
yields every occasion that is due *now*, including ones already notified (the unique key
makes a repeat a no-op). Dates and datetimes in `context` are stored as ISO strings;
templates turn them back with `|fromiso` then `|date` / `|datetime`.

The features declare their kinds with FeatureReminders (below: one template folder, one
link and consecutive orders for all of a feature's kinds), build an occasion whose context
names its object with `Occasion.named_by`, and read recipients with `user_ids_by`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import format_date

from coordination.coalitions.models import Coalition
from coordination.extensions import db
from coordination.notifications.timing import iso_date

FREQUENT, DAILY = "frequent", "daily"


@dataclass(frozen=True)
class Occasion:
    """Something due now, for these recipients (user ids)."""

    object_type: str
    object_id: int | None
    occasion: str
    recipients: Iterable[int]
    coalition_id: int | None = None
    context: dict = field(default_factory=dict)

    @classmethod
    def named_by(
        cls, object_type: str, id_key: str, occasion: str, recipients: Iterable[int], context: dict
    ) -> "Occasion":
        """The occasion of the object that `context` names: its id is ``context[id_key]``
        (e.g. "meeting_id"), its coalition ``context["coalition_id"]`` — every reminder's
        context holds both, for its link and its template."""
        return cls(
            object_type=object_type,
            object_id=context[id_key],
            occasion=occasion,
            recipients=recipients,
            coalition_id=context["coalition_id"],
            context=context,
        )


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: object  # lazy string shown on the preferences page and in unsubscribe pages
    due: Callable[[datetime], Iterable[Occasion]]
    template: str  # "<feature>/reminders/<name>": renders <template>.txt and <template>.html
    title: Callable[[dict], str]  # one line: the e-mail subject and the in-app title
    link: Callable[[dict], tuple[str, dict]]  # (endpoint, values) of the object's page
    default: bool = True
    description: object = ""
    cadence: str = FREQUENT  # FREQUENT: every sweep (minutes); DAILY: once a day
    order: int = 50


_kinds: dict[str, ReminderKind] = {}


def coalition_by_coalition(coalition_id: sa.ColumnElement) -> sa.ColumnElement:
    """A due() query's condition that keeps every row (`coalition_id` is a coalition's)
    but lets the database walk an index that starts with coalition_id coalition by
    coalition, instead of reading the whole table."""
    return coalition_id.in_(sa.select(Coalition.id))


def user_ids_by(keys: Iterable[int], statement: Callable[[set[int]], sa.Select]):
    """{key: [user id…]}: the recipients of each coalition or association in `keys`, read
    by `statement(keys)` (rows of key and user id, in its order) in one query, none when
    `keys` is empty (a key without recipients reads as [])."""
    result: dict[int, list[int]] = defaultdict(list)
    ids = set(keys)
    if ids:
        for key, user_id in db.session.execute(statement(ids)):
            result[key].append(user_id)
    return result


def short_title(text: str, length: int = 80) -> str:
    """A thing's text cut to fit a reminder's title (with an ellipsis when cut)."""
    return text if len(text) <= length else text[: length - 1] + "…"


def object_link(endpoint: str, id_key: str) -> Callable[[dict], tuple[str, dict]]:
    """A kind's ``link``: ``endpoint`` with the coalition and ``ctx[id_key]`` (e.g. meeting_id)."""
    return lambda ctx: (endpoint, {"coalition_id": ctx["coalition_id"], id_key: ctx[id_key]})


def due_on_title(message, name: str) -> Callable[[dict], str]:
    """A kind's ``title`` from a lazy ``message`` with ``%(date)s`` (the long ``due_on`` of the
    context) and ``%(<name>)s`` (its ``ctx[name]`` cut by short_title)."""
    return lambda ctx: (
        str(message)
        % {
            "date": format_date(iso_date(ctx["due_on"]), "long"),
            name: short_title(ctx[name]),
        }
    )


def register_reminder_kind(
    key: str,
    *,
    label,
    due: Callable[[datetime], Iterable[Occasion]],
    template: str,
    title: Callable[[dict], str],
    link: Callable[[dict], tuple[str, dict]],
    default: bool = True,
    description="",
    cadence: str = FREQUENT,
    order: int = 50,
) -> ReminderKind:
    """Declare a reminder kind (idempotent: a second app instance re-registers the same)."""
    if cadence not in (FREQUENT, DAILY):
        raise ValueError(f"unknown cadence {cadence!r}")
    if len(key) > 60 or "/" in key:
        raise ValueError(f"reminder kind key {key!r}: at most 60 characters, no '/'")
    kind = ReminderKind(
        key, label, due, template, title, link, default, description, cadence, order
    )
    _kinds[key] = kind
    return kind


class FeatureReminders:
    """A feature's reminder kinds, declared one after the other in its register().

    Their templates are in one `folder`, each named after its kind's key without the
    feature's own `prefix`, the dot written "_": with prefix "meeting", kind "meeting.week"
    renders ``<folder>/week.txt`` and ``.html``, kind "action.due" ``<folder>/action_due``.
    They are listed on the preferences page in the order they are declared (orders
    `first_order`, `first_order` + 1…) and link to `link` unless a kind names another."""

    def __init__(self, folder: str, *, first_order: int, link=None, prefix: str = "") -> None:
        self.folder = folder
        self.link = link
        self.prefix = prefix
        self._next_order = first_order

    def template(self, key: str) -> str:
        name = key.removeprefix(f"{self.prefix}.") if self.prefix else key
        return f"{self.folder}/{name.replace('.', '_')}"

    def add(
        self,
        key: str,
        *,
        label,
        due: Callable[[datetime], Iterable[Occasion]],
        title: Callable[[dict], str],
        description="",
        link: Callable[[dict], tuple[str, dict]] | None = None,
        cadence: str = FREQUENT,
    ) -> ReminderKind:
        kind = register_reminder_kind(
            key,
            label=label,
            description=description,
            due=due,
            template=self.template(key),
            title=title,
            link=link or self.link,
            cadence=cadence,
            order=self._next_order,
        )
        self._next_order += 1
        return kind


# --- answering from the e-mail -----------------------------------------------------------
# A reminder that asks for an association's answer carries a button that answers without
# logging in (coordination/answers registers how for each kind it knows; the mechanism
# here only shows what it is given).


@dataclass(frozen=True)
class AnswerButton:
    """A link that opens the answer page: `label` says plainly what it does, `note` what
    happens next; `shortcuts` are (label, url) pairs that open it with an answer chosen."""

    label: str
    url: str
    note: str = ""
    shortcuts: tuple[tuple[str, str], ...] = ()


_answer_buttons: dict[str, Callable[[dict, object], list[AnswerButton]]] = {}


def register_answer_buttons(key: str, make: Callable[[dict, object], list[AnswerButton]]) -> None:
    """`make(ctx, user)` gives the answer buttons of a reminder of kind `key` for `user`
    (none when the question is settled or the user's association no longer takes part)."""
    _answer_buttons[key] = make


def answer_buttons(key: str, ctx: dict, user) -> list[AnswerButton]:
    make = _answer_buttons.get(key)
    return make(ctx, user) if make is not None else []


def unregister_reminder_kind(key: str) -> None:
    """For tests that declare a throw-away kind."""
    _kinds.pop(key, None)


def reminder_kinds(cadence: str | None = None) -> list[ReminderKind]:
    kinds = sorted(_kinds.values(), key=lambda k: (k.order, k.key))
    return [k for k in kinds if cadence is None or k.cadence == cadence]


def get_kind(key: str) -> ReminderKind | None:
    return _kinds.get(key)
