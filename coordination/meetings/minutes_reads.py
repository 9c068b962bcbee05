"""Reads of the minutes' history and approval: the state shown next to the minutes
("draft", "approved on …"), the minutes a meeting approves (for its pack), and the
revisions. Statements built once (`@cache`), rows as slots dataclasses, as in reads.py.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from coordination.accounts.models import User
from coordination.db import columns_of, read_rows
from coordination.meetings.models import CANCELLED, Meeting, MeetingDecision
from coordination.meetings.models_minutes import MinutesApproval, MinutesRevision
from coordination.meetings.reads import COALITION_ID, MEETING_ID, rows_as

# --- the state of a meeting's minutes --------------------------------------------------------


@dataclass(slots=True)
class _RoundRow:
    meeting_id: int
    starts_at: datetime | None
    latest: int | None  # the minutes' latest revision number
    round_id: int | None
    at_meeting_id: int | None
    at_starts_at: datetime | None
    revision_number: int | None
    approved_at: datetime | None
    approved_by_name: str | None
    approved_by_id: int | None


@dataclass(slots=True)
class MinutesState:
    """What the pages say about a meeting's minutes."""

    number: int = 0  # latest revision (0: no minutes yet)
    approved_at: datetime | None = None  # set only if the current text is approved
    approved_by_name: str | None = None
    carried_over: bool = False  # approved before approvals were recorded (migration)
    at_meeting_id: int | None = None  # the meeting that approved them / will approve them
    at_starts_at: datetime | None = None
    changed_since: bool = False  # approved once, changed since: to approve again

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_draft(self) -> bool:
        return self.number > 0 and self.approved_at is None


