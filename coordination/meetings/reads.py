"""The meetings feature's read layer: every pre-built statement of the feature, and the lean
readers of the meeting page (and its printable agenda and minutes), the home panel and the
calendar feed. Operations (meetings/operations/) write; this module only reads.

Built one way: each statement is made once, on first use (`@cache`), with bound parameters
(building SQL expressions costs more than running these small queries), and run on the
session's connection (coordination.db.read_rows). Rows come back as one shape, a slots
dataclass named after what it is (MeetingRow, AgendaRow…) built from the row's labels, not
from its positions: a template reads their attributes several times, which costs several
times more on a SQLAlchemy Row.

The meeting page reads everything in a fixed number of queries, whatever the meeting holds:

1. the meeting with its host, facilitator, note-taker, last minutes editor and date poll
   (and, for a guest association, whether it is invited);
2. its agenda items with who proposed them;
3. the associations taking part (members, invited guests), the guest associations that
   could be invited, and who comes from each;
4. the open action items of earlier meetings, with this meeting's own action items;
5. its decisions (members only);
6. its guest speakers.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from coordination.accounts.models import User
from coordination.coalitions.models import GUEST, MEMBER, Association, Membership
from coordination.coalitions.operations import roles_of
from coordination.db import columns_of, read_rows
from coordination.meetings.models import (
    OPEN_ACTION,
    PLANNED,
    ActionItem,
    AgendaItem,
    Attendance,
    DatePoll,
    GuestInvitation,
    Meeting,
    MeetingDecision,
    MeetingGuest,
    PollSlot,
)

MEETING_ID = sa.bindparam("meeting_id", type_=sa.Integer)
COALITION_ID = sa.bindparam("coalition_id", type_=sa.Integer)
PANEL_SIZE = 5


def rows_as(shape, stmt, params: dict | None = None) -> list:
    """Run `stmt` and give each row as `shape`, by the columns' labels (the shape's fields
    with a default are filled in later, e.g. AgendaRow.link_list)."""
    return [shape(**row._mapping) for row in read_rows(stmt, params)]


# --- who may see a meeting ----------------------------------------------------------------

# Who may see a meeting: its coalition's members; a guest association only the meetings
# it is invited to. A condition with parameters (see visibility()), built once.
VISIBLE = sa.or_(
    Meeting.coalition_id.in_(sa.bindparam("member_of", expanding=True)),
    sa.and_(
        Meeting.coalition_id.in_(sa.bindparam("guest_of", expanding=True)),
        sa.select(MeetingGuest.id)
        .where(
            MeetingGuest.meeting_id == Meeting.id,
            MeetingGuest.association_id == sa.bindparam("viewer_association_id"),
        )
        .exists(),
    ),
)


def visibility(association_id: int) -> dict:
    """The parameters of VISIBLE for this association."""
    roles = roles_of(association_id)
    return {
        "viewer_association_id": association_id,
        "member_of": [cid for cid, role in roles.items() if role == MEMBER] or [-1],
        "guest_of": [cid for cid, role in roles.items() if role == GUEST] or [-1],
    }


def meetings_for_association(association_id: int, *, since: datetime | None = None):
    """Meetings the association may see, in every coalition it takes part in (a statement
    of ORM meetings, for the calendar feed)."""
    stmt = sa.select(Meeting).where(VISIBLE, Meeting.starts_at.is_not(None))
    if since is not None:
        stmt = stmt.where(Meeting.starts_at >= since)
    return stmt.params(**visibility(association_id))


# --- the home panel -----------------------------------------------------------------------


@dataclass(slots=True)
class NextMeeting:
    id: int
    coalition_id: int
    title: str | None
    starts_at: datetime
    host_name: str | None


@cache
def _next_meetings_statement():
    return (
        sa.select(
            *columns_of(Meeting, "id coalition_id title starts_at"),
            Association.name.label("host_name"),
        )
        .outerjoin(Association, Association.id == Meeting.host_association_id)
        .where(VISIBLE, Meeting.starts_at >= sa.bindparam("now"), Meeting.status == PLANNED)
        .order_by(Meeting.starts_at)
        .limit(PANEL_SIZE)
    )


def next_meetings(association_id: int, now: datetime) -> list[NextMeeting]:
    """The next planned meetings this association may see, soonest first (at most five)."""
    return rows_as(
        NextMeeting, _next_meetings_statement(), {**visibility(association_id), "now": now}
    )


# --- the meeting page: the meeting --------------------------------------------------------


@dataclass(slots=True)
class MeetingRow:
    """The meeting as the page shows it. `invited` is None unless read for a guest."""

    id: int
    coalition_id: int
    title: str | None
    starts_at: datetime | None
    duration_minutes: int | None
    place: str | None
    access_notes: str | None
    video_url: str | None
    status: str
    minutes: str | None
    minutes_updated_at: datetime | None
    host_name: str | None
    facilitator_id: int | None
    facilitator_name: str | None
    note_taker_name: str | None
    minutes_updated_by_name: str | None
    poll_id: int | None
    poll_closed_at: datetime | None
    poll_slots: int
    invited: bool | None = None


@cache
def _meeting_statement(for_guest: bool):
    host = aliased(Association, name="host")
    facilitator = aliased(User, name="facilitator")
    note_taker = aliased(User, name="note_taker")
    editor = aliased(User, name="editor")
    slots = (
        sa.select(sa.func.count(PollSlot.id))
        .where(PollSlot.poll_id == DatePoll.id)
        .scalar_subquery()
    )
    invited = sa.null()
    if for_guest:
        invited = (
            sa.select(MeetingGuest.id)
            .where(
                MeetingGuest.meeting_id == Meeting.id,
                MeetingGuest.association_id == sa.bindparam("guest_id", type_=sa.Integer),
            )
            .exists()
        )
    return (
        sa.select(
            *columns_of(
                Meeting,
                "id coalition_id title starts_at duration_minutes place access_notes video_url"
                " status minutes minutes_updated_at",
            ),
            host.name.label("host_name"),
            Meeting.facilitator_id,
            facilitator.name.label("facilitator_name"),
            note_taker.name.label("note_taker_name"),
            editor.name.label("minutes_updated_by_name"),
            DatePoll.id.label("poll_id"),
            DatePoll.closed_at.label("poll_closed_at"),
            slots.label("poll_slots"),
            invited.label("invited"),
        )
        .outerjoin(host, host.id == Meeting.host_association_id)
        .outerjoin(facilitator, facilitator.id == Meeting.facilitator_id)
        .outerjoin(note_taker, note_taker.id == Meeting.note_taker_id)
        .outerjoin(editor, editor.id == Meeting.minutes_updated_by_id)
        .outerjoin(DatePoll, DatePoll.meeting_id == Meeting.id)
        .where(Meeting.id == MEETING_ID, Meeting.coalition_id == COALITION_ID)
    )


def meeting_row(
    coalition_id: int, meeting_id: int, guest_association_id: int | None = None
) -> MeetingRow | None:
    """The meeting (None if it is not in the coalition); with `guest_association_id`, its
    `invited` tells whether that guest association is invited to it."""
    params = {"meeting_id": meeting_id, "coalition_id": coalition_id}
    if guest_association_id is not None:
        params["guest_id"] = guest_association_id
    rows = rows_as(MeetingRow, _meeting_statement(guest_association_id is not None), params)
    return rows[0] if rows else None


# --- the agenda ---------------------------------------------------------------------------


def link_list(links: str) -> list[str]:
    return [line.strip() for line in (links or "").splitlines() if line.strip()]


@dataclass(slots=True)
class AgendaRow:
    id: int
    title: str
    description: str | None
    topic: str | None
    duration_minutes: int
    links: str | None
    urgent: bool
    proposer_name: str
    proposed_by_id: int | None
    proposed_by_name: str | None  # None without an account
    link_list: list[str] | None = None


@cache
def _agenda_statement():
    return (
        sa.select(
            *columns_of(AgendaItem, "id title description topic duration_minutes links urgent"),
            Association.name.label("proposer_name"),
            AgendaItem.proposed_by_id,
            User.name.label("proposed_by_name"),
        )
        .join(Association, Association.id == AgendaItem.proposer_association_id)
        .outerjoin(User, User.id == AgendaItem.proposed_by_id)
        .where(AgendaItem.meeting_id == MEETING_ID)
        .order_by(AgendaItem.position, AgendaItem.id)
    )


def agenda(meeting_id: int) -> list[AgendaRow]:
    """The agenda in order, each item with its `link_list`."""
    items = rows_as(AgendaRow, _agenda_statement(), {"meeting_id": meeting_id})
    for item in items:
        item.link_list = link_list(item.links)
    return items


# --- who takes part -----------------------------------------------------------------------


@dataclass(slots=True)
class Participant:
    association_id: int
    name: str
    role: str | None  # None: invited once, no longer a guest of the coalition


@dataclass(slots=True)
class _PeopleRow:
    association_id: int
    name: str
    role: str | None
    guest_row: int | None
    user_id: int | None
    extra_name: str | None
    user_name: str | None


@cache
def _people_statement():
    associations = sa.union(
        sa.select(Membership.association_id).where(
            Membership.coalition_id == COALITION_ID, Membership.is_current
        ),
        sa.select(MeetingGuest.association_id).where(MeetingGuest.meeting_id == MEETING_ID),
    )
    return (
        sa.select(
            Association.id.label("association_id"),
            Association.name,
            Membership.role,
            MeetingGuest.id.label("guest_row"),
            Attendance.user_id,
            Attendance.extra_name,
            User.name.label("user_name"),
        )
        .select_from(Association)
        .outerjoin(
            Membership,
            sa.and_(
                Membership.association_id == Association.id,
                Membership.coalition_id == COALITION_ID,
                Membership.is_current,
            ),
        )
        .outerjoin(
            MeetingGuest,
            sa.and_(
                MeetingGuest.association_id == Association.id,
                MeetingGuest.meeting_id == MEETING_ID,
            ),
        )
        .outerjoin(
            Attendance,
            sa.and_(
                Attendance.meeting_id == MEETING_ID, Attendance.association_id == Association.id
            ),
        )
        .outerjoin(User, User.id == Attendance.user_id)
        .where(Association.id.in_(associations))
        .order_by(Association.name, Association.id, Attendance.id)
    )


def people(coalition_id: int, meeting_id: int) -> dict:
    """Who takes part, in one query: `participants` (active members and the invited guest
    associations still guests, by name), `invited` (every guest association invited, in
    the order of the invitations), `guest_choices` (guests not invited yet, by name) and
    `attendance` ({association_id: [who comes, by name]})."""
    rows = rows_as(
        _PeopleRow, _people_statement(), {"coalition_id": coalition_id, "meeting_id": meeting_id}
    )
    participants, invited, guest_choices = [], [], []
    attendance: dict[int, list[str]] = {}
    last = None
    for row in rows:
        if row.association_id != last:
            last = row.association_id
            entry = Participant(row.association_id, row.name, row.role)
            if row.role == MEMBER or (row.role is not None and row.guest_row is not None):
                participants.append(entry)
            if row.guest_row is not None:
                invited.append((row.guest_row, entry))
            elif row.role == GUEST:
                guest_choices.append(entry)
        if row.user_id is not None:
            attendance.setdefault(row.association_id, []).append(row.user_name)
        elif row.extra_name is not None:
            attendance.setdefault(row.association_id, []).append(row.extra_name)
    return {
        "participants": participants,
        "invited": [entry for _, entry in sorted(invited, key=lambda pair: pair[0])],
        "guest_choices": guest_choices,
        "attendance": attendance,
    }


# --- action items -------------------------------------------------------------------------


@dataclass(slots=True)
class ActionRow:
    id: int
    meeting_id: int
    what: str
    due_on: date | None
    status: str
    starts_at: datetime | None  # of the meeting that decided it
    association_name: str
    assignee_name: str | None
    url: str | None = None  # set by page.add_meeting_links for the follow-up table
    when: str | None = None


@cache
def _actions_statement(dated: bool, own: bool):
    earlier = Meeting.id != MEETING_ID
    if dated:
        earlier = sa.and_(
            earlier, Meeting.starts_at < sa.bindparam("starts_at", type_=Meeting.starts_at.type)
        )
    wanted = sa.and_(
        ActionItem.coalition_id == COALITION_ID, ActionItem.status == OPEN_ACTION, earlier
    )
    if own:
        wanted = sa.or_(ActionItem.meeting_id == MEETING_ID, wanted)
    return (
        sa.select(
            *columns_of(ActionItem, "id meeting_id what due_on status"),
            Meeting.starts_at,
            Association.name.label("association_name"),
            User.name.label("assignee_name"),
        )
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .join(Association, Association.id == ActionItem.association_id)
        .outerjoin(User, User.id == ActionItem.assignee_id)
        .where(wanted)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    )


def action_items(meeting, *, own: bool) -> tuple[list[ActionRow], list[ActionRow]]:
    """(follow_up, actions) in one query. follow_up: the open action items of the
    coalition's earlier meetings (they come back on the agenda), the soonest due first,
    undated last; actions (only if `own`): this meeting's action items, in the order they
    were added."""
    params = {"coalition_id": meeting.coalition_id, "meeting_id": meeting.id}
    if meeting.starts_at is not None:
        params["starts_at"] = meeting.starts_at
    rows = rows_as(ActionRow, _actions_statement(meeting.starts_at is not None, own), params)
    follow_up = [r for r in rows if r.meeting_id != meeting.id]
    actions = sorted((r for r in rows if r.meeting_id == meeting.id), key=lambda r: r.id)
    return follow_up, actions


# --- decisions and speakers ---------------------------------------------------------------


@cache
def _decisions_statement():
    return (
        sa.select(MeetingDecision.text)
        .where(MeetingDecision.meeting_id == MEETING_ID)
        .order_by(MeetingDecision.id)
    )


def decisions(meeting_id: int) -> list[str]:
    """The texts of the meeting's decisions, in the order they were recorded."""
    return [row.text for row in read_rows(_decisions_statement(), {"meeting_id": meeting_id})]


@dataclass(slots=True)
class SpeakerRow:
    id: int
    organisation: str
    person: str | None
    role: str | None
    topic: str | None
    status: str
    status_changed_at: datetime
    item_title: str | None  # their agenda item's
    delegate_name: str | None  # the delegate in charge


@cache
def _speakers_statement():
    return (
        sa.select(
            *columns_of(
                GuestInvitation, "id organisation person role topic status status_changed_at"
            ),
            AgendaItem.title.label("item_title"),
            User.name.label("delegate_name"),
        )
        .outerjoin(AgendaItem, AgendaItem.id == GuestInvitation.agenda_item_id)
        .outerjoin(User, User.id == GuestInvitation.delegate_id)
        .where(GuestInvitation.meeting_id == MEETING_ID)
        .order_by(GuestInvitation.id)
    )


def speakers(meeting_id: int) -> list[SpeakerRow]:
    """The meeting's guest speakers, in the order they were added."""
    return rows_as(SpeakerRow, _speakers_statement(), {"meeting_id": meeting_id})
