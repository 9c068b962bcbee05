"""Reminder kinds of the meetings feature (see coordination/notifications/registry.py).

All times are Paris wall-clock times (NOTIFICATIONS_REMINDER_TIME, 9:00), whatever the
season: `timing` counts local calendar days, so a reminder stays at 9:00 across the
summer and winter time changes. Recipients are the active delegates of the associations
taking part: the coalition's member associations, and the guest associations invited to
that meeting.

- meeting.week: a planned meeting, 9:00 seven days before its day (at once for a meeting
  planned or moved less than a week ahead, until the day-before reminder takes over);
- meeting.tomorrow: 9:00 the day before (at once if planned later than that);
- meeting.agenda_closing: 9:00 two days before — the agenda closes when the meeting
  starts; urgent items stay possible;
- meeting.poll_waiting: an open date poll that the association has not answered for
  every date: once when it opens, and once 9:00 two days before its first proposed date
  (a poll has no deadline of its own and its meeting no date yet: after the first date,
  that option is gone);
- action.due / action.overdue: an open action item, 9:00 the day before its due date;
  then 9:00 the day after it, and weekly while it stays open. To the delegate in charge,
  or to the association's delegates when no (active) delegate is named.

Only planned meetings with a date and no open poll are reminded. The occasion of a meeting
reminder holds its start time: a moved meeting is a new occasion (its new date is
reminded) and the old date's reminders are never due again. A reminder already created
but not yet sent (daily digest) is written with the meeting's state at sending time: the
template says it was cancelled or moved instead of repeating stale details.

Each `due()` runs a fixed number of queries, whatever the number of meetings or items.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Flask
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions.models import GUEST, MEMBER, Association, Coalition, Membership
from coordination.extensions import db
from coordination.meetings.models import (
    OPEN_ACTION,
    PLANNED,
    ActionItem,
    AgendaItem,
    DatePoll,
    Meeting,
    MeetingGuest,
    PollAnswer,
    PollSlot,
)
from coordination.notifications import due_dates, timing
from coordination.notifications.registry import Occasion, register_reminder_kind, short_title
from coordination.notifications.timing import iso_date, iso_datetime, reminder_time

WEEK = "meeting.week"
TOMORROW = "meeting.tomorrow"
AGENDA_CLOSING = "meeting.agenda_closing"
POLL_WAITING = "meeting.poll_waiting"
ACTION_DUE = "action.due"
ACTION_OVERDUE = "action.overdue"

AGENDA_PREVIEW = 25  # agenda titles copied into a reminder; the rest is counted
WHAT_LENGTH = 300  # an action item's text in a reminder


def stamp(moment: datetime) -> str:
    """A start time in an occasion key (UTC: unambiguous on the night clocks go back)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def weekly_overdue_day(due_on: date, now: datetime, at: time) -> date | None:
    """The latest overdue reminder day not after `now`: the day after `due_on`, then every
    seven days; None before the first one (at `at` o'clock, local time)."""
    first = due_on + timedelta(days=1)
    day = timing.effective_day(now, at)
    if day < first:
        return None
    return first + timedelta(days=7 * ((day - first).days // 7))


# --- who is reminded --------------------------------------------------------------------


def participants(meetings: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """{meeting id: ids of the associations taking part} for (meeting id, coalition id)
    pairs: the coalition's member associations, and the guest associations invited to
    that meeting that are still guests of the coalition. Two queries."""
    pairs = list(meetings)
    if not pairs:
        return {}
    members: dict[int, set[int]] = defaultdict(set)
    for coalition_id, association_id in db.session.execute(
        sa.select(Membership.coalition_id, Membership.association_id).where(
            Membership.coalition_id.in_({c for _m, c in pairs}),
            Membership.role == MEMBER,
            Membership.is_current,
        )
    ):
        members[coalition_id].add(association_id)
    guests: dict[int, set[int]] = defaultdict(set)
    for meeting_id, association_id in db.session.execute(
        sa.select(MeetingGuest.meeting_id, MeetingGuest.association_id)
        .join(
            Membership,
            sa.and_(
                Membership.association_id == MeetingGuest.association_id,
                Membership.coalition_id == MeetingGuest.coalition_id,
                Membership.role == GUEST,
                Membership.is_current,
            ),
        )
        .where(MeetingGuest.meeting_id.in_({m for m, _c in pairs}))
    ):
        guests[meeting_id].add(association_id)
    return {m: members[c] | guests[m] for m, c in pairs}


def delegates_by_association(association_ids: Iterable[int]) -> dict[int, list[int]]:
    """{association id: its active delegates' user ids}. One query (none if empty)."""
    ids = set(association_ids)
    delegates: dict[int, list[int]] = defaultdict(list)
    if ids:
        for user_id, association_id in db.session.execute(
            sa.select(User.id, User.association_id)
            .where(User.association_id.in_(ids), User.active.is_(True))
            .order_by(User.id)
        ):
            delegates[association_id].append(user_id)
    return delegates


def _users_of(associations: Iterable[int], delegates: dict[int, list[int]]) -> list[int]:
    return sorted({u for a in associations for u in delegates.get(a, ())})


# --- meetings ---------------------------------------------------------------------------


def _label(ctx: dict) -> str:
    return ctx.get("title") or ctx.get("coalition_name") or _("Meeting")


def planned_meetings(now: datetime, until: datetime) -> list[sa.Row]:
    """Planned meetings starting after `now` and by `until`, with a date that no open poll
    is still choosing. One query (the (coalition_id, starts_at) index, per coalition)."""
    open_poll = (
        sa.select(DatePoll.id)
        .where(DatePoll.meeting_id == Meeting.id, DatePoll.closed_at.is_(None))
        .exists()
    )
    return db.session.execute(
        sa.select(
            Meeting.id,
            Meeting.coalition_id,
            Coalition.name.label("coalition_name"),
            Meeting.title,
            Meeting.starts_at,
            Meeting.duration_minutes,
            Meeting.place,
            Meeting.access_notes,
            Meeting.video_url,
            Association.name.label("host_name"),
        )
        .join(Coalition, Coalition.id == Meeting.coalition_id)
        .outerjoin(Association, Association.id == Meeting.host_association_id)
        .where(
            Meeting.coalition_id.in_(sa.select(Coalition.id)),
            Meeting.starts_at > now,
            Meeting.starts_at <= until,
            Meeting.status == PLANNED,
            ~open_poll,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()


def agendas(meeting_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """{meeting id: [(item title, urgent)…] in the agenda's order}. One query."""
    result: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    if meeting_ids:
        for meeting_id, title, urgent in db.session.execute(
            sa.select(AgendaItem.meeting_id, AgendaItem.title, AgendaItem.urgent)
            .where(AgendaItem.meeting_id.in_(meeting_ids))
            .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
        ):
            result[meeting_id].append((title, urgent))
    return result


def _safe_url(url: str) -> str:
    return url if url.startswith(("https://", "http://")) else ""


def meeting_context(m: sa.Row, agenda: list[tuple[str, bool]]) -> dict:
    return {
        "meeting_id": m.id,
        "coalition_id": m.coalition_id,
        "coalition_name": m.coalition_name,
        "title": m.title,
        "starts_at": m.starts_at,
        "ends_at": m.starts_at + timedelta(minutes=m.duration_minutes or 0),
        "place": m.place,
        "access_notes": m.access_notes,
        "video_url": _safe_url(m.video_url or ""),
        "host_name": m.host_name or "",
        "agenda": [{"title": t, "urgent": u} for t, u in agenda[:AGENDA_PREVIEW]],
        "agenda_more": max(len(agenda) - AGENDA_PREVIEW, 0),
        "urgent_count": sum(1 for _t, u in agenda if u),
    }


def meeting_occasions(meetings: list[sa.Row], prefix: str) -> list[Occasion]:
    """One occasion per meeting, keyed by its start time, for its participants' delegates."""
    if not meetings:
        return []
    taking_part = participants((m.id, m.coalition_id) for m in meetings)
    delegates = delegates_by_association(set().union(*taking_part.values()))
    items = agendas([m.id for m in meetings])
    occasions = []
    for m in meetings:
        recipients = _users_of(taking_part[m.id], delegates)
        if recipients:
            occasions.append(
                Occasion(
                    object_type="meeting",
                    object_id=m.id,
                    occasion=f"{prefix}-{stamp(m.starts_at)}",
                    recipients=recipients,
                    coalition_id=m.coalition_id,
                    context=meeting_context(m, items.get(m.id, [])),
                )
            )
    return occasions


def due_week(now: datetime) -> list[Occasion]:
    """From 9:00 seven days before the meeting's day until the day-before reminder."""
    at = reminder_time()
    meetings = [
        m
        for m in planned_meetings(now, now + timedelta(days=8))
        if timing.days_before_at(m.starts_at, 7, at)
        <= now
        < timing.days_before_at(m.starts_at, 1, at)
    ]
    return meeting_occasions(meetings, "week")


def due_tomorrow(now: datetime) -> list[Occasion]:
    """From 9:00 the day before until the meeting starts."""
    at = reminder_time()
    meetings = [
        m
        for m in planned_meetings(now, now + timedelta(days=2))
        if timing.days_before_at(m.starts_at, 1, at) <= now
    ]
    return meeting_occasions(meetings, "tomorrow")


def due_agenda_closing(now: datetime) -> list[Occasion]:
    """From 9:00 two days before until the day-before reminder (which has the agenda)."""
    at = reminder_time()
    meetings = [
        m
        for m in planned_meetings(now, now + timedelta(days=3))
        if timing.days_before_at(m.starts_at, 2, at)
        <= now
        < timing.days_before_at(m.starts_at, 1, at)
    ]
    return meeting_occasions(meetings, "agenda")


def meeting_state(ctx: dict) -> dict:
    """The meeting now, for a reminder written later than it was created (daily digest):
    {"state": current | moved | undated | cancelled | held | gone, "starts_at": …}."""
    row = db.session.execute(
        sa.select(Meeting.status, Meeting.starts_at).where(
            Meeting.id == ctx.get("meeting_id"), Meeting.coalition_id == ctx.get("coalition_id")
        )
    ).first()
    if row is None:
        return {"state": "gone", "starts_at": None}
    if row.status != PLANNED:
        return {"state": row.status, "starts_at": row.starts_at}
    if row.starts_at is None:
        return {"state": "undated", "starts_at": None}
    if ctx.get("starts_at") and row.starts_at != iso_datetime(ctx["starts_at"]):
        return {"state": "moved", "starts_at": row.starts_at}
    return {"state": "current", "starts_at": row.starts_at}


# --- date polls -------------------------------------------------------------------------


def due_poll_waiting(now: datetime) -> list[Occasion]:
    """Open polls of planned meetings with a date still to come, for the associations that
    have not answered every date: once when the poll opens ("opened"), once at 9:00 two
    days before its first date ("before-…") if the poll was open by then. Six queries."""
    polls = db.session.execute(
        sa.select(
            DatePoll.id,
            DatePoll.meeting_id,
            DatePoll.coalition_id,
            DatePoll.created_at,
            Meeting.title,
            Meeting.starts_at,
            Coalition.name.label("coalition_name"),
        )
        .join(Meeting, Meeting.id == DatePoll.meeting_id)
        .join(Coalition, Coalition.id == DatePoll.coalition_id)
        .where(
            DatePoll.coalition_id.in_(sa.select(Coalition.id)),
            DatePoll.closed_at.is_(None),
            DatePoll.created_at <= now,
            Meeting.status == PLANNED,
        )
        .order_by(DatePoll.id)
    ).all()
    if not polls:
        return []
    ids = [p.id for p in polls]
    dates: dict[int, list[datetime]] = defaultdict(list)
    for poll_id, starts_at in db.session.execute(
        sa.select(PollSlot.poll_id, PollSlot.starts_at)
        .where(PollSlot.poll_id.in_(ids))
        .order_by(PollSlot.poll_id, PollSlot.starts_at)
    ):
        dates[poll_id].append(starts_at)
    answered: dict[tuple[int, int], int] = {
        (poll_id, association_id): n
        for poll_id, association_id, n in db.session.execute(
            sa.select(PollSlot.poll_id, PollAnswer.association_id, sa.func.count(PollAnswer.id))
            .join(PollSlot, PollSlot.id == PollAnswer.slot_id)
            .where(PollSlot.poll_id.in_(ids))
            .group_by(PollSlot.poll_id, PollAnswer.association_id)
        )
    }
    polls = [p for p in polls if dates[p.id] and dates[p.id][-1] > now]
    taking_part = participants((p.meeting_id, p.coalition_id) for p in polls)
    waiting = {
        p.id: {
            a
            for a in taking_part.get(p.meeting_id, set())
            if answered.get((p.id, a), 0) < len(dates[p.id])
        }
        for p in polls
    }
    delegates = delegates_by_association(set().union(set(), *waiting.values()))
    at = reminder_time()
    occasions = []
    for p in polls:
        recipients = _users_of(waiting[p.id], delegates)
        if not recipients:
            continue
        answer_by = min(dates[p.id][0], p.starts_at or dates[p.id][0])
        context = {
            "poll_id": p.id,
            "meeting_id": p.meeting_id,
            "coalition_id": p.coalition_id,
            "coalition_name": p.coalition_name,
            "title": p.title,
            "dates": dates[p.id],
            "answer_by": answer_by,
        }
        keys = ["opened"]
        moment = timing.days_before_at(answer_by, 2, at)
        if p.created_at < moment <= now < answer_by:
            keys.append(f"before-{stamp(answer_by)}")
        occasions += [
            Occasion(
                object_type="date_poll",
                object_id=p.id,
                occasion=key,
                recipients=recipients,
                coalition_id=p.coalition_id,
                context=context,
            )
            for key in keys
        ]
    return occasions


def poll_state(ctx: dict, user) -> str:
    """ "closed", "answered" (the user's association answered every date since) or
    "waiting": what a reminder written later than it was created should say."""
    closed_at = db.session.execute(
        sa.select(DatePoll.closed_at).where(
            DatePoll.id == ctx.get("poll_id"), DatePoll.coalition_id == ctx.get("coalition_id")
        )
    ).first()
    if closed_at is None or closed_at[0] is not None:
        return "closed"
    slots, answers = db.session.execute(
        sa.select(
            sa.func.count(sa.distinct(PollSlot.id)), sa.func.count(sa.distinct(PollAnswer.id))
        )
        .select_from(PollSlot)
        .outerjoin(
            PollAnswer,
            sa.and_(
                PollAnswer.slot_id == PollSlot.id,
                PollAnswer.association_id == getattr(user, "association_id", None),
            ),
        )
        .where(PollSlot.poll_id == ctx.get("poll_id"))
    ).one()
    return "answered" if slots and answers >= slots else "waiting"


# --- action items -----------------------------------------------------------------------


def open_actions(condition) -> list[sa.Row]:
    """Open action items matching `condition` whose association still takes part in the
    coalition, with what the reminder shows. One query."""
    still_in = (
        sa.select(Membership.id)
        .where(
            Membership.coalition_id == ActionItem.coalition_id,
            Membership.association_id == ActionItem.association_id,
            Membership.is_current,
        )
        .exists()
    )
    return db.session.execute(
        sa.select(
            ActionItem.id,
            ActionItem.coalition_id,
            ActionItem.meeting_id,
            ActionItem.what,
            ActionItem.due_on,
            ActionItem.association_id,
            Association.name.label("association_name"),
            User.id.label("assignee_id"),
            User.name.label("assignee_name"),
            User.active.label("assignee_active"),
            User.association_id.label("assignee_association_id"),
            Meeting.title.label("meeting_title"),
            Meeting.starts_at.label("meeting_starts_at"),
            Coalition.name.label("coalition_name"),
        )
        .join(Association, Association.id == ActionItem.association_id)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .join(Coalition, Coalition.id == ActionItem.coalition_id)
        .outerjoin(User, User.id == ActionItem.assignee_id)
        .where(
            ActionItem.coalition_id.in_(sa.select(Coalition.id)),
            ActionItem.status == OPEN_ACTION,
            condition,
            still_in,
        )
        .order_by(ActionItem.due_on, ActionItem.id)
    ).all()


def _assignee_named(item: sa.Row) -> bool:
    return bool(
        item.assignee_id
        and item.assignee_active
        and item.assignee_association_id == item.association_id
    )


def action_occasions(items: list[tuple[sa.Row, str]]) -> list[Occasion]:
    """(item, occasion key) → occasions for the delegate in charge, or for every active
    delegate of the association in charge when none is named. One query at most."""
    delegates = delegates_by_association(
        {item.association_id for item, _key in items if not _assignee_named(item)}
    )
    occasions = []
    for item, key in items:
        recipients = (
            [item.assignee_id]
            if _assignee_named(item)
            else _users_of([item.association_id], delegates)
        )
        if not recipients:
            continue
        what = item.what if len(item.what) <= WHAT_LENGTH else item.what[: WHAT_LENGTH - 1] + "…"
        occasions.append(
            Occasion(
                object_type="action_item",
                object_id=item.id,
                occasion=key,
                recipients=recipients,
                coalition_id=item.coalition_id,
                context={
                    "action_id": item.id,
                    "meeting_id": item.meeting_id,
                    "coalition_id": item.coalition_id,
                    "coalition_name": item.coalition_name,
                    "what": what,
                    "due_on": item.due_on,
                    "association_name": item.association_name,
                    "assignee_name": item.assignee_name if _assignee_named(item) else "",
                    "meeting_title": item.meeting_title,
                    "meeting_starts_at": item.meeting_starts_at,
                },
            )
        )
    return occasions


def due_action_due(now: datetime) -> list[Occasion]:
    """An open action item from 9:00 the day before its due date until the end of that day."""
    today = timing.local_date(now)
    items = open_actions(ActionItem.due_on.between(today, today + timedelta(days=1)))
    return action_occasions(due_dates.coming_due(items, now, reminder_time(), 1))


def due_action_overdue(now: datetime) -> list[Occasion]:
    """An open action item, 9:00 the day after its due date, then every week."""
    items = open_actions(ActionItem.due_on < timing.local_date(now))
    return action_occasions(due_dates.overdue(items, now, reminder_time(), weekly_overdue_day))


def action_state(ctx: dict) -> dict:
    """{"state": current | rescheduled | done | dropped | gone, "due_on": …} now."""
    return due_dates.state_of(
        ActionItem, ctx.get("action_id"), ctx.get("coalition_id"), ctx, OPEN_ACTION
    )


# --- titles, links, registration --------------------------------------------------------


def _date(value) -> str:
    return format_date(iso_datetime(value), "full")


def _time(value) -> str:
    return format_time(iso_datetime(value), "short")


def _meeting_link(ctx: dict) -> tuple[str, dict]:
    return "meetings.show", {"coalition_id": ctx["coalition_id"], "meeting_id": ctx["meeting_id"]}


def register(app: Flask) -> None:
    """Declare the meetings' reminder kinds and the helpers their templates use."""
    app.add_template_global(meeting_state, "meeting_reminder_state")
    app.add_template_global(poll_state, "poll_reminder_state")
    app.add_template_global(action_state, "action_reminder_state")
    register_reminder_kind(
        WEEK,
        label=_l("A meeting is a week away"),
        description=_l(
            "Seven days before, at 9:00, with the place and the agenda so far (at once for "
            "a meeting planned less than a week ahead)."
        ),
        due=due_week,
        template="meetings/reminders/week",
        title=lambda ctx: _(
            "Meeting on %(date)s: %(name)s", date=_date(ctx["starts_at"]), name=_label(ctx)
        ),
        link=_meeting_link,
        order=20,
    )
    register_reminder_kind(
        TOMORROW,
        label=_l("A meeting takes place tomorrow"),
        description=_l("The day before, at 9:00, with the place, the video link and the agenda."),
        due=due_tomorrow,
        template="meetings/reminders/tomorrow",
        title=lambda ctx: _(
            "Reminder: meeting on %(date)s at %(time)s — %(name)s",
            date=_date(ctx["starts_at"]),
            time=_time(ctx["starts_at"]),
            name=_label(ctx),
        ),
        link=_meeting_link,
        order=21,
    )
    register_reminder_kind(
        AGENDA_CLOSING,
        label=_l("The agenda of a meeting closes soon"),
        description=_l(
            "Two days before the meeting, at 9:00: items can be proposed until it starts."
        ),
        due=due_agenda_closing,
        template="meetings/reminders/agenda_closing",
        title=lambda ctx: _(
            "Agenda open until %(date)s, %(time)s: %(name)s",
            date=_date(ctx["starts_at"]),
            time=_time(ctx["starts_at"]),
            name=_label(ctx),
        ),
        link=lambda ctx: (
            "meetings.new_item",
            {"coalition_id": ctx["coalition_id"], "meeting_id": ctx["meeting_id"]},
        ),
        order=22,
    )
    register_reminder_kind(
        POLL_WAITING,
        label=_l("A date poll waits for your association's answer"),
        description=_l(
            "When the poll opens, and two days before its first proposed date, at 9:00, "
            "while your association has not answered every date."
        ),
        due=due_poll_waiting,
        template="meetings/reminders/poll_waiting",
        title=lambda ctx: _("Choose the date of the meeting: %(name)s", name=_label(ctx)),
        link=lambda ctx: (
            "meetings.poll",
            {"coalition_id": ctx["coalition_id"], "meeting_id": ctx["meeting_id"]},
        ),
        order=23,
    )
    register_reminder_kind(
        ACTION_DUE,
        label=_l("An action item is due tomorrow"),
        description=_l(
            "The day before its due date, at 9:00: to the delegate in charge, or to the "
            "association's delegates when nobody is named."
        ),
        due=due_action_due,
        template="meetings/reminders/action_due",
        title=lambda ctx: _(
            "Action item due on %(date)s: %(what)s",
            date=format_date(iso_date(ctx["due_on"]), "long"),
            what=short_title(ctx["what"]),
        ),
        link=_meeting_link,
        order=24,
    )
    register_reminder_kind(
        ACTION_OVERDUE,
        label=_l("An action item is overdue"),
        description=_l("The day after its due date, at 9:00, then every week while it is open."),
        due=due_action_overdue,
        template="meetings/reminders/action_overdue",
        title=lambda ctx: _(
            "Action item overdue since %(date)s: %(what)s",
            date=format_date(iso_date(ctx["due_on"]), "long"),
            what=short_title(ctx["what"]),
        ),
        link=_meeting_link,
        order=25,
    )
