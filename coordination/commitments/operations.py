"""Institutional commitments: record what was promised, follow it up, settle it.
Functions flush; the caller commits (through `coordination.web.writes.perform`).
"Overdue" and "due soon" are computed (deadlines.py), never stored.

A commitment points to an institution and maybe a contact of the coalition's directory
(checked through the directory's public reads) and maybe to one of the coalition's
meetings (checked in commitments/reads.py).
"""

from datetime import date

from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.coalitions.operations import add_logged
from coordination.commitments import reads
from coordination.commitments.deadlines import PENDING, STATUSES
from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.directory import reads as directory
from coordination.errors import Refused
from coordination.extensions import db
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


class CommitmentError(Refused):
    """A refused change to a commitment, with a message for the user."""


def _check_links(
    coalition_id: int, institution_id: int, contact_id: int | None, meeting_id: int | None = None
) -> None:
    if not directory.institution_in(coalition_id, institution_id):
        raise CommitmentError(_l("Choose an institution of this coalition's directory."))
    if contact_id is not None and not directory.contact_in(coalition_id, contact_id):
        raise CommitmentError(_l("Choose a contact of this coalition's directory."))
    if meeting_id is not None and not reads.meeting_in(coalition_id, meeting_id):
        raise CommitmentError(_l("Choose a meeting of this coalition."))


def create_commitment(
    coalition, *, by, title: str, institution_id: int, promised_on: date, **fields
) -> Commitment:
    _check_links(coalition.id, institution_id, fields.get("contact_id"), fields.get("meeting_id"))
    due_on = fields.get("due_on")
    if due_on is not None and due_on < promised_on:
        raise CommitmentError(_l("The due date comes before the promise."))
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
    return add_logged(commitment, "commitment.added", commitment.title, by=by)


def update_commitment(commitment: Commitment, *, by, **fields) -> Commitment:
    _check_links(
        commitment.coalition_id,
        fields.get("institution_id", commitment.institution_id),
        fields.get("contact_id", commitment.contact_id),
        fields.get("meeting_id", commitment.meeting_id),
    )
    old_due_on = commitment.due_on
    for key in FIELDS:
        if key in fields:
            value = fields[key]
            setattr(commitment, key, value.strip() if isinstance(value, str) else value)
    if commitment.due_on is not None and commitment.due_on < commitment.promised_on:
        raise CommitmentError(_l("The due date comes before the promise."))
    if old_due_on is not None and commitment.due_on not in (None, old_due_on):
        # A due date moved in the form leaves its trace in the timeline, as a follow-up would.
        db.session.add(
            _step(
                commitment, by, local_today(), old_due_on=old_due_on, new_due_on=commitment.due_on
            )
        )
    db.session.flush()
    transparency.record(
        commitment.coalition_id, "commitment.changed", commitment.title, user=by, obj=commitment
    )
    return commitment


def _step(commitment: Commitment, by, happened_on: date, **values) -> CommitmentFollowUp:
    """A new step of `commitment`'s timeline (not added to the session)."""
    return CommitmentFollowUp(
        coalition_id=commitment.coalition_id,
        commitment_id=commitment.id,
        happened_on=happened_on,
        author_id=by.id,
        author_association_id=by.association_id,
        **values,
    )


def follow_up(
    commitment: Commitment,
    *,
    by,
    note: str,
    happened_on: date | None = None,
    new_status: str | None = None,
    new_due_on: date | None = None,
) -> CommitmentFollowUp:
    """Add a step to the timeline; a status change (kept, broken…) is one such step, and so
    is a due date the institution moves (`new_due_on`: the step keeps the old and new dates,
    the commitment takes the new one, its reminders follow it)."""
    if new_status is not None and new_status not in STATUSES:
        raise CommitmentError(_l("Unknown status."))
    if new_status == commitment.status:
        new_status = None
    if new_due_on == commitment.due_on:
        new_due_on = None
    if new_due_on is not None and new_due_on < commitment.promised_on:
        raise CommitmentError(_l("The new due date comes before the promise."))
    if not note.strip() and new_status is None and new_due_on is None:
        raise CommitmentError(_l("Write what happened, change the status or give a new due date."))
    happened_on = happened_on or local_today()
    if happened_on > local_today():
        raise CommitmentError(_l("The date cannot be in the future."))
    old_due_on = commitment.due_on
    if new_due_on is not None:
        commitment.due_on = new_due_on
    step = _step(
        commitment,
        by,
        happened_on,
        note=note.strip(),
        new_status=new_status,
        old_due_on=old_due_on if new_due_on else None,
        new_due_on=new_due_on,
    )
    db.session.add(step)
    if new_status is not None:
        commitment.status = new_status
    db.session.flush()
    if new_status:
        action = "commitment.status_changed"
    elif new_due_on:
        action = "commitment.rescheduled"
    else:
        action = "commitment.followed_up"
    transparency.record(commitment.coalition_id, action, commitment.title, user=by, obj=commitment)
    return step
