"""The meeting page's reads (and its printable agenda and minutes): a few lean queries.

The page only reads, so it gets rows with just the columns its templates use and the names
joined in, not ORM objects with their relationships loaded. Everything comes in a fixed
number of queries, whatever the meeting holds:

1. the meeting with its host, facilitator, note-taker, last minutes editor and date poll
   (and, for a guest association, whether it is invited);
2. its agenda items with who proposed them;
3. the associations taking part (members, invited guests), the guest associations that
   could be invited, and who comes from each;
4. the open action items of earlier meetings, with this meeting's own action items;
5. its decisions (members only);
6. its guest speakers.

Each statement is built once, with bound parameters: building SQL expressions costs more
than running these small queries. Rows become plain namespaces: a template reads each
attribute of a SQLAlchemy Row several times, at several times the cost.
"""

from functools import cache, lru_cache
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import format_date, format_time, get_locale
from sqlalchemy.orm import aliased

from coordination.accounts.models import User
from coordination.coalitions.models import GUEST, MEMBER, Association, Membership
from coordination.db import read_rows
from coordination.meetings import operations
from coordination.meetings.models import (
    OPEN_ACTION,
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


def namespaces(rows) -> list[SimpleNamespace]:
    """Rows as namespaces with the same attribute names."""
    if not rows:
        return []
    fields = rows[0]._fields
    return [SimpleNamespace(**dict(zip(fields, row, strict=True))) for row in rows]


MEETING_ID = sa.bindparam("meeting_id", type_=sa.Integer)
COALITION_ID = sa.bindparam("coalition_id", type_=sa.Integer)


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
    columns = [
        Meeting.id,
        Meeting.coalition_id,
        Meeting.title,
        Meeting.starts_at,
        Meeting.duration_minutes,
        Meeting.place,
        Meeting.access_notes,
        Meeting.video_url,
        Meeting.status,
        Meeting.minutes,
        Meeting.minutes_updated_at,
        host.name.label("host_name"),
        facilitator.name.label("facilitator_name"),
        note_taker.name.label("note_taker_name"),
        editor.name.label("minutes_updated_by_name"),
        DatePoll.id.label("poll_id"),
        DatePoll.closed_at.label("poll_closed_at"),
        slots.label("poll_slots"),
    ]
    if for_guest:
        columns.append(
            sa.select(MeetingGuest.id)
            .where(
                MeetingGuest.meeting_id == Meeting.id,
                MeetingGuest.association_id == sa.bindparam("guest_id", type_=sa.Integer),
            )
            .exists()
            .label("invited")
        )
    return (
        sa.select(*columns)
        .outerjoin(host, host.id == Meeting.host_association_id)
        .outerjoin(facilitator, facilitator.id == Meeting.facilitator_id)
        .outerjoin(note_taker, note_taker.id == Meeting.note_taker_id)
        .outerjoin(editor, editor.id == Meeting.minutes_updated_by_id)
        .outerjoin(DatePoll, DatePoll.meeting_id == Meeting.id)
        .where(Meeting.id == MEETING_ID, Meeting.coalition_id == COALITION_ID)
    )


def meeting_row(coalition_id: int, meeting_id: int, guest_association_id: int | None = None):
    """The meeting as a read-only namespace (None if it is not in the coalition): its columns,
    host_name, facilitator_name, note_taker_name, minutes_updated_by_name, poll_id,
    poll_closed_at, poll_slots; with `guest_association_id`, also `invited` (whether that
    guest association is invited to it)."""
    params = {"meeting_id": meeting_id, "coalition_id": coalition_id}
    if guest_association_id is not None:
        params["guest_id"] = guest_association_id
    rows = namespaces(read_rows(_meeting_statement(guest_association_id is not None), params))
    return rows[0] if rows else None


def link_list(links: str) -> list[str]:
    return [line.strip() for line in (links or "").splitlines() if line.strip()]


@cache
def _agenda_statement():
    return (
        sa.select(
            AgendaItem.id,
            AgendaItem.title,
            AgendaItem.description,
            AgendaItem.topic,
            AgendaItem.duration_minutes,
            AgendaItem.links,
            AgendaItem.urgent,
            Association.name.label("proposer_name"),
            User.name.label("proposed_by_name"),
        )
        .join(Association, Association.id == AgendaItem.proposer_association_id)
        .outerjoin(User, User.id == AgendaItem.proposed_by_id)
        .where(AgendaItem.meeting_id == MEETING_ID)
        .order_by(AgendaItem.position, AgendaItem.id)
    )


def agenda(meeting_id: int) -> list[SimpleNamespace]:
    """The agenda in order: id, title, description, topic, duration_minutes, urgent,
    link_list, proposer_name, proposed_by_name (None without an account)."""
    items = namespaces(read_rows(_agenda_statement(), {"meeting_id": meeting_id}))
    for item in items:
        item.link_list = link_list(item.links)
    return items


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
            Association.id,
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
    associations still guests, by name: association_id, name, role), `invited` (every
    guest association invited, in the order of the invitations), `guest_choices` (guests
    not invited yet, by name) and `attendance` ({association_id: [who comes, by name]})."""
    rows = read_rows(_people_statement(), {"coalition_id": coalition_id, "meeting_id": meeting_id})
    participants, invited, guest_choices = [], [], []
    attendance: dict[int, list[str]] = {}
    last = None
    for association_id, name, role, guest_row, user_id, extra_name, user_name in rows:
        if association_id != last:
            last = association_id
            entry = SimpleNamespace(association_id=association_id, name=name, role=role)
            if role == MEMBER or (role is not None and guest_row is not None):
                participants.append(entry)
            if guest_row is not None:
                invited.append((guest_row, entry))
            elif role == GUEST:
                guest_choices.append(entry)
        if user_id is not None:
            attendance.setdefault(association_id, []).append(user_name)
        elif extra_name is not None:
            attendance.setdefault(association_id, []).append(extra_name)
    return {
        "participants": participants,
        "invited": [entry for _, entry in sorted(invited, key=lambda pair: pair[0])],
        "guest_choices": guest_choices,
        "attendance": attendance,
    }


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
            ActionItem.id,
            ActionItem.meeting_id,
            ActionItem.what,
            ActionItem.due_on,
            ActionItem.status,
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


def action_items(meeting, *, own: bool) -> tuple[list, list]:
    """(follow_up, actions) in one query. follow_up: the open action items of the
    coalition's earlier meetings (they come back on the agenda), the soonest due first;
    actions (only if `own`): this meeting's action items, in the order they were added.
    Rows: id, meeting_id, what, due_on, status, starts_at (of their meeting),
    association_name, assignee_name."""
    params = {"coalition_id": meeting.coalition_id, "meeting_id": meeting.id}
    if meeting.starts_at is not None:
        params["starts_at"] = meeting.starts_at
    rows = namespaces(read_rows(_actions_statement(meeting.starts_at is not None, own), params))
    follow_up = [r for r in rows if r.meeting_id != meeting.id]
    actions = sorted((r for r in rows if r.meeting_id == meeting.id), key=lambda r: r.id)
    return follow_up, actions


@cache
def _decisions_statement():
    return (
        sa.select(MeetingDecision.text)
        .where(MeetingDecision.meeting_id == MEETING_ID)
        .order_by(MeetingDecision.id)
    )


def decisions(meeting_id: int) -> list[str]:
    return [text for (text,) in read_rows(_decisions_statement(), {"meeting_id": meeting_id})]


@cache
def _speakers_statement():
    return (
        sa.select(
            GuestInvitation.id,
            GuestInvitation.organisation,
            GuestInvitation.person,
            GuestInvitation.role,
            GuestInvitation.topic,
            GuestInvitation.status,
            GuestInvitation.status_changed_at,
            AgendaItem.title.label("item_title"),
            User.name.label("delegate_name"),
        )
        .outerjoin(AgendaItem, AgendaItem.id == GuestInvitation.agenda_item_id)
        .outerjoin(User, User.id == GuestInvitation.delegate_id)
        .where(GuestInvitation.meeting_id == MEETING_ID)
        .order_by(GuestInvitation.id)
    )


def speakers(meeting_id: int):
    """Guest speakers: id, organisation, person, role, topic, status, status_changed_at,
    item_title (their agenda item's), delegate_name (the delegate in charge)."""
    return namespaces(read_rows(_speakers_statement(), {"meeting_id": meeting_id}))


class RowUrl:
    """url_for(endpoint, **values, key=n) for the rows of a table at the cost of one url_for
    (made on first use): from row to row only the id `key` changes."""

    MARKER = 918273645546372819

    def __init__(self, endpoint: str, key: str, **values):
        self._args = (endpoint, key, values)
        self._parts: tuple[str, str] | None = None

    def __call__(self, n: int) -> str:
        if self._parts is None:
            endpoint, key, values = self._args
            sample = url_for(endpoint, **values, **{key: self.MARKER})
            head, _, tail = sample.rpartition(str(self.MARKER))
            self._parts = (head, tail)
        return f"{self._parts[0]}{int(n)}{self._parts[1]}"


@lru_cache(maxsize=4096)
def _when(starts_at, locale: str, zone: str) -> str:
    # The key names everything the text depends on; format_date and format_time read the
    # same language and zone from the request.
    return f"{format_date(starts_at, 'full')}, {format_time(starts_at, 'short')}"


def when_text():
    """The text of the `when` macro (meetings/_macros.html) for a meeting's start, for the
    many dates of a table: the request's language is looked up once, and each text is
    memoised by date, language and time zone (so it is never stale)."""
    locale, zone = str(get_locale()), current_app.config["DISPLAY_TIMEZONE"]
    return lambda starts_at: _when(starts_at, locale, zone)


def add_meeting_links(follow_up, coalition_id: int) -> None:
    """Give each follow-up row the `url` and `when` (None if undated) of the meeting that
    decided it, for the page's table: worked out once per meeting, not per row in the
    template."""
    url = RowUrl("meetings.show", "meeting_id", coalition_id=coalition_id)
    when = when_text()
    meetings: dict[int, tuple] = {}
    for row in follow_up:
        decided = meetings.get(row.meeting_id)
        if decided is None:
            decided = meetings[row.meeting_id] = (
                url(row.meeting_id),
                when(row.starts_at) if row.starts_at else None,
            )
        row.url, row.when = decided


def context(coalition, meeting) -> dict:
    """Everything the meeting page and its printable agenda and minutes show; `meeting`
    comes from meeting_row()."""
    is_member = coalition.viewer_role == MEMBER
    items = agenda(meeting.id)
    follow_up, actions = action_items(meeting, own=is_member)
    poll = None
    if meeting.poll_id is not None:
        poll = SimpleNamespace(
            is_open=meeting.poll_closed_at is None, slot_count=meeting.poll_slots
        )
    return {
        "coalition": coalition,
        "meeting": meeting,
        "items": items,
        "planned_minutes": sum(i.duration_minutes for i in items),
        "follow_up": follow_up,
        **people(coalition.id, meeting.id),
        "decisions": decisions(meeting.id) if is_member else [],
        "actions": actions,
        "speakers": speakers(meeting.id),
        "poll": poll,
        "agenda_open": operations.agenda_open(meeting),
        "urgent_open": operations.urgent_open(meeting),
        "is_member": is_member,
    }
