"""Meeting changes and the queries behind the pages. Functions flush; callers commit.

Who may do what (no association leads the others):
- any delegate of a member association plans meetings, edits them, records swaps,
  writes the minutes (the note-taker by default), adds decisions and action items and
  orders the agenda (the facilitator usually does it, but the facilitator may have no
  account or be absent: every member may move an item, and every change is visible);
- delegates of invited guest associations see their meetings, propose agenda items and
  say who comes.
"""

import hashlib
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions import transparency
from coordination.coalitions.memberships import member_ids
from coordination.coalitions.models import GUEST, MEMBER, Association, Coalition, Membership
from coordination.coalitions.operations import roles_of
from coordination.db import utcnow
from coordination.errors import Refused
from coordination.extensions import db
from coordination.meetings import rotation, search_sources
from coordination.meetings.access import guest_ids
from coordination.meetings.models import (
    ACTION_STATUSES,
    CAME,
    CANCELLED,
    CONFIRMED,
    DECLINED,
    FACILITATOR,
    GUEST_CANCELLED,
    HELD,
    HOST,
    INVITED,
    MEETING_STATUSES,
    NOTE_TAKER,
    OPEN_ACTION,
    PLANNED,
    TO_CONTACT,
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    GuestInvitation,
    GuestStatusChange,
    Meeting,
    MeetingDecision,
    MeetingGuest,
    RotationSwap,
)
from coordination.timezone import add_months, local_text, to_local, to_utc


def log_change(coalition_id: int, action: str, summary: str, **kwargs):
    """A transparency log entry, flushed like every other change here."""
    entry = transparency.record(coalition_id, action, summary, **kwargs)
    db.session.flush()
    return entry


class MeetingError(Refused):
    """A refused change, with a message for the user."""


class MinutesConflict(MeetingError):
    def __init__(self, current: Meeting):
        super().__init__(
            _l("Someone saved the minutes while you were writing. Your text is kept below.")
        )
        self.current = current


# --- time -------------------------------------------------------------------------------


def next_regular(coalition: Coalition, after: datetime) -> datetime:
    """The next regular meeting: `cadence_months` later, at the same wall-clock time."""
    local = to_local(after)
    day = add_months(local.date(), coalition.cadence_months)
    return to_utc(datetime.combine(day, local.time()))


# --- who takes part ---------------------------------------------------------------------


def participating_ids(meeting: Meeting) -> set[int]:
    return member_ids(meeting.coalition_id) | guest_ids(meeting)


def delegates_of(association_ids) -> list[User]:
    if not association_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.association_id.in_(association_ids), User.active.is_(True))
            .order_by(User.name)
        )
    )


# --- rotation ---------------------------------------------------------------------------


def _meeting_day(meeting: Meeting) -> date:
    return to_local(meeting.starts_at).date() if meeting.starts_at else date.max


def rotation_inputs(coalition_id: int, role: str, exclude_meeting_id: int | None = None):
    """(turns, candidates, swaps) for the pure rotation function."""
    memberships = db.session.scalars(
        sa.select(Membership).where(
            Membership.coalition_id == coalition_id, Membership.role == MEMBER
        )
    ).all()
    candidates = [
        rotation.Candidate(
            m.association_id,
            m.association.name,
            able=m.association.can_host if role == HOST else True,
            since=m.since,
            left_on=m.left_on,
        )
        for m in memberships
    ]
    turns = []
    rows = db.session.execute(
        sa.select(
            Meeting.starts_at,
            Meeting.host_association_id,
            Meeting.facilitator_id,
            Meeting.note_taker_id,
            Meeting.id,
        ).where(
            Meeting.coalition_id == coalition_id,
            Meeting.status != CANCELLED,
            Meeting.starts_at.is_not(None),
            Meeting.id != (exclude_meeting_id or -1),
        )
    ).all()
    user_assoc = dict(
        db.session.execute(
            sa.select(User.id, User.association_id).where(
                User.id.in_(({r[2] for r in rows} | {r[3] for r in rows}) - {None})
            )
        ).all()
    )
    for starts_at, host_id, facilitator_id, note_taker_id, _id in rows:
        day = to_local(starts_at).date()
        who = {
            HOST: host_id,
            FACILITATOR: user_assoc.get(facilitator_id),
            NOTE_TAKER: user_assoc.get(note_taker_id),
        }[role]
        if who is not None:
            turns.append(rotation.Turn(who, day))
    swaps = [
        rotation.Swap(s.gave_id, s.took_id, s.recorded_on)
        for s in db.session.scalars(
            sa.select(RotationSwap).where(
                RotationSwap.coalition_id == coalition_id, RotationSwap.role == role
            )
        )
    ]
    return turns, candidates, swaps


