"""Planning meetings: the next regular meeting at the coalition's cadence, the rotation's
proposal of host / facilitator / note-taker (inputs for the pure rules in
meetings/rotation.py), swaps, and planning, editing and changing the status of a meeting.
Date polls live in meetings/polls.py."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions.memberships import member_ids
from coordination.coalitions.models import MEMBER, Association, Coalition, Membership
from coordination.db import columns_of
from coordination.extensions import db
from coordination.meetings import rotation
from coordination.meetings.models import (
    CANCELLED,
    FACILITATOR,
    HELD,
    HOST,
    MEETING_STATUSES,
    NOTE_TAKER,
    PLANNED,
    Meeting,
    RotationSwap,
)
from coordination.meetings.operations.common import MeetingError, log_change
from coordination.meetings.operations.participants import delegates_of
from coordination.timezone import add_months, local_text, local_today, to_local, to_utc

# --- time -------------------------------------------------------------------------------


def next_regular(coalition: Coalition, after: datetime) -> datetime:
    """The next regular meeting: `cadence_months` later, at the same wall-clock time."""
    local = to_local(after)
    day = add_months(local.date(), coalition.cadence_months)
    return to_utc(datetime.combine(day, local.time()))


def upcoming_and_past(meetings, now: datetime) -> tuple[list, list]:
    """(upcoming, past) of a coalition's meetings: upcoming are the planned ones not started
    yet (or still undated), soonest first and undated last; past is the rest, in the order
    given."""
    upcoming = [
        m for m in meetings if m.status == PLANNED and (m.starts_at is None or m.starts_at >= now)
    ]
    upcoming.sort(key=lambda m: (m.starts_at is None, m.starts_at or now))
    past = [m for m in meetings if m not in upcoming]
    return upcoming, past


def next_meeting_suggestion(coalition: Coalition, upcoming, past):
    """(last held meeting, start of the next regular one) to suggest planning, or None: only
    when no upcoming meeting waits for its date and none is planned after the last meeting
    held. `past` is the most recent first (as upcoming_and_past gives it from a list
    ordered by start, latest first)."""
    if any(m.starts_at is None for m in upcoming):
        return None
    last_held = next((m for m in past if m.status == HELD and m.starts_at), None)
    if last_held is None or any(
        m.starts_at and m.starts_at > last_held.starts_at for m in upcoming
    ):
        return None
    return last_held, next_regular(coalition, last_held.starts_at)


def rotation_target(coalition: Coalition, history, now: datetime):
    """(meeting, when) the rotation page proposes roles for: the first upcoming meeting
    with no host yet; else (None, the regular meeting after the latest one known); else
    (None, now). `history`: the coalition's dated, not cancelled meetings, latest first."""
    target = next(
        (m for m in reversed(history) if m.starts_at >= now and m.host_association_id is None),
        None,
    )
    if target is not None:
        return target, target.starts_at
    if history:
        return None, next_regular(coalition, history[0].starts_at)
    return None, now


# --- rotation ---------------------------------------------------------------------------


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
            *columns_of(Meeting, "starts_at host_association_id facilitator_id note_taker_id id"),
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
                User.id.in_(
                    ({r.facilitator_id for r in rows} | {r.note_taker_id for r in rows}) - {None}
                )
            )
        ).all()
    )
    for row in rows:
        day = to_local(row.starts_at).date()
        who = {
            HOST: row.host_association_id,
            FACILITATOR: user_assoc.get(row.facilitator_id),
            NOTE_TAKER: user_assoc.get(row.note_taker_id),
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
        recorded_on=on or local_today(),
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
