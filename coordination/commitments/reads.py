"""Every read of the commitments feature, in one place.

Statements are built once, on first use (`functools.cache`: building them costs more than
running them), with bound parameters. Rows come back in one shape: a NamedTuple or a
slots dataclass whose fields the templates name. The commitment page and the form stay
on the ORM (they are cold pages); the list page reads ORM objects with their institution
joined in one query, paged.
"""

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from coordination.coalitions.models import Coalition
from coordination.commitments.deadlines import DUE_SOON_DAYS, PENDING, STATUSES
from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.db import columns_of, read_rows
from coordination.directory.models import Institution
from coordination.extensions import db
from coordination.meetings.models import CANCELLED, Meeting
from coordination.timezone import local_today

# --- conditions -------------------------------------------------------------------------


def overdue_condition(today: date):
    return sa.and_(Commitment.status == PENDING, Commitment.due_on < today)


def due_soon_condition(today: date, days: int = DUE_SOON_DAYS):
    return sa.and_(
        Commitment.status == PENDING,
        Commitment.due_on >= today,
        Commitment.due_on <= today + timedelta(days=days),
    )


# --- the list page ----------------------------------------------------------------------


def listing(coalition_id: int, *, status=None, institution_id=None, when=None):
    """The commitments query for the list page; `when` is "overdue", "soon" or None.
    Composed per request (its filters vary); ORM rows with their institution."""
    today = local_today()
    stmt = (
        sa.select(Commitment)
        .where(Commitment.coalition_id == coalition_id)
        .options(sa.orm.joinedload(Commitment.institution))
    )
    if status in STATUSES:
        stmt = stmt.where(Commitment.status == status)
    if institution_id:
        stmt = stmt.where(Commitment.institution_id == institution_id)
    if when == "overdue":
        stmt = stmt.where(overdue_condition(today))
    elif when == "soon":
        stmt = stmt.where(due_soon_condition(today))
    return stmt.order_by(Commitment.due_on.is_(None), Commitment.due_on, Commitment.id)


def first_of(coalition_id: int, when: str, limit: int) -> list[Commitment]:
    """The first `limit` overdue (`when="overdue"`) or soon due (`"soon"`) commitments."""
    return db.session.scalars(listing(coalition_id, when=when).limit(limit)).all()


# --- one commitment ---------------------------------------------------------------------

COMMITMENT_PAGE = (
    sa.orm.joinedload(Commitment.institution),
    sa.orm.joinedload(Commitment.contact),
    sa.orm.joinedload(Commitment.meeting),
)


def timeline(commitment: Commitment) -> list[CommitmentFollowUp]:
    return list(
        db.session.scalars(
            sa.select(CommitmentFollowUp)
            .where(CommitmentFollowUp.commitment_id == commitment.id)
            .options(
                sa.orm.joinedload(CommitmentFollowUp.author),
                sa.orm.joinedload(CommitmentFollowUp.author_association),
            )
            .order_by(CommitmentFollowUp.happened_on, CommitmentFollowUp.id)
        )
    )


# --- counts for the home panel ----------------------------------------------------------


@functools.cache
def _overdue_counts_statement() -> sa.Select:
    return (
        sa.select(Commitment.coalition_id, sa.func.count(Commitment.id))
        .where(
            Commitment.coalition_id.in_(sa.bindparam("coalition_ids", expanding=True)),
            overdue_condition(sa.bindparam("today")),
        )
        .group_by(Commitment.coalition_id)
    )


def overdue_counts(coalition_ids: list[int]) -> dict[int, int]:
    if not coalition_ids:
        return {}
    return dict(
        read_rows(
            _overdue_counts_statement(), {"coalition_ids": coalition_ids, "today": local_today()}
        )
    )


# --- lists shown on other pages (directory, meeting) ------------------------------------


class InstitutionName(NamedTuple):
    name: str


@dataclass(slots=True, frozen=True)
class CommitmentLine:
    """A commitment as a list shows it (commitments/_commitment_rows.html and the status
    badge): what was promised, by whom, when, by when, its status, its institution."""

    id: int
    title: str
    promised_by: str
    promised_on: date
    due_on: date | None
    status: str
    institution: InstitutionName


class CommitmentTitle(NamedTuple):
    id: int
    title: str


