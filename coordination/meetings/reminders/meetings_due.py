"""Reminders of a coming meeting (a week before, the day before, agenda closing) and of
a date poll waiting for an answer, with the state a late-written reminder reports."""

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from coordination.coalitions.models import Association, Coalition
from coordination.db import columns_of
from coordination.extensions import db
from coordination.meetings.models import (
    PLANNED,
    AgendaItem,
    DatePoll,
    Meeting,
    PollAnswer,
    PollSlot,
)
from coordination.meetings.reminders.recipients import (
    _users_of,
    delegates_by_association,
    participants,
    stamp,
)
from coordination.notifications import timing
from coordination.notifications.registry import Occasion, coalition_by_coalition
from coordination.notifications.timing import iso_datetime, reminder_time

AGENDA_PREVIEW = 25  # agenda titles copied into a reminder; the rest is counted


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
            *columns_of(Meeting, "title starts_at duration_minutes place access_notes video_url"),
            Association.name.label("host_name"),
        )
        .join(Coalition, Coalition.id == Meeting.coalition_id)
        .outerjoin(Association, Association.id == Meeting.host_association_id)
        .where(
            coalition_by_coalition(Meeting.coalition_id),
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
                Occasion.named_by(
                    "meeting",
                    "meeting_id",
                    f"{prefix}-{stamp(m.starts_at)}",
                    recipients,
                    meeting_context(m, items.get(m.id, [])),
                )
            )
    return occasions


def _reminded(now: datetime, days_before: int, until_days_before: int | None = None) -> list:
    """Planned meetings whose reminder, at 9:00 `days_before` days ahead, is due now (and,
    with `until_days_before`, whose later reminder is not due yet)."""
    at = reminder_time()
    return [
        m
        for m in planned_meetings(now, now + timedelta(days=days_before + 1))
        if timing.days_before_at(m.starts_at, days_before, at) <= now
        and (
            until_days_before is None
            or now < timing.days_before_at(m.starts_at, until_days_before, at)
        )
    ]


def due_week(now: datetime) -> list[Occasion]:
    """From 9:00 seven days before the meeting's day until the day-before reminder."""
    return meeting_occasions(_reminded(now, 7, until_days_before=1), "week")


def due_tomorrow(now: datetime) -> list[Occasion]:
    """From 9:00 the day before until the meeting starts."""
    return meeting_occasions(_reminded(now, 1), "tomorrow")


def due_agenda_closing(now: datetime) -> list[Occasion]:
    """From 9:00 two days before until the day-before reminder (which has the agenda)."""
    return meeting_occasions(_reminded(now, 2, until_days_before=1), "agenda")


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
            *columns_of(DatePoll, "id meeting_id coalition_id created_at"),
            Meeting.title,
            Meeting.starts_at,
            Coalition.name.label("coalition_name"),
        )
        .join(Meeting, Meeting.id == DatePoll.meeting_id)
        .join(Coalition, Coalition.id == DatePoll.coalition_id)
        .where(
            coalition_by_coalition(DatePoll.coalition_id),
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
            Occasion.named_by("date_poll", "poll_id", key, recipients, context) for key in keys
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
