"""What both drafting and the sign-off build on: the refusal of a statement step, the
statement's revisions by number and the lock that serialises saves. A leaf of the
feature: it imports neither `drafting` nor `signoff`, which both import it."""

import sqlalchemy as sa

from coordination.errors import Refused
from coordination.extensions import db
from coordination.statements.models import Statement, StatementRevision

FIELDS = ("title", "recipient", "purpose", "body")  # what a revision holds and a save merges


class StatementError(Refused):
    """A refused step, with a message for the user."""


def revision(statement: Statement, number: int) -> StatementRevision | None:
    return db.session.scalars(
        sa.select(StatementRevision).where(
            StatementRevision.statement_id == statement.id, StatementRevision.number == number
        )
    ).first()


def current_revision(statement: Statement) -> StatementRevision:
    return revision(statement, statement.current_number)


def lock(statement: Statement) -> None:
    """Re-read the statement, holding its row until commit (PostgreSQL); on SQLite the
    write transaction (BEGIN IMMEDIATE) already serialises writers."""
    db.session.refresh(statement, with_for_update=True)