def _person_turns(coalition_id: int, column) -> list[tuple[int, date]]:
    rows = db.session.execute(
        sa.select(column, Meeting.starts_at).where(
            Meeting.coalition_id == coalition_id,
            Meeting.status != CANCELLED,
            column.is_not(None),
            Meeting.starts_at.is_not(None),
        )
    ).all()
    return [(pid, to_local(at).date()) for pid, at in rows]


def propose_roles(coalition: Coalition, on: date, exclude_meeting_id: int | None = None) -> dict:
    """Host, facilitator and note-taker proposals for a meeting on `on`."""
    host = rotation.propose(
        *rotation_inputs(coalition.id, HOST, exclude_meeting_id), on=on, role=HOST
    )
    facilitator = rotation.propose(
        *rotation_inputs(coalition.id, FACILITATOR, exclude_meeting_id), on=on, role=FACILITATOR
    )
    note_taker = rotation.propose(
        *rotation_inputs(coalition.id, NOTE_TAKER, exclude_meeting_id),
        on=on,
        role=NOTE_TAKER,
        avoid=[facilitator.choice] if facilitator.choice else [],
    )
    people = delegates_of([p.choice for p in (facilitator, note_taker) if p.choice is not None])

    def person(proposal, column):
        mine = [(u.id, u.name) for u in people if u.association_id == proposal.choice]
        return rotation.pick_person(mine, _person_turns(coalition.id, column))

    return {
        HOST: host,
        FACILITATOR: facilitator,
        NOTE_TAKER: note_taker,
        "facilitator_id": person(facilitator, Meeting.facilitator_id),
        "note_taker_id": person(note_taker, Meeting.note_taker_id),
    }


def record_swap(
    coalition: Coalition,
    by,
    *,
    gave_id: int,
    took_id: int,
    role: str = HOST,
    note: str = "",
    on: date | None = None,
) -> RotationSwap:
    if gave_id == took_id:
        raise MeetingError(_l("Choose two different associations."))
    members = member_ids(coalition.id)
    if gave_id not in members or took_id not in members:
        raise MeetingError(_l("Both associations must be members of the coalition."))
    if role == HOST and not db.session.get(Association, took_id).can_host:
        raise MeetingError(_l("This association has declared it cannot host."))
    swap = RotationSwap(
        coalition_id=coalition.id,
        role=role,
        gave_id=gave_id,
        took_id=took_id,
        recorded_on=on or to_local(utcnow()).date(),
        note=note.strip(),
        recorded_by_id=by.id,
    )
    db.session.add(swap)
    db.session.flush()
    names = dict(
        db.session.execute(
            sa.select(Association.id, Association.name).where(
                Association.id.in_([gave_id, took_id])
            )
        ).all()
    )
    log_change(
        coalition.id,
        "meeting.swap_recorded",
        f"{names[took_id]} ← {names[gave_id]} ({role}){' — ' + swap.note if swap.note else ''}",
        user=by,
        obj=swap,
    )
    return swap


# --- meetings ---------------------------------------------------------------------------

MEETING_FIELDS = (
    "title",
    "starts_at",
    "duration_minutes",
    "place",
    "access_notes",
    "video_url",
    "host_association_id",
    "facilitator_id",
    "note_taker_id",
)


def default_place(association: Association | None) -> str:
    if association is None:
        return ""
    return "\n".join(p for p in (association.venue_name, association.address) if p)


def _check_people(coalition_id: int, fields: dict) -> None:
    members = member_ids(coalition_id)
    host = fields.get("host_association_id")
    if host is not None and host not in members:
        raise MeetingError(_l("The host must be a member association."))
    for key in ("facilitator_id", "note_taker_id"):
        uid = fields.get(key)
        if uid is not None:
            user = db.session.get(User, uid)
            if user is None or user.association_id not in members:
                raise MeetingError(_l("Choose a delegate of a member association."))


