"""What becomes of a statement: sent, answered, taken up after adoption; withdrawn; the
public link and the statement behind it. Functions flush; the caller commits once."""

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.coalitions.models import Coalition
from coordination.consent import service as consent
from coordination.consent.models import OPEN, Decision
from coordination.db import utcnow
from coordination.extensions import db
from coordination.statements import signoff
from coordination.statements.models import (
    ADOPTED,
    ANSWERED,
    CONSULTATION,
    DRAFT,
    SENT,
    TAKEN_UP,
    Statement,
    StatementEvent,
)
from coordination.statements.models import WITHDRAWN as STATEMENT_WITHDRAWN
from coordination.statements.revisions import StatementError

PROGRESS = (ADOPTED, SENT, ANSWERED, TAKEN_UP)


# --- after adoption -----------------------------------------------------------------------


def _add_event(
    statement: Statement, kind: str, *, by, on: date, note: str, now: datetime
) -> StatementEvent:
    """A dated line of the statement's history (sent, answered, taken up, withdrawn), by
    `by` and their association, added to the session (the caller flushes)."""
    event = StatementEvent(
        statement_id=statement.id,
        coalition_id=statement.coalition_id,
        kind=kind,
        on=on,
        note=(note or "").strip(),
        user_id=by.id,
        association_id=by.association_id,
        created_at=now,
    )
    db.session.add(event)
    return event


def record_event(
    statement: Statement, kind: str, *, by, on: date, note: str = "", now=None
) -> StatementEvent:
    """Sent, answered, taken up: dated, with a note; the status only moves forward."""
    if kind not in (SENT, ANSWERED, TAKEN_UP):
        raise StatementError(_l("Choose what happened."))
    if not statement.is_adopted:
        raise StatementError(_l("Only an adopted statement can be sent or answered."))
    event = _add_event(statement, kind, by=by, on=on, note=note, now=now or utcnow())
    if PROGRESS.index(kind) > PROGRESS.index(statement.status):
        statement.status = kind
    statement.updated_at = now or utcnow()
    db.session.flush()
    transparency.record(
        statement.coalition_id, f"statement.{kind}", statement.title, user=by, obj=statement
    )
    return event


def withdraw(statement: Statement, *, by, note: str = "", now: datetime | None = None) -> None:
    """Give up a draft (or a statement in consultation: its decision is withdrawn too)."""
    now = now or utcnow()
    signoff.sync(statement, now=now)
    if statement.status not in (DRAFT, CONSULTATION):
        raise StatementError(_l("An adopted statement cannot be withdrawn."))
    if statement.status == CONSULTATION:
        decision = db.session.get(Decision, statement.decision_id)
        if decision.status == OPEN:
            consent.withdraw(decision, by=by, now=now)
    statement.status = STATEMENT_WITHDRAWN
    statement.frozen_number = None
    statement.updated_at = now
    _add_event(statement, STATEMENT_WITHDRAWN, by=by, on=now.date(), note=note, now=now)
    db.session.flush()
    transparency.record(
        statement.coalition_id, "statement.withdrawn", statement.title, user=by, obj=statement
    )


def set_public_link(statement: Statement, *, by, enabled: bool) -> str | None:
    """A random, unguessable read-only link; only if the coalition allows public links."""
    coalition = db.session.get(Coalition, statement.coalition_id)
    if enabled:
        if not coalition.public_statements:
            raise StatementError(_l("The coalition has not chosen to allow public links."))
        if not statement.is_adopted:
            raise StatementError(_l("Only an adopted statement can have a public link."))
        statement.public_token = statement.public_token or secrets.token_urlsafe(32)
    else:
        statement.public_token = None
    db.session.flush()
    transparency.record(
        statement.coalition_id,
        "statement.public_link",
        f"{statement.title} — {'on' if enabled else 'off'}",
        user=by,
        obj=statement,
    )
    return statement.public_token


def public_statement(token: str) -> Statement | None:
    """The adopted statement behind a public link, if its coalition still allows it."""
    if not token or len(token) > 64:
        return None
    statement = db.session.scalars(
        sa.select(Statement).where(Statement.public_token == token)
    ).first()
    if statement is None or not statement.is_adopted:
        return None
    coalition = db.session.get(Coalition, statement.coalition_id)
    return statement if coalition.public_statements else None
