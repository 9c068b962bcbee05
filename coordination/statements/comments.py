"""Comments on a statement: added on the current revision, resolved, reopened.
Functions flush; the caller commits once."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from coordination.db import utcnow
from coordination.extensions import db
from coordination.statements.models import (
    Statement,
    StatementComment,
)
from coordination.statements.revisions import StatementError


def add_comment(
    statement: Statement, *, by, body: str, quote: str = "", now: datetime | None = None
) -> StatementComment:
    body = (body or "").strip()
    if not body:
        raise StatementError(_l("Write a comment."))
    comment = StatementComment(
        statement_id=statement.id,
        coalition_id=statement.coalition_id,
        revision_number=statement.current_number,
        quote=(quote or "").strip(),
        body=body,
        author_id=by.id,
        association_id=by.association_id,
        created_at=now or utcnow(),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def resolve_comment(comment: StatementComment, *, by, now: datetime | None = None) -> None:
    if comment.resolved_at is None:
        comment.resolved_at = now or utcnow()
        comment.resolved_by_id = by.id
        db.session.flush()


def reopen_comment(comment: StatementComment, *, by) -> None:
    comment.resolved_at = None
    comment.resolved_by_id = None
    db.session.flush()