def plan_meeting(coalition: Coalition, by, **fields) -> Meeting:
    fields = {k: v for k, v in fields.items() if k in MEETING_FIELDS}
    _check_people(coalition.id, fields)
    if not (fields.get("place") or "").strip() and fields.get("host_association_id"):
        host = db.session.get(Association, fields["host_association_id"])
        fields["place"] = default_place(host)
        fields.setdefault("access_notes", host.access_notes)
    meeting = Meeting(coalition_id=coalition.id, created_by_id=by.id, **fields)
    db.session.add(meeting)
    db.session.flush()
    log_change(
        coalition.id,
        "meeting.planned",
        f"{meeting.title or ''} {local_text(meeting.starts_at)}".strip(),
        user=by,
        obj=meeting,
    )
    return meeting


def update_meeting(meeting: Meeting, by, **fields) -> Meeting:
    fields = {k: v for k, v in fields.items() if k in MEETING_FIELDS}
    _check_people(meeting.coalition_id, fields)
    changed = [k for k, v in fields.items() if getattr(meeting, k) != v]
    for key in changed:
        setattr(meeting, key, fields[key])
    if not (meeting.place or "").strip() and meeting.host_association_id:
        meeting.place = default_place(db.session.get(Association, meeting.host_association_id))
    db.session.flush()
    if changed:
        log_change(
            meeting.coalition_id,
            "meeting.updated",
            f"{local_text(meeting.starts_at)}: {', '.join(changed)}",
            user=by,
            obj=meeting,
        )
    return meeting


def set_status(meeting: Meeting, status: str, by) -> Meeting:
    if status not in MEETING_STATUSES:
        raise MeetingError(_l("Unknown status."))
    if status == HELD and meeting.starts_at is None:
        raise MeetingError(_l("Set the meeting's date before marking it as held."))
    if status == meeting.status:
        return meeting
    meeting.status = status
    db.session.flush()
    action = {PLANNED: "meeting.replanned", HELD: "meeting.held", CANCELLED: "meeting.cancelled"}
    log_change(
        meeting.coalition_id, action[status], local_text(meeting.starts_at), user=by, obj=meeting
    )
    return meeting


def invite_guest_association(meeting: Meeting, association_id: int, by) -> MeetingGuest:
    guests = set(
        db.session.scalars(
            sa.select(Membership.association_id).where(
                Membership.coalition_id == meeting.coalition_id,
                Membership.role == GUEST,
                Membership.is_current,
            )
        )
    )
    if association_id not in guests:
        raise MeetingError(_l("Only guest associations of the coalition can be invited."))
    existing = db.session.scalars(
        sa.select(MeetingGuest).where(
            MeetingGuest.meeting_id == meeting.id, MeetingGuest.association_id == association_id
        )
    ).first()
    if existing:
        return existing
    row = MeetingGuest(
        coalition_id=meeting.coalition_id, meeting_id=meeting.id, association_id=association_id
    )
    db.session.add(row)
    db.session.flush()
    name = db.session.get(Association, association_id).name
    log_change(
        meeting.coalition_id,
        "meeting.guest_association_invited",
        f"{name} — {local_text(meeting.starts_at)}",
        user=by,
        obj=meeting,
    )
    return row


def uninvite_guest_association(meeting: Meeting, association_id: int, by) -> None:
    row = db.session.scalars(
        sa.select(MeetingGuest).where(
            MeetingGuest.meeting_id == meeting.id, MeetingGuest.association_id == association_id
        )
    ).first()
    if row is None:
        return
    name = row.association.name
    db.session.delete(row)
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.guest_association_uninvited",
        f"{name} — {local_text(meeting.starts_at)}",
        user=by,
        obj=meeting,
    )


# --- agenda -----------------------------------------------------------------------------


def agenda_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """Ordinary items may be proposed until the meeting starts."""
    now = now or utcnow()
    return meeting.status == PLANNED and (meeting.starts_at is None or now < meeting.starts_at)


def urgent_open(meeting: Meeting) -> bool:
    """Urgent items may be added at any time while the meeting is not over, even that day."""
    return meeting.status == PLANNED


