"""The meetings' lines in the "À faire" list (coordination/web/todo.py): date polls the
delegate's association has not answered, attendance not given for the next meeting, the
delegate's action items coming due, guest speakers the delegate must contact.

Four queries, whatever the number of meetings (each statement built once, with bound
parameters, like reads.py)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _

from coordination.db import columns_of
from coordination.meetings.models import (
    OPEN_ACTION,
    PLANNED,
    TO_CONTACT,
    ActionItem,
    Attendance,
    DatePoll,
    GuestInvitation,
    Meeting,
    PollAnswer,
    PollSlot,
)
from coordination.meetings.reads import VISIBLE, rows_as, visibility
from coordination.timezone import local_today
from coordination.web.filters import local_date
from coordination.web.todo import Todo, register_todo_source

# Action items are listed from this many days before they are due (and while overdue).
ACTION_HORIZON_DAYS = 30


@dataclass(slots=True)
class MeetingLine:
    meeting_id: int
    coalition_id: int
    title: str | None
    starts_at: datetime | None
    due: datetime | None


@dataclass(slots=True)
class ActionLine:
    id: int
    coalition_id: int
    meeting_id: int
    what: str
    due_on: date


@dataclass(slots=True)
class SpeakerLine:
    id: int
    coalition_id: int
    organisation: str
    person: str
    starts_at: datetime | None


def _meeting_columns(due):
    """The columns of a MeetingLine, `due` being the line's deadline."""
    return (
        Meeting.id.label("meeting_id"),
        *columns_of(Meeting, "coalition_id title starts_at"),
        due.label("due"),
    )


_FIRST_SLOT = (
    sa.select(sa.func.min(PollSlot.starts_at))
    .where(PollSlot.poll_id == DatePoll.id)
    .correlate(DatePoll)
    .scalar_subquery()
)


@cache
def _polls_statement():
    """Open date polls of the member coalitions' planned meetings that the association
    has not answered at all; `due` is the poll's first proposed date."""
    answered = (
        sa.select(PollAnswer.id)
        .join(PollSlot, PollSlot.id == PollAnswer.slot_id)
        .where(
            PollSlot.poll_id == DatePoll.id,
            PollAnswer.association_id == sa.bindparam("viewer_association_id"),
        )
        .exists()
    )
    return (
        sa.select(*_meeting_columns(_FIRST_SLOT))
        .join(DatePoll, DatePoll.meeting_id == Meeting.id)
        .where(
            Meeting.coalition_id.in_(sa.bindparam("member_of", expanding=True)),
            Meeting.status == PLANNED,
            DatePoll.closed_at.is_(None),
            ~answered,
        )
        .order_by(Meeting.id)
    )


