"""Reminder kinds of the commitments (see coordination/notifications/registry.py).

Recipients: the active delegates of the coalition's member associations (the
commitments, as the directory, belong to the members). Times are Paris wall-clock times
(NOTIFICATIONS_REMINDER_TIME, 9:00) on local calendar days, whatever the season.

- commitment.due: a pending commitment, 9:00 seven days before its due date (at once
  for one recorded less than a week ahead), until the end of that day;
- commitment.overdue: a pending commitment, 9:00 the day after its due date, then
  monthly (same day of the month, clamped to the month's end) while it stays pending.

Both keys name the due date ("due-2027-03-30", "overdue-2027-04-30/due-2027-03-30"): a
commitment postponed (a follow-up's new due date, or the edit form) is reminded again,
exactly once, against its new date.

Each `due()` runs a fixed number of queries, whatever the number of commitments.

Features built on the commitments add to a reminder's context without this module knowing
them: `register_context(provider)`, `provider(commitment ids) -> {id: {key: value}}`, one
query for all (the campaigns add the campaign a promise belongs to, shown by the e-mail).
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from coordination.commitments import reads
from coordination.commitments.deadlines import PENDING
from coordination.commitments.models import Commitment
from coordination.directory.reminders import member_delegates
from coordination.notifications import due_dates, timing
from coordination.notifications.registry import (
    FeatureReminders,
    Occasion,
    due_on_title,
    object_link,
)
from coordination.notifications.timing import reminder_time
from coordination.timezone import add_months

COMMITMENT_DUE = "commitment.due"
COMMITMENT_OVERDUE = "commitment.overdue"

DUE_DAYS = 7


def monthly_overdue_day(due_on: date, now: datetime, at: time) -> date | None:
    """The latest overdue reminder day not after `now`: the day after `due_on`, then the
    same day of each following month (clamped); None before the first one."""
    first = due_on + timedelta(days=1)
    day = timing.effective_day(now, at)
    if day < first:
        return None
    months = (day.year - first.year) * 12 + day.month - first.month
    while months > 0 and add_months(first, months) > day:
        months -= 1
    return add_months(first, months)


_context_providers: list[Callable[[list[int]], dict[int, dict]]] = []


def register_context(provider: Callable[[list[int]], dict[int, dict]]) -> None:
    """Add what another feature knows of a commitment to its reminders' context."""
    if provider not in _context_providers:
        _context_providers.append(provider)


def _extra_context(ids: list[int]) -> dict[int, dict]:
    extra: dict[int, dict] = {}
    for provider in _context_providers if ids else ():
        for commitment_id, values in provider(ids).items():
            extra.setdefault(commitment_id, {}).update(values)
    return extra


def _context(c: reads.PendingCommitment, extra: dict) -> dict:
    return {
        "commitment_id": c.id,
        "coalition_id": c.coalition_id,
        "coalition_name": c.coalition_name,
        "title": c.title,
        "institution_name": c.institution_name,
        "promised_by": c.promised_by,
        "promised_on": c.promised_on,
        "due_on": c.due_on,
        **extra,
    }


def commitment_occasions(commitments: list[tuple[reads.PendingCommitment, str]]) -> list[Occasion]:
    delegates = member_delegates({c.coalition_id for c, _key in commitments})
    extra = _extra_context([c.id for c, _key in commitments])
    return [
        Occasion.named_by(
            "commitment",
            "commitment_id",
            key,
            delegates[c.coalition_id],
            _context(c, extra.get(c.id, {})),
        )
        for c, key in commitments
        if delegates.get(c.coalition_id)
    ]


def due_commitment_due(now: datetime) -> list[Occasion]:
    """From 9:00 seven days before the due date until the end of the due day."""
    today = timing.local_date(now)
    rows = reads.pending_commitments(Commitment.due_on.between(today, today + timedelta(DUE_DAYS)))
    return commitment_occasions(due_dates.coming_due(rows, now, reminder_time(), DUE_DAYS))


def due_commitment_overdue(now: datetime) -> list[Occasion]:
    """9:00 the day after the due date, then monthly while pending. The key names the due
    date too: a postponed commitment falling overdue again starts its own schedule, even on
    a day of the month the old one already used."""
    rows = reads.pending_commitments(Commitment.due_on < timing.local_date(now))
    late = due_dates.overdue(rows, now, reminder_time(), monthly_overdue_day)
    return commitment_occasions([(c, f"{key}/due-{c.due_on.isoformat()}") for c, key in late])


def commitment_state(ctx: dict) -> dict:
    """{"state": current | rescheduled | kept | partial | broken | gone, "due_on": …}."""
    return due_dates.state_of(
        Commitment, ctx.get("commitment_id"), ctx.get("coalition_id"), ctx, PENDING
    )


def register(app: Flask) -> None:
    """Declare the commitments' reminder kinds and the helper their templates use."""
    app.add_template_global(commitment_state, "commitment_reminder_state")
    kinds = FeatureReminders(
        "commitments/reminders",
        first_order=40,
        link=object_link("commitments.commitment", "commitment_id"),
    )
    kinds.add(
        COMMITMENT_DUE,
        label=_l("A commitment of an institution falls due"),
        description=_l("Seven days before its due date, at 9:00, while it is pending."),
        due=due_commitment_due,
        title=due_on_title(_l("Commitment due on %(date)s: %(title)s"), "title"),
    )
    kinds.add(
        COMMITMENT_OVERDUE,
        label=_l("A commitment of an institution is overdue"),
        description=_l(
            "The day after its due date, at 9:00, then every month while it is pending."
        ),
        due=due_commitment_overdue,
        title=due_on_title(_l("Commitment overdue since %(date)s: %(title)s"), "title"),
    )
