"""Planning meetings: THE next meeting (`next_meeting`: its date at the coalition's
cadence, the rotation's host / facilitator / note-taker — inputs for the pure rules in
meetings/rotation.py — and the sentence explaining it; the planning form, the meetings
list and the rotation page all show it), swaps, and planning, editing and changing the
status of a meeting (marking it held is refused before it starts: `held_refusal`).
Date polls live in meetings/polls.py."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import format_date, gettext, ngettext
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions.memberships import member_ids
from coordination.coalitions.models import MEMBER, Association, Coalition, Membership
from coordination.db import columns_of, utcnow
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
from coordination.meetings.operations import minutes_history
from coordination.meetings.operations.common import MeetingError, add_logged, log_change
from coordination.meetings.operations.participants import delegates_of
from coordination.timezone import add_months, local_text, local_today, to_local, to_utc
from coordination.web.filters import day_and_time

# --- time -------------------------------------------------------------------------------


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


# --- the next meeting: the one proposal the form, the list and the rotation page show ---


@dataclass(frozen=True)
class DateReason:
    """Why the next meeting is proposed on its date, as data; str() says it in the reader's
    language (dates in words)."""

    code: str  # "first" | "after_held" | "after_planned" | "caught_up"
    months: int
    last: datetime | None = None

    def __str__(self) -> str:
        n, last = self.months, format_date(self.last, "long") if self.last else ""
        if self.code == "after_held":
            return ngettext(
                "The collective meets every month; its last meeting was held on %(last)s.",
                "The collective meets every %(num)d months; its last meeting was held on %(last)s.",
                n,
                last=last,
            )
        if self.code == "after_planned":
            return ngettext(
                "The collective meets every month; the latest meeting planned is on %(last)s.",
                "The collective meets every %(num)d months; the latest meeting planned is on "
                "%(last)s.",
                n,
                last=last,
            )
        if self.code == "caught_up":
            return ngettext(
                "The collective meets every month; its last meeting was on %(last)s, so the "
                "next regular date still to come is proposed.",
                "The collective meets every %(num)d months; its last meeting was on %(last)s, "
                "so the next regular date still to come is proposed.",
                n,
                last=last,
            )
        return gettext("No meeting yet: choose the date of the first one.")


@dataclass(frozen=True)
class NextMeeting:
    """The next regular meeting to plan: its start (UTC; None when the collective has no
    dated meeting yet), why, the meeting it follows, and the rotation's roles for it (the
    dict of propose_roles, with the proposed people's names)."""

    starts_at: datetime | None
    reason: DateReason
    after_id: int | None
    duration_minutes: int | None
    roles: dict
    people: dict[int, str]

    @property
    def host_id(self) -> int | None:
        return self.roles[HOST].choice

    @property
    def facilitator_id(self) -> int | None:
        return self.roles["facilitator_id"]

    @property
    def note_taker_id(self) -> int | None:
        return self.roles["note_taker_id"]


def _months_later(after: datetime, months: int) -> datetime:
    local = to_local(after)
    return to_utc(datetime.combine(add_months(local.date(), months), local.time()))


def next_regular(coalition: Coalition, after: datetime) -> datetime:
    """The next regular meeting: `cadence_months` later, at the same wall-clock time."""
    return _months_later(after, coalition.cadence_months)


def next_meeting(coalition: Coalition, now: datetime | None = None) -> NextMeeting:
    """THE proposal for the next meeting (the planning form pre-fills it, the meetings list
    and the rotation page show it): at the coalition's cadence after its latest meeting,
    held or planned (not cancelled), at the same time of day — rolled on at the cadence
    when that date has passed; host, facilitator and note-taker from the rotation, which
    counts the meetings planned before that date as turns taken."""
    now = now or utcnow()
    months = coalition.cadence_months
    latest = db.session.execute(
        sa.select(*columns_of(Meeting, "id starts_at status duration_minutes"))
        .where(
            Meeting.coalition_id == coalition.id,
            Meeting.status != CANCELLED,
            Meeting.starts_at.is_not(None),
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        starts, reason = None, DateReason("first", months)
        day = to_local(now).date()
    else:
        steps = 1
        starts = _months_later(latest.starts_at, months)
        while starts <= now:
            steps += 1
            starts = _months_later(latest.starts_at, months * steps)
        code = "after_held" if latest.status == HELD else "after_planned"
        code = "caught_up" if steps > 1 else code
        reason = DateReason(code, months, latest.starts_at)
        day = to_local(starts).date()
    roles = propose_roles(coalition, day)
    ids = [i for i in (roles["facilitator_id"], roles["note_taker_id"]) if i is not None]
    people = {}
    if ids:
        rows = db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids)))
        people = dict(rows.all())
    return NextMeeting(
        starts_at=starts,
        reason=reason,
        after_id=latest.id if latest else None,
        duration_minutes=latest.duration_minutes if latest else None,
        roles=roles,
        people=people,
    )


# --- rotation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _RotationData:
    """What the rotation reads, in four queries for all three roles: the members, the
    dated meetings not cancelled (with their people's associations), the swaps."""

    memberships: list
    meetings: list  # rows: id, day, host_association_id, facilitator_id, note_taker_id
    user_association: dict[int, int]
    swaps: list