@cache
def _rounds_statement(with_approved_here: bool = False):
    at = aliased(Meeting, name="at_meeting")
    latest = (
        sa.select(sa.func.max(MinutesRevision.number))
        .where(MinutesRevision.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    return (
        sa.select(
            Meeting.id.label("meeting_id"),
            Meeting.starts_at,
            latest.label("latest"),
            MinutesApproval.id.label("round_id"),
            MinutesApproval.at_meeting_id,
            at.starts_at.label("at_starts_at"),
            MinutesApproval.revision_number,
            MinutesApproval.approved_at,
            User.name.label("approved_by_name"),
            MinutesApproval.approved_by_id,
        )
        .outerjoin(MinutesApproval, MinutesApproval.meeting_id == Meeting.id)
        .outerjoin(at, at.id == MinutesApproval.at_meeting_id)
        .outerjoin(User, User.id == MinutesApproval.approved_by_id)
        .where(
            sa.or_(
                Meeting.id.in_(sa.bindparam("meeting_ids", expanding=True)),
                MinutesApproval.at_meeting_id == sa.bindparam("at_meeting_id"),
            )
            if with_approved_here
            else Meeting.id.in_(sa.bindparam("meeting_ids", expanding=True))
        )
        .order_by(Meeting.id, MinutesApproval.id)
    )


def _state(rows: list[_RoundRow]) -> MinutesState:
    state = MinutesState(number=rows[0].latest or 0)
    for row in rows:  # oldest round first: the last one says where things are
        if row.round_id is None:
            continue
        state.at_meeting_id, state.at_starts_at = row.at_meeting_id, row.at_starts_at
        if row.approved_at is not None and row.revision_number == state.number:
            state.approved_at, state.approved_by_name = row.approved_at, row.approved_by_name
            state.carried_over = row.approved_by_id is None and row.approved_by_name is None
            state.changed_since = False
        elif row.approved_at is not None:
            state.approved_at, state.changed_since = None, True
    return state


def minutes_states(meeting_ids: list[int]) -> dict[int, MinutesState]:
    """{meeting id: the state of its minutes}, in one query."""
    if not meeting_ids:
        return {}
    rows = rows_as(_RoundRow, _rounds_statement(), {"meeting_ids": list(meeting_ids)})
    grouped: dict[int, list[_RoundRow]] = {}
    for row in rows:
        grouped.setdefault(row.meeting_id, []).append(row)
    return {mid: _state(group) for mid, group in grouped.items()}


def minutes_state(meeting_id: int) -> MinutesState:
    return minutes_states([meeting_id]).get(meeting_id, MinutesState())


@dataclass(slots=True)
class ApprovedHere:
    """Minutes whose approval is on a meeting's agenda."""

    meeting_id: int
    starts_at: datetime | None
    approved: bool


def page_minutes(meeting_id: int) -> tuple[MinutesState, list[ApprovedHere]]:
    """For the meeting page, in one query: the state of its minutes, and the minutes
    whose approval is on its agenda."""
    rows = rows_as(
        _RoundRow,
        _rounds_statement(True),
        {"meeting_ids": [meeting_id], "at_meeting_id": meeting_id},
    )
    own = [r for r in rows if r.meeting_id == meeting_id]
    here = [
        ApprovedHere(r.meeting_id, r.starts_at, r.approved_at is not None)
        for r in rows
        if r.meeting_id != meeting_id and r.at_meeting_id == meeting_id
    ]
    return (_state(own) if own else MinutesState()), here


# --- the minutes a meeting approves (its pack) ------------------------------------------------


@dataclass(slots=True)
class EarlierMinutes:
    id: int
    title: str | None
    starts_at: datetime
    minutes: str | None
    approves_here: bool  # their approval is on this meeting's agenda
    state: MinutesState | None = None
    decisions: list[str] = field(default_factory=list)


@cache
def _earlier_statement():
    previous = (
        sa.select(Meeting.id)
        .where(
            Meeting.coalition_id == COALITION_ID,
            Meeting.status != CANCELLED,
            Meeting.starts_at < sa.bindparam("starts_at", type_=Meeting.starts_at.type),
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    here = sa.select(MinutesApproval.meeting_id).where(MinutesApproval.at_meeting_id == MEETING_ID)
    return (
        sa.select(
            *columns_of(Meeting, "id title starts_at minutes"),
            Meeting.id.in_(here).label("approves_here"),
        )
        .where(
            Meeting.coalition_id == COALITION_ID,
            sa.or_(Meeting.id == previous, Meeting.id.in_(here)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )


@cache
def _decisions_of_statement():
    return (
        sa.select(MeetingDecision.meeting_id, MeetingDecision.text)
        .where(MeetingDecision.meeting_id.in_(sa.bindparam("meeting_ids", expanding=True)))
        .order_by(MeetingDecision.id)
    )


def earlier_minutes(meeting) -> list[EarlierMinutes]:
    """The previous meeting (the last one before, not cancelled) and any other meeting
    whose minutes are approved at `meeting`, each with its minutes' state and its
    decisions. Three queries, whatever their number."""
    if meeting.starts_at is None:
        return []
    found = rows_as(
        EarlierMinutes,
        _earlier_statement(),
        {
            "coalition_id": meeting.coalition_id,
            "meeting_id": meeting.id,
            "starts_at": meeting.starts_at,
        },
    )
    ids = [m.id for m in found] or [-1]
    states = minutes_states(ids)
    decisions: dict[int, list[str]] = {}
    for row in read_rows(_decisions_of_statement(), {"meeting_ids": ids}):
        decisions.setdefault(row.meeting_id, []).append(row.text)
    for m in found:
        m.state, m.decisions = states.get(m.id, MinutesState()), decisions.get(m.id, [])
    return found


# --- revisions --------------------------------------------------------------------------------


@dataclass(slots=True)
class RevisionRow:
    number: int
    created_at: datetime
    author_name: str | None
    corrected_at: datetime | None  # the meeting where these corrections were agreed
    text: str | None = None


@cache
def _revisions_statement(with_text: bool):
    at = aliased(Meeting, name="corrected_at_meeting")
    columns = [
        MinutesRevision.number,
        MinutesRevision.created_at,
        User.name.label("author_name"),
        at.starts_at.label("corrected_at"),
    ]
    if with_text:
        columns.append(MinutesRevision.text)
    stmt = (
        sa.select(*columns)
        .outerjoin(User, User.id == MinutesRevision.author_id)
        .outerjoin(at, at.id == MinutesRevision.corrected_at_meeting_id)
        .where(MinutesRevision.meeting_id == MEETING_ID)
    )
    if with_text:
        return stmt.where(MinutesRevision.number.in_(sa.bindparam("numbers", expanding=True)))
    return stmt.order_by(MinutesRevision.number.desc())


def revisions(meeting_id: int) -> list[RevisionRow]:
    """The revisions of the minutes, newest first, without their texts."""
    return rows_as(RevisionRow, _revisions_statement(False), {"meeting_id": meeting_id})


def revision_texts(meeting_id: int, *numbers: int) -> dict[int, RevisionRow]:
    rows = rows_as(
        RevisionRow,
        _revisions_statement(True),
        {"meeting_id": meeting_id, "numbers": list(numbers)},
    )
    return {r.number: r for r in rows}