def agenda_items(meeting_id: int) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .options(
                sa.orm.joinedload(AgendaItem.proposer_association),
                sa.orm.joinedload(AgendaItem.proposed_by),
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def lock_meeting(meeting_id: int) -> None:
    """Writers of one meeting's agenda or attendance wait for each other (PostgreSQL: row
    lock until commit; SQLite writers are serial already). Without it two requests read
    the same last position, or each delete-then-insert the same attendance rows."""
    db.session.execute(sa.select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())


def propose_item(
    meeting: Meeting,
    by,
    *,
    title: str,
    description: str = "",
    topic: str = "",
    duration_minutes: int = 15,
    links: str = "",
    urgent: bool = False,
    proposer_association_id: int | None = None,
    now: datetime | None = None,
) -> AgendaItem:
    proposer = proposer_association_id or by.association_id
    participants = participating_ids(meeting)
    if by.association_id not in participants:
        raise MeetingError(_l("Your association does not take part in this meeting."))
    if proposer not in participants:
        raise MeetingError(_l("The proposing association must take part in the meeting."))
    if urgent:
        if not urgent_open(meeting):
            raise MeetingError(_l("This meeting is over: its agenda is closed."))
    elif not agenda_open(meeting, now):
        raise MeetingError(
            _l("The meeting has started: only urgent items can still be added.")
            if meeting.is_planned
            else _l("This meeting is over: its agenda is closed.")
        )
    lock_meeting(meeting.id)
    last = db.session.scalar(
        sa.select(sa.func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    )
    item = AgendaItem(
        coalition_id=meeting.coalition_id,
        meeting_id=meeting.id,
        title=title.strip(),
        description=description.strip(),
        topic=topic.strip(),
        duration_minutes=duration_minutes,
        links="\n".join(line.strip() for line in links.splitlines() if line.strip()),
        urgent=urgent,
        position=(last or 0) + 1,
        proposer_association_id=proposer,
        proposed_by_id=by.id,
    )
    db.session.add(item)
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.urgent_item_added" if urgent else "meeting.item_proposed",
        f"{item.title} — {local_text(meeting.starts_at)}",
        user=by,
        obj=item,
    )
    return item


def move_item(item: AgendaItem, direction: str, by) -> bool:
    """Swap the item with its neighbour above ("up") or below ("down")."""
    lock_meeting(item.meeting_id)
    items = agenda_items(item.meeting_id)
    for position, each in enumerate(items, start=1):
        each.position = position  # normalise any gaps first
    index = next(i for i, each in enumerate(items) if each.id == item.id)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        db.session.flush()
        return False
    a, b = items[index], items[other]
    a.position, b.position = b.position, a.position
    db.session.flush()
    return True


def follow_up_items(meeting: Meeting) -> list[ActionItem]:
    """Open action items of the coalition's earlier meetings: they come back on the agenda."""
    earlier = Meeting.id != meeting.id
    if meeting.starts_at is not None:
        earlier = sa.and_(earlier, Meeting.starts_at < meeting.starts_at)
    return list(
        db.session.scalars(
            sa.select(ActionItem)
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .where(
                ActionItem.coalition_id == meeting.coalition_id,
                ActionItem.status == OPEN_ACTION,
                earlier,
            )
            .options(
                sa.orm.contains_eager(ActionItem.meeting),
                sa.orm.joinedload(ActionItem.association),
                sa.orm.joinedload(ActionItem.assignee),
            )
            .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
        )
    )


# --- attendance -------------------------------------------------------------------------


def attendance(meeting_id: int) -> list[Attendance]:
    return list(
        db.session.scalars(
            sa.select(Attendance)
            .where(Attendance.meeting_id == meeting_id)
            .options(sa.orm.joinedload(Attendance.user), sa.orm.joinedload(Attendance.association))
            .order_by(Attendance.association_id, Attendance.id)
        )
    )


def set_attendance(
    meeting: Meeting, by, *, user_ids: list[int], extra_names: list[str], quota: int
) -> list[Attendance]:
    """Replace who comes for `by`'s association, within the coalition's quota."""
    association_id = by.association_id
    if association_id not in participating_ids(meeting):
        raise MeetingError(_l("Your association does not take part in this meeting."))
    if meeting.status == CANCELLED:
        raise MeetingError(_l("This meeting is cancelled."))
    own = {u.id for u in delegates_of([association_id])}
    user_ids = list(dict.fromkeys(user_ids))
    if any(uid not in own for uid in user_ids):
        raise MeetingError(_l("Choose delegates of your own association."))
    extra_names = [n.strip()[:120] for n in extra_names if n.strip()]
    total = len(user_ids) + len(extra_names)
    if total > quota:
        raise MeetingError(
            _l(
                "Each association comes with at most %(quota)d people (the coalition's rule); "
                "you named %(count)d. Remove %(excess)d, or propose to change the rule.",
                quota=quota,
                count=total,
                excess=total - quota,
            )
        )
    lock_meeting(meeting.id)
    db.session.execute(
        sa.delete(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.association_id == association_id
        )
    )
    rows = [
        Attendance(
            coalition_id=meeting.coalition_id,
            meeting_id=meeting.id,
            association_id=association_id,
            user_id=uid,
        )
        for uid in user_ids
    ] + [
        Attendance(
            coalition_id=meeting.coalition_id,
            meeting_id=meeting.id,
            association_id=association_id,
            extra_name=name,
        )
        for name in extra_names
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


# --- minutes, decisions, action items ---------------------------------------------------


def save_minutes(meeting: Meeting, by, text: str, base_version: int) -> Meeting:
    """Save unless someone else saved since `base_version` (then MinutesConflict)."""
    if base_version != meeting.minutes_version:
        raise MinutesConflict(meeting)
    result = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.minutes_version == base_version)
        .values(
            minutes=text.strip(),
            minutes_version=base_version + 1,
            minutes_updated_at=utcnow(),
            minutes_updated_by_id=by.id,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(meeting)
        raise MinutesConflict(meeting)
    db.session.refresh(meeting)
    search_sources.reindex_minutes(db.session, meeting.id)  # the UPDATE bypassed the session
    log_change(
        meeting.coalition_id,
        "meeting.minutes_saved",
        local_text(meeting.starts_at),
        user=by,
        obj=meeting,
    )
    return meeting


def record_decision(meeting: Meeting, by, text: str) -> MeetingDecision:
    decision = MeetingDecision(
        coalition_id=meeting.coalition_id,
        meeting_id=meeting.id,
        text=text.strip(),
        recorded_by_id=by.id,
    )
    db.session.add(decision)
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.decision_recorded",
        decision.text[:300],
        user=by,
        obj=meeting,
    )
    return decision


def decisions_of(meeting_id: int) -> list[MeetingDecision]:
    return list(
        db.session.scalars(
            sa.select(MeetingDecision)
            .where(MeetingDecision.meeting_id == meeting_id)
            .order_by(MeetingDecision.id)
        )
    )


def add_action(
    meeting: Meeting,
    by,
    *,
    what: str,
    association_id: int,
    assignee_id: int | None = None,
    due_on: date | None = None,
) -> ActionItem:
    if association_id not in participating_ids(meeting):
        raise MeetingError(_l("The association in charge must take part in the meeting."))
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or assignee.association_id != association_id:
            raise MeetingError(_l("The delegate in charge must belong to that association."))
    item = ActionItem(
        coalition_id=meeting.coalition_id,
        meeting_id=meeting.id,
        what=what.strip(),
        association_id=association_id,
        assignee_id=assignee_id,
        due_on=due_on,
    )
    db.session.add(item)
    db.session.flush()
    log_change(meeting.coalition_id, "meeting.action_added", item.what[:300], user=by, obj=item)
    return item


def set_action_status(item: ActionItem, status: str, by) -> ActionItem:
    if status not in ACTION_STATUSES:
        raise MeetingError(_l("Unknown status."))
    if status == item.status:
        return item
    item.status = status
    item.closed_at = None if status == OPEN_ACTION else utcnow()
    db.session.flush()
    log_change(
        item.coalition_id,
        "meeting.action_status",
        f"{item.what[:200]} → {status}",
        user=by,
        obj=item,
    )
    return item


def actions_of_meeting(meeting_id: int) -> list[ActionItem]:
    return list(
        db.session.scalars(
            sa.select(ActionItem)
            .where(ActionItem.meeting_id == meeting_id)
            .options(
                sa.orm.joinedload(ActionItem.association), sa.orm.joinedload(ActionItem.assignee)
            )
            .order_by(ActionItem.id)
        )
    )


# --- guest speakers ---------------------------------------------------------------------

# Allowed changes of an invitation's status (anything else is refused).
TRANSITIONS = {
    TO_CONTACT: {INVITED, GUEST_CANCELLED},
    INVITED: {CONFIRMED, DECLINED, GUEST_CANCELLED},
    CONFIRMED: {CAME, GUEST_CANCELLED},
    DECLINED: {INVITED},
    CAME: set(),
    GUEST_CANCELLED: {TO_CONTACT},
}
GUEST_FIELDS = (
    "agenda_item_id",
    "organisation",
    "person",
    "role",
    "email",
    "phone",
    "postal_address",
    "topic",
    "delegate_id",
)


def _check_guest_fields(meeting: Meeting, fields: dict) -> None:
    item_id = fields.get("agenda_item_id")
    if item_id is not None:
        item = db.session.get(AgendaItem, item_id)
        if item is None or item.meeting_id != meeting.id:
            raise MeetingError(_l("Choose an item of this meeting's agenda."))
    delegate_id = fields.get("delegate_id")
    if delegate_id is not None:
        user = db.session.get(User, delegate_id)
        if user is None or user.association_id not in member_ids(meeting.coalition_id):
            raise MeetingError(_l("Choose a delegate of a member association."))


def invite_speaker(meeting: Meeting, by, **fields) -> GuestInvitation:
    fields = {k: v for k, v in fields.items() if k in GUEST_FIELDS}
    _check_guest_fields(meeting, fields)
    invitation = GuestInvitation(
        coalition_id=meeting.coalition_id, meeting_id=meeting.id, status=TO_CONTACT, **fields
    )
    db.session.add(invitation)
    db.session.flush()
    db.session.add(
        GuestStatusChange(
            coalition_id=meeting.coalition_id,
            invitation_id=invitation.id,
            status=TO_CONTACT,
            at=invitation.status_changed_at,
            by_id=by.id,
        )
    )
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.speaker_added",
        f"{invitation.organisation} — {invitation.topic}",
        user=by,
        obj=invitation,
    )
    return invitation