def _rotation_data(coalition_id: int) -> _RotationData:
    memberships = db.session.scalars(
        sa.select(Membership).where(
            Membership.coalition_id == coalition_id, Membership.role == MEMBER
        )
    ).all()
    rows = db.session.execute(
        sa.select(
            *columns_of(Meeting, "id starts_at host_association_id facilitator_id note_taker_id")
        ).where(
            Meeting.coalition_id == coalition_id,
            Meeting.status != CANCELLED,
            Meeting.starts_at.is_not(None),
        )
    ).all()
    people = ({r.facilitator_id for r in rows} | {r.note_taker_id for r in rows}) - {None}
    user_association = dict(
        db.session.execute(sa.select(User.id, User.association_id).where(User.id.in_(people))).all()
    )
    swaps = db.session.scalars(
        sa.select(RotationSwap).where(RotationSwap.coalition_id == coalition_id)
    ).all()
    return _RotationData(list(memberships), list(rows), user_association, list(swaps))


def _inputs(data: _RotationData, role: str, exclude_meeting_id: int | None):
    """(turns, candidates, swaps) of one role for the pure rotation function; the meeting
    being edited (`exclude_meeting_id`) is not a turn taken."""
    candidates = [
        rotation.Candidate(
            m.association_id,
            m.association.name,
            able=m.association.can_host if role == HOST else True,
            since=m.since,
            left_on=m.left_on,
        )
        for m in data.memberships
    ]
    turns = []
    for row in data.meetings:
        if row.id == exclude_meeting_id:
            continue
        who = {
            HOST: row.host_association_id,
            FACILITATOR: data.user_association.get(row.facilitator_id),
            NOTE_TAKER: data.user_association.get(row.note_taker_id),
        }[role]
        if who is not None:
            turns.append(rotation.Turn(who, to_local(row.starts_at).date()))
    swaps = [
        rotation.Swap(s.gave_id, s.took_id, s.recorded_on) for s in data.swaps if s.role == role
    ]
    return turns, candidates, swaps


def rotation_inputs(coalition_id: int, role: str, exclude_meeting_id: int | None = None):
    """(turns, candidates, swaps) for the pure rotation function."""
    return _inputs(_rotation_data(coalition_id), role, exclude_meeting_id)


def _person_turns(data: _RotationData, column: str) -> list[tuple[int, date]]:
    return [
        (getattr(row, column), to_local(row.starts_at).date())
        for row in data.meetings
        if getattr(row, column) is not None
    ]


def propose_roles(coalition: Coalition, on: date, exclude_meeting_id: int | None = None) -> dict:
    """Host, facilitator and note-taker proposals for a meeting on `on` (a fixed number of
    queries: the rotation's data once, the proposed associations' delegates)."""
    data = _rotation_data(coalition.id)
    host = rotation.propose(*_inputs(data, HOST, exclude_meeting_id), on=on, role=HOST)
    facilitator = rotation.propose(
        *_inputs(data, FACILITATOR, exclude_meeting_id), on=on, role=FACILITATOR
    )
    note_taker = rotation.propose(
        *_inputs(data, NOTE_TAKER, exclude_meeting_id),
        on=on,
        role=NOTE_TAKER,
        avoid=[facilitator.choice] if facilitator.choice else [],
    )
    people = delegates_of([p.choice for p in (facilitator, note_taker) if p.choice is not None])

    def person(proposal, column):
        mine = [(u.id, u.name) for u in people if u.association_id == proposal.choice]
        return rotation.pick_person(mine, _person_turns(data, column))

    return {
        HOST: host,
        FACILITATOR: facilitator,
        NOTE_TAKER: note_taker,
        "facilitator_id": person(facilitator, "facilitator_id"),
        "note_taker_id": person(note_taker, "note_taker_id"),
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
    summary = f"{meeting.title or ''} {local_text(meeting.starts_at)}".strip()
    add_logged(meeting, "meeting.planned", summary, by=by)
    minutes_history.place_pending_items(coalition.id, by)
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
        if "starts_at" in changed:
            minutes_history.place_pending_items(meeting.coalition_id, by)
    return meeting


def held_refusal(meeting: Meeting, now: datetime | None = None):
    """Why the meeting cannot be marked as held now (a message), or None: it needs a date,
    and it must have started — marking a future meeting held would close its agenda and
    move it among the earlier meetings by mistake."""
    if meeting.starts_at is None:
        return _l("Set the meeting's date before marking it as held.")
    if meeting.starts_at > (now or utcnow()):
        return _l(
            "This meeting starts on %(date)s: it can be marked as held once it has started. "
            "If it will not take place, cancel it instead.",
            date=day_and_time(meeting.starts_at),
        )
    return None


def set_status(meeting: Meeting, status: str, by, *, now: datetime | None = None) -> Meeting:
    if status not in MEETING_STATUSES:
        raise MeetingError(_l("Unknown status."))
    refusal = held_refusal(meeting, now) if status == HELD else None
    if refusal is not None and meeting.status != HELD:
        raise MeetingError(refusal)
    if status == meeting.status:
        return meeting
    meeting.status = status
    db.session.flush()
    action = {PLANNED: "meeting.replanned", HELD: "meeting.held", CANCELLED: "meeting.cancelled"}
    log_change(
        meeting.coalition_id, action[status], local_text(meeting.starts_at), user=by, obj=meeting
    )
    minutes_history.place_pending_items(meeting.coalition_id, by)
    return meeting