@cache
def _attendance_statement():
    """The planned, dated meetings still to come that the association may see and for
    which nobody of it is down as coming, soonest first (the caller keeps the next one of
    each coalition)."""
    given = (
        sa.select(Attendance.id)
        .where(
            Attendance.meeting_id == Meeting.id,
            Attendance.association_id == sa.bindparam("viewer_association_id"),
        )
        .exists()
    )
    earlier = sa.orm.aliased(Meeting)
    sooner = (  # a planned meeting of the same coalition comes before: not "the next"
        sa.select(earlier.id)
        .where(
            earlier.coalition_id == Meeting.coalition_id,
            earlier.status == PLANNED,
            earlier.starts_at >= sa.bindparam("now"),
            earlier.starts_at < Meeting.starts_at,
        )
        .exists()
    )
    return (
        sa.select(*_meeting_columns(Meeting.starts_at))
        .where(
            VISIBLE,
            Meeting.status == PLANNED,
            Meeting.starts_at >= sa.bindparam("now"),
            ~sooner,
            ~given,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )


@cache
def _actions_statement():
    """Open action items of the delegate (or of the association, nobody named) due
    before the horizon, overdue ones included."""
    return (
        sa.select(
            *columns_of(ActionItem, "id coalition_id meeting_id what due_on"),
        )
        .where(
            ActionItem.coalition_id.in_(sa.bindparam("coalition_ids", expanding=True)),
            ActionItem.status == OPEN_ACTION,
            sa.or_(
                ActionItem.assignee_id == sa.bindparam("user_id"),
                sa.and_(
                    ActionItem.assignee_id.is_(None),
                    ActionItem.association_id == sa.bindparam("viewer_association_id"),
                ),
            ),
            ActionItem.due_on <= sa.bindparam("horizon"),
        )
        .order_by(ActionItem.due_on, ActionItem.id)
    )


@cache
def _speakers_statement():
    """Guest speakers the delegate is to contact, for meetings not yet held."""
    return (
        sa.select(
            *columns_of(GuestInvitation, "id coalition_id organisation person"),
            Meeting.starts_at,
        )
        .join(Meeting, Meeting.id == GuestInvitation.meeting_id)
        .where(
            GuestInvitation.coalition_id.in_(sa.bindparam("coalition_ids", expanding=True)),
            GuestInvitation.delegate_id == sa.bindparam("user_id"),
            GuestInvitation.status == TO_CONTACT,
            Meeting.status == PLANNED,
        )
        .order_by(GuestInvitation.id)
    )


def _meeting_name(row) -> str:
    if row.title:
        return _("“%(title)s”", title=row.title)
    if row.starts_at is not None:
        return _("the meeting of %(date)s", date=local_date(row.starts_at))
    return _("the next meeting")


def _meeting_lines(stmt, params: dict, kind: str, endpoint: str, what, due_means: str):
    """One line per meeting row: `what` is a translated sentence with %(meeting)s."""
    for row in rows_as(MeetingLine, stmt, params):
        yield Todo(
            key=f"{kind}:{row.meeting_id}",
            what=what % {"meeting": _meeting_name(row)},
            due=row.due,
            endpoint=endpoint,
            values={"coalition_id": row.coalition_id, "meeting_id": row.meeting_id},
            due_means=due_means,
        )


def polls_to_answer(user, coalitions, now):
    return _meeting_lines(
        _polls_statement(),
        visibility(user.association_id),
        "poll",
        "meetings.poll",
        _("Give your association's dates for %(meeting)s"),
        "by",
    )


def attendance_to_give(user, coalitions, now):
    return _meeting_lines(
        _attendance_statement(),
        {**visibility(user.association_id), "now": now},
        "attendance",
        "meetings.attendance",
        _("Say who comes to %(meeting)s"),
        "on",
    )


def actions_coming_due(user, coalitions, now):
    params = {
        "coalition_ids": [c.id for c in coalitions] or [-1],
        "user_id": user.id,
        "viewer_association_id": user.association_id,
        "horizon": local_today() + timedelta(days=ACTION_HORIZON_DAYS),
    }
    for row in rows_as(ActionLine, _actions_statement(), params):
        yield Todo(
            key=f"action:{row.id}",
            what=_("Action item: %(what)s", what=row.what),
            due=row.due_on,
            endpoint="meetings.show",
            values={"coalition_id": row.coalition_id, "meeting_id": row.meeting_id},
            anchor="actions-h",
        )


def speakers_to_contact(user, coalitions, now):
    params = {"coalition_ids": [c.id for c in coalitions] or [-1], "user_id": user.id}
    for row in rows_as(SpeakerLine, _speakers_statement(), params):
        who = f"{row.person} ({row.organisation})" if row.person else row.organisation
        yield Todo(
            key=f"speaker:{row.id}",
            what=_("Contact the guest speaker %(who)s", who=who),
            due=row.starts_at,
            endpoint="meetings.speaker",
            values={"coalition_id": row.coalition_id, "invitation_id": row.id},
        )


def register() -> None:
    register_todo_source("meetings.polls", polls_to_answer, order=30)
    register_todo_source("meetings.attendance", attendance_to_give, order=31)
    register_todo_source("meetings.actions", actions_coming_due, order=32)
    register_todo_source("meetings.speakers", speakers_to_contact, order=33)
