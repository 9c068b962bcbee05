"""Institutional commitments: record what was promised, follow it up, settle it.
Functions flush; the caller commits. "Overdue" and "due soon" are computed (deadlines.py)."""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.db import read_rows
from coordination.directory.deadlines import DUE_SOON_DAYS, PENDING, STATUSES
from coordination.directory.models import Commitment, CommitmentFollowUp, Contact, Institution
from coordination.directory.operations import DirectoryError
from coordination.extensions import db
from coordination.meetings.models import CANCELLED, Meeting
from coordination.timezone import local_today

FIELDS = (
    "institution_id",
    "contact_id",
    "promised_by",
    "title",
    "details",
    "promised_on",
    "context",
    "due_on",
    "meeting_id",
    "statement_id",
)


def _check_links(
    coalition_id: int, institution_id: int, contact_id: int | None, meeting_id: int | None = None
) -> None:
    institution = db.session.get(Institution, institution_id)
    if institution is None or institution.coalition_id != coalition_id:
        raise DirectoryError(_l("Choose an institution of this coalition's directory."))
    if contact_id is not None:
        contact = db.session.get(Contact, contact_id)
        if contact is None or contact.coalition_id != coalition_id:
            raise DirectoryError(_l("Choose a contact of this coalition's directory."))
    if meeting_id is not None:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.coalition_id != coalition_id:
            raise DirectoryError(_l("Choose a meeting of this coalition."))


def create_commitment(
    coalition, *, by, title: str, institution_id: int, promised_on: date, **fields
) -> Commitment:
    _check_links(coalition.id, institution_id, fields.get("contact_id"), fields.get("meeting_id"))
    due_on = fields.get("due_on")
    if due_on is not None and due_on < promised_on:
        raise DirectoryError(_l("The due date comes before the promise."))
    commitment = Commitment(
        coalition_id=coalition.id,
        institution_id=institution_id,
        title=title.strip(),
        promised_on=promised_on,
        status=fields.pop("status", PENDING),
        created_by_id=by.id,
        created_by_association_id=by.association_id,
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in FIELDS},
    )
    db.session.add(commitment)
    db.session.flush()
    transparency.record(coalition.id, "commitment.added", commitment.title, user=by, obj=commitment)
    return commitment


def update_commitment(commitment: Commitment, *, by, **fields) -> Commitment:
    _check_links(
        commitment.coalition_id,
        fields.get("institution_id", commitment.institution_id),
        fields.get("contact_id", commitment.contact_id),
        fields.get("meeting_id", commitment.meeting_id),
    )
    for key in FIELDS:
        if key in fields:
            value = fields[key]
            setattr(commitment, key, value.strip() if isinstance(value, str) else value)
    if commitment.due_on is not None and commitment.due_on < commitment.promised_on:
        raise DirectoryError(_l("The due date comes before the promise."))
    db.session.flush()
    transparency.record(
        commitment.coalition_id, "commitment.changed", commitment.title, user=by, obj=commitment
    )
    return commitment


def follow_up(
    commitment: Commitment,
    *,
    by,
    note: str,
    happened_on: date | None = None,
    new_status: str | None = None,
) -> CommitmentFollowUp:
    """Add a step to the timeline; a status change (kept, broken…) is one such step."""
    if new_status is not None and new_status not in STATUSES:
        raise DirectoryError(_l("Unknown status."))
    if new_status == commitment.status:
        new_status = None
    if not note.strip() and new_status is None:
        raise DirectoryError(_l("Write what happened, or change the status."))
    happened_on = happened_on or local_today()
    if happened_on > local_today():
        raise DirectoryError(_l("The date cannot be in the future."))
    step = CommitmentFollowUp(
        coalition_id=commitment.coalition_id,
        commitment_id=commitment.id,
        happened_on=happened_on,
        note=note.strip(),
        new_status=new_status,
        author_id=by.id,
        author_association_id=by.association_id,
    )
    db.session.add(step)
    if new_status is not None:
        commitment.status = new_status
    db.session.flush()
    transparency.record(
        commitment.coalition_id,
        "commitment.status_changed" if new_status else "commitment.followed_up",
        commitment.title,
        user=by,
        obj=commitment,
    )
    return step


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


def overdue_condition(today: date):
    return sa.and_(Commitment.status == PENDING, Commitment.due_on < today)


def due_soon_condition(today: date, days: int = DUE_SOON_DAYS):
    return sa.and_(
        Commitment.status == PENDING,
        Commitment.due_on >= today,
        Commitment.due_on <= today + timedelta(days=days),
    )


def listing(coalition_id: int, *, status=None, institution_id=None, when=None):
    """The commitments query for the list page; `when` is "overdue", "soon" or None."""
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


_OVERDUE_COUNTS = (
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
        read_rows(_OVERDUE_COUNTS, {"coalition_ids": coalition_ids, "today": local_today()})
    )


def meeting_choices(coalition_id: int, keep: int | None = None, limit: int = 60):
    """(id, start, title) of the coalition's meetings for the form, most recent first: the
    latest `limit` ones (cancelled ones left out), plus `keep` (the current link) if older."""
    columns = (Meeting.id, Meeting.starts_at, Meeting.title)
    rows = db.session.execute(
        sa.select(*columns)
        .where(Meeting.coalition_id == coalition_id, Meeting.status != CANCELLED)
        .order_by(Meeting.starts_at.is_(None), Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    ).all()
    if keep is not None and keep not in {r.id for r in rows}:
        rows += db.session.execute(
            sa.select(*columns).where(Meeting.id == keep, Meeting.coalition_id == coalition_id)
        ).all()
    return rows