def update_speaker(invitation: GuestInvitation, by, **fields) -> GuestInvitation:
    fields = {k: v for k, v in fields.items() if k in GUEST_FIELDS}
    _check_guest_fields(db.session.get(Meeting, invitation.meeting_id), fields)
    for key, value in fields.items():
        setattr(invitation, key, value)
    db.session.flush()
    return invitation


def change_speaker_status(
    invitation: GuestInvitation, status: str, by, *, now: datetime | None = None
) -> GuestInvitation:
    if status not in TRANSITIONS.get(invitation.status, set()):
        raise MeetingError(_l("This change of status is not possible from the current status."))
    now = now or utcnow()
    invitation.status = status
    invitation.status_changed_at = now
    db.session.add(
        GuestStatusChange(
            coalition_id=invitation.coalition_id,
            invitation_id=invitation.id,
            status=status,
            at=now,
            by_id=by.id,
        )
    )
    db.session.flush()
    log_change(
        invitation.coalition_id,
        "meeting.speaker_status",
        f"{invitation.organisation} → {status}",
        user=by,
        obj=invitation,
    )
    return invitation


def speakers_of(meeting_id: int) -> list[GuestInvitation]:
    return list(
        db.session.scalars(
            sa.select(GuestInvitation)
            .where(GuestInvitation.meeting_id == meeting_id)
            .options(
                sa.orm.joinedload(GuestInvitation.delegate),
                sa.orm.joinedload(GuestInvitation.agenda_item),
            )
            .order_by(GuestInvitation.id)
        )
    )


# --- private calendar feeds -------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(user: User) -> str:
    """A new secret feed address for `user` (any earlier one stops working)."""
    token = secrets.token_urlsafe(32)
    feed = db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id)
    ).first()
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=_digest(token))
        db.session.add(feed)
    else:
        feed.token_hash = _digest(token)
        feed.created_at = utcnow()
        feed.last_used_at = None
    db.session.flush()
    return token


def revoke_feed(user: User) -> bool:
    result = db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    return result.rowcount > 0


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id)
    ).first()


def feed_user(token: str) -> User | None:
    """The active delegate behind a feed token, or None."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.token_hash == _digest(token))
    ).first()
    if feed is None or not feed.user.active or feed.user.withdrawn_at is not None:
        return None
    now = utcnow()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        feed.last_used_at = now
    return feed.user


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
    """Meetings the association may see, in every coalition it takes part in."""
    stmt = sa.select(Meeting).where(VISIBLE, Meeting.starts_at.is_not(None))
    if since is not None:
        stmt = stmt.where(Meeting.starts_at >= since)
    return stmt.params(**visibility(association_id))


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")
