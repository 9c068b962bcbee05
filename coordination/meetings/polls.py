"""Date polls: a delegate proposes slots, each association answers yes / if needed / no
for every slot (one answer per association and slot: any of its delegates may set it),
and choosing a slot closes the poll and sets the meeting's date.

The best slot: the most "yes"; then the fewest "no"; then the most "if needed"; then the
earliest slot (then the lowest id) — so the choice is always the same for the same answers.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions.models import Association
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.models import (
    MAYBE,
    NO,
    POLL_ANSWERS,
    YES,
    DatePoll,
    Meeting,
    PollAnswer,
    PollSlot,
)
from coordination.meetings.operations import (
    MeetingError,
    log_change,
    minutes_history,
    participating_ids,
)

MAX_SLOTS = 8


@dataclass(frozen=True)
class SlotCount:
    slot_id: int
    starts_at: datetime
    yes: int
    maybe: int
    no: int


def count(slots: Iterable[PollSlot], answers: Iterable[PollAnswer]) -> list[SlotCount]:
    """Pure: the yes / if needed / no counts of each slot."""
    per_slot: dict[int, dict[str, int]] = {}
    for a in answers:
        per_slot.setdefault(a.slot_id, {YES: 0, MAYBE: 0, NO: 0})[a.answer] += 1
    result = []
    for s in slots:
        c = per_slot.get(s.id, {YES: 0, MAYBE: 0, NO: 0})
        result.append(SlotCount(s.id, s.starts_at, c[YES], c[MAYBE], c[NO]))
    return result


def best(counts: Iterable[SlotCount]) -> SlotCount | None:
    """Pure: most yes, then fewest no, then most if-needed, then earliest, then lowest id."""
    counts = list(counts)
    if not counts:
        return None
    return min(counts, key=lambda c: (-c.yes, c.no, -c.maybe, c.starts_at, c.slot_id))


def poll_of(meeting: Meeting) -> DatePoll | None:
    return db.session.scalars(
        sa.select(DatePoll)
        .where(DatePoll.meeting_id == meeting.id)
        .options(sa.orm.selectinload(DatePoll.slots))
    ).first()


def slots_of(poll: DatePoll) -> list[PollSlot]:
    return list(
        db.session.scalars(
            sa.select(PollSlot)
            .where(PollSlot.poll_id == poll.id)
            .order_by(PollSlot.starts_at, PollSlot.id)
        )
    )


def answers_of(poll: DatePoll) -> list[PollAnswer]:
    return list(
        db.session.scalars(
            sa.select(PollAnswer)
            .join(PollSlot, PollSlot.id == PollAnswer.slot_id)
            .where(PollSlot.poll_id == poll.id)
        )
    )


def not_answered(poll: DatePoll) -> list[str]:
    """The names of the associations taking part in the poll's meeting that have not
    answered any of its dates yet, by name (closing the poll names them)."""
    meeting = db.session.get(Meeting, poll.meeting_id)
    answered = set(
        db.session.scalars(
            sa.select(PollAnswer.association_id)
            .join(PollSlot, PollSlot.id == PollAnswer.slot_id)
            .where(PollSlot.poll_id == poll.id)
        )
    )
    waiting = participating_ids(meeting) - answered
    return list(
        db.session.scalars(
            sa.select(Association.name)
            .where(Association.id.in_(waiting))
            .order_by(Association.name)
        )
    )


def open_poll(meeting: Meeting, by, slots: Iterable[datetime]) -> DatePoll:
    if not meeting.is_planned:
        raise MeetingError(_l("This meeting is no longer planned."))
    if poll_of(meeting) is not None:
        raise MeetingError(_l("This meeting already has a date poll."))
    unique = sorted(set(slots))
    if not unique:
        raise MeetingError(_l("Propose at least one date."))
    if len(unique) > MAX_SLOTS:
        raise MeetingError(_l("Propose at most %(n)d dates.", n=MAX_SLOTS))
    poll = DatePoll(coalition_id=meeting.coalition_id, meeting_id=meeting.id, created_by_id=by.id)
    db.session.add(poll)
    db.session.flush()
    for starts_at in unique:
        db.session.add(
            PollSlot(coalition_id=meeting.coalition_id, poll_id=poll.id, starts_at=starts_at)
        )
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.poll_opened",
        f"{meeting.title or meeting.id}: {len(unique)}",
        user=by,
        obj=meeting,
    )
    return poll


def answer(
    poll: DatePoll, by, choices: dict[int, str], *, now: datetime | None = None, via: str = ""
) -> int:
    """Set `by`'s association's answers ({slot id: yes|maybe|no}); returns how many.
    `via` says how they came in when not through the site (transparency.EMAIL_LINK)."""
    if not poll.is_open:
        raise MeetingError(_l("This poll is closed."))
    meeting = db.session.get(Meeting, poll.meeting_id)
    if by.association_id not in participating_ids(meeting):
        raise MeetingError(_l("Your association does not take part in this meeting."))
    slot_ids = {s.id for s in slots_of(poll)}
    existing = {a.slot_id: a for a in answers_of(poll) if a.association_id == by.association_id}
    changed = 0
    for slot_id, value in choices.items():
        if slot_id not in slot_ids or value not in POLL_ANSWERS:
            raise MeetingError(_l("Answer yes, if needed or no for each date."))
        row = existing.get(slot_id)
        if row is None:
            row = PollAnswer(
                coalition_id=poll.coalition_id, slot_id=slot_id, association_id=by.association_id
            )
            db.session.add(row)
        row.answer, row.user_id, row.answered_at = value, by.id, now or utcnow()
        changed += 1
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.poll_answered",
        meeting.title or str(meeting.id),
        user=by,
        obj=meeting,
        via=via,
    )
    return changed


def close(poll: DatePoll, slot_id: int, by, *, now: datetime | None = None) -> Meeting:
    """Choose a slot: it becomes the meeting's date and the poll closes."""
    if not poll.is_open:
        raise MeetingError(_l("This poll is closed."))
    slot = next((s for s in slots_of(poll) if s.id == slot_id), None)
    if slot is None:
        raise MeetingError(_l("Choose one of the proposed dates."))
    meeting = db.session.get(Meeting, poll.meeting_id)
    slot.chosen = True
    poll.closed_at = now or utcnow()
    meeting.starts_at = slot.starts_at
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.date_set",
        slot.starts_at.isoformat(timespec="minutes"),
        user=by,
        obj=meeting,
    )
    minutes_history.place_pending_items(meeting.coalition_id, by)
    return meeting