@functools.cache
def _lines_statement(by: str) -> sa.Select:
    """Lines of the commitments made at a meeting (oldest promise first, with their
    institution's name) or of an institution (latest promise first, at most 50: the
    institution is known); bound parameter `about`."""
    columns = columns_of(Commitment, "id title promised_by promised_on due_on status")
    if by == "meeting":
        return (
            sa.select(*columns, Institution.name)
            .join(Institution, Institution.id == Commitment.institution_id)
            .where(Commitment.meeting_id == sa.bindparam("about", type_=sa.Integer))
            .order_by(Commitment.promised_on, Commitment.id)
        )
    return (
        sa.select(*columns)
        .where(Commitment.institution_id == sa.bindparam("about", type_=sa.Integer))
        .order_by(Commitment.promised_on.desc())
        .limit(50)
    )


def _line(id, title, promised_by, promised_on, due_on, status, institution_name):  # noqa: A002
    return CommitmentLine(
        id, title, promised_by, promised_on, due_on, status, InstitutionName(institution_name)
    )


def made_at_meeting(meeting_id: int) -> list[CommitmentLine]:
    return [_line(*row) for row in read_rows(_lines_statement("meeting"), {"about": meeting_id})]


def of_institution(institution_id: int, institution_name: str) -> list[CommitmentLine]:
    """The institution page's commitments, latest promise first (50 at most)."""
    institution = InstitutionName(institution_name)
    return [
        CommitmentLine(*row, institution=institution)
        for row in read_rows(_lines_statement("institution"), {"about": institution_id})
    ]


@functools.cache
def _of_contact_statement() -> sa.Select:
    return (
        sa.select(Commitment.id, Commitment.title)
        .where(Commitment.contact_id == sa.bindparam("contact_id", type_=sa.Integer))
        .order_by(Commitment.id)
    )


def of_contact(contact_id: int) -> list[CommitmentTitle]:
    """(id, title) of the commitments a contact made, oldest first."""
    return [
        CommitmentTitle(*r) for r in read_rows(_of_contact_statement(), {"contact_id": contact_id})
    ]


# --- meetings a commitment may point to -------------------------------------------------


class MeetingChoice(NamedTuple):
    id: int
    starts_at: object
    title: str


def meeting_in(coalition_id: int, meeting_id: int) -> bool:
    meeting = db.session.get(Meeting, meeting_id)
    return meeting is not None and meeting.coalition_id == coalition_id


def meeting_choices(coalition_id: int, keep: int | None = None, limit: int = 60):
    """(id, start, title) of the coalition's meetings for the form, most recent first: the
    latest `limit` ones (cancelled ones left out), plus `keep` (the current link) if older."""
    columns = (Meeting.id, Meeting.starts_at, Meeting.title)
    rows = [
        MeetingChoice(*r)
        for r in db.session.execute(
            sa.select(*columns)
            .where(Meeting.coalition_id == coalition_id, Meeting.status != CANCELLED)
            .order_by(Meeting.starts_at.is_(None), Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(limit)
        )
    ]
    if keep is not None and keep not in {r.id for r in rows}:
        rows += [
            MeetingChoice(*r)
            for r in db.session.execute(
                sa.select(*columns).where(Meeting.id == keep, Meeting.coalition_id == coalition_id)
            )
        ]
    return rows


# --- reminders --------------------------------------------------------------------------


class PendingCommitment(NamedTuple):
    id: int
    coalition_id: int
    title: str
    due_on: date
    promised_on: date
    promised_by: str
    institution_name: str
    coalition_name: str


def pending_commitments(condition) -> list[PendingCommitment]:
    """Pending commitments matching `condition`, with what a reminder shows. One query
    (the (coalition_id, status, due_on) index, coalition by coalition)."""
    return [
        PendingCommitment(*r)
        for r in db.session.execute(
            sa.select(
                *columns_of(Commitment, "id coalition_id title due_on promised_on promised_by"),
                Institution.name,
                Coalition.name,
            )
            .join(Institution, Institution.id == Commitment.institution_id)
            .join(Coalition, Coalition.id == Commitment.coalition_id)
            .where(
                Commitment.coalition_id.in_(sa.select(Coalition.id)),
                Commitment.status == PENDING,
                condition,
            )
            .order_by(Commitment.due_on, Commitment.id)
        )
    ]
