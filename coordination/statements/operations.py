"""Statement rules: drafting with revisions and no lost edits, comments, fate after
adoption, withdrawal, public link (the sign-off is in `signoff.py`). Functions flush; the
caller commits once.

No lost edits: a save names the revision it started from (its base). When another save
happened meanwhile, both sets of changes are merged line by line (three-way merge); if
they touch the same lines, nothing is saved and the caller gets a `Conflict` holding the
author's text. The statement row is locked while saving and revision numbers are unique,
so two saves at the same moment cannot both become the next revision.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from coordination.accounts.models import User
from coordination.coalitions import transparency
from coordination.coalitions.models import Association, Coalition
from coordination.consent import service as consent
from coordination.consent.models import OPEN, Decision
from coordination.db import read_rows, utcnow
from coordination.extensions import db
from coordination.statements import revisions as revisions_
from coordination.statements import signoff, textdiff
from coordination.statements.models import (
    ADOPTED,
    ANSWERED,
    CONSULTATION,
    DRAFT,
    EVENT_LABELS,
    SENT,
    TAKEN_UP,
    Statement,
    StatementComment,
    StatementEvent,
    StatementRevision,
    StatementSignatory,
)
from coordination.statements.models import WITHDRAWN as STATEMENT_WITHDRAWN
from coordination.statements.revisions import StatementError, current_revision, revision
from coordination.web.markdown import render_markdown

FIELDS = ("title", "recipient", "purpose", "body")
PROGRESS = (ADOPTED, SENT, ANSWERED, TAKEN_UP)
SAVE_ATTEMPTS = 3

ACTIONS = {
    "statement.created": _l("Statement started"),
    "statement.restored": _l("Earlier revision of a statement restored"),
    "statement.consultation_opened": _l("Statement put to the associations' sign-off"),
    "statement.consultation_reopened": _l("Statement edited during sign-off: answers asked again"),
    "statement.adopted": _l("Statement adopted"),
    "statement.back_to_draft": _l("Statement back to draft"),
    "statement.sent": _l("Statement sent"),
    "statement.answered": _l("Answer to a statement received"),
    "statement.taken_up": _l("Statement taken up"),
    "statement.withdrawn": _l("Statement withdrawn"),
    "statement.public_link": _l("Public link of a statement changed"),
}


# --- queries ----------------------------------------------------------------------------


def revisions(statement: Statement, *, limit: int | None = None, offset: int = 0):
    """Newest first, with author and association, without the texts (for lists)."""
    stmt = (
        sa.select(StatementRevision)
        .where(StatementRevision.statement_id == statement.id)
        .options(
            sa.orm.defer(StatementRevision.body),
            sa.orm.defer(StatementRevision.body_html),
            sa.orm.defer(StatementRevision.purpose),
            sa.orm.joinedload(StatementRevision.author),
            sa.orm.joinedload(StatementRevision.association),
        )
        .order_by(StatementRevision.number.desc())
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return db.session.scalars(stmt).all()


def comments(statement: Statement) -> list[StatementComment]:
    return db.session.scalars(
        sa.select(StatementComment)
        .where(StatementComment.statement_id == statement.id)
        .options(
            sa.orm.joinedload(StatementComment.author),
            sa.orm.joinedload(StatementComment.association),
            sa.orm.joinedload(StatementComment.resolved_by),
        )
        .order_by(StatementComment.created_at, StatementComment.id)
    ).all()


def signatories(statement: Statement) -> list[StatementSignatory]:
    return db.session.scalars(
        sa.select(StatementSignatory)
        .where(StatementSignatory.statement_id == statement.id)
        .order_by(StatementSignatory.guest, StatementSignatory.name)
    ).all()


def events(statement: Statement) -> list[StatementEvent]:
    return db.session.scalars(
        sa.select(StatementEvent)
        .where(StatementEvent.statement_id == statement.id)
        .options(
            sa.orm.joinedload(StatementEvent.user), sa.orm.joinedload(StatementEvent.association)
        )
        .order_by(StatementEvent.on, StatementEvent.id)
    ).all()


def statements_of(coalition: Coalition) -> list[Statement]:
    order = sa.case({s: i for i, s in enumerate((CONSULTATION, DRAFT))}, value=Statement.status)
    return db.session.scalars(
        sa.select(Statement)
        .where(Statement.coalition_id == coalition.id)
        .order_by(sa.func.coalesce(order, 9), Statement.updated_at.desc())
    ).all()


# --- lean reads for the statement pages --------------------------------------------------
# The statement page and the comparison of two revisions only show values: they read rows
# (names joined in), not ORM objects with their relationships. Statements built once.

R, C, E, S = StatementRevision, StatementComment, StatementEvent, StatementSignatory
_Author, _Resolver = sa.orm.aliased(User), sa.orm.aliased(User)


class StatementFacts(NamedTuple):
    """A statement as the pages that only read it show it (a row, not the ORM object)."""

    id: int
    coalition_id: int
    title: str
    recipient: str
    purpose: str
    status: str
    current_number: int
    frozen_number: int | None
    decision_id: int | None
    adopted_at: datetime | None
    public_token: str | None

    status_label = Statement.status_label
    is_editable = Statement.is_editable
    is_adopted = Statement.is_adopted


STATEMENT_FACTS = tuple(getattr(Statement, name) for name in StatementFacts._fields)


class CurrentRevision(NamedTuple):
    number: int
    created_at: datetime
    html: Markup


class EventLine(NamedTuple):
    on: date
    kind: str
    note: str
    user_name: str | None
    association_short_name: str | None

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self.kind])


# Newest first; the text (as HTML) only for the current revision.
_RECENT = (
    sa.select(
        R.number,
        R.created_at,
        R.summary,
        R.kind,
        R.restored_from,
        User.name.label("author_name"),
        Association.short_name.label("association_short_name"),
        sa.case((R.number == sa.bindparam("current"), R.body_html)).label("body_html"),
    )
    .outerjoin(User, User.id == R.author_id)
    .outerjoin(Association, Association.id == R.association_id)
    .where(R.statement_id == sa.bindparam("statement_id"))
    .order_by(R.number.desc())
    .limit(sa.bindparam("limit"))
)


def recent_revisions(statement: Statement, limit: int) -> tuple[CurrentRevision, list[sa.Row]]:
    """The current revision (number, date, HTML) and the `limit` latest revisions (rows of
    number, created_at, summary, kind, restored_from, author_name, association_short_name):
    one query, the current revision being the latest."""
    rows = read_rows(
        _RECENT,
        {"statement_id": statement.id, "current": statement.current_number, "limit": limit},
    )
    if rows and rows[0].number == statement.current_number:
        first = rows[0]
        current = CurrentRevision(first.number, first.created_at, Markup(first.body_html))  # noqa: S704 - stored sanitiser output
    else:  # not reached: the current revision is the latest one
        rev = current_revision(statement)
        current = CurrentRevision(rev.number, rev.created_at, rev.html)
    return current, rows


_COMMENTS = (
    sa.select(
        C.id,
        C.revision_number,
        C.quote,
        C.body,
        C.created_at,
        C.resolved_at,
        _Author.name.label("author_name"),
        Association.name.label("association_name"),
        _Resolver.name.label("resolved_by_name"),
    )
    .outerjoin(_Author, _Author.id == C.author_id)
    .outerjoin(Association, Association.id == C.association_id)
    .outerjoin(_Resolver, _Resolver.id == C.resolved_by_id)
    .where(C.statement_id == sa.bindparam("statement_id"))
    .order_by(C.created_at, C.id)
)


def comment_rows(statement: Statement) -> list[sa.Row]:
    """Oldest first: rows of id, revision_number, quote, body, created_at, resolved_at,
    author_name, association_name, resolved_by_name (None when that person is gone)."""
    return read_rows(_COMMENTS, {"statement_id": statement.id})


_EVENTS = (
    sa.select(E.on, E.kind, E.note, User.name, Association.short_name)
    .outerjoin(User, User.id == E.user_id)
    .outerjoin(Association, Association.id == E.association_id)
    .where(E.statement_id == sa.bindparam("statement_id"))
    .order_by(E.on, E.id)
)


def event_lines(statement: Statement) -> list[EventLine]:
    return [EventLine(*row) for row in read_rows(_EVENTS, {"statement_id": statement.id})]


_SIGNATORIES = (
    sa.select(S.name, S.guest)
    .where(S.statement_id == sa.bindparam("statement_id"))
    .order_by(S.guest, S.name)
)


def signatory_rows(statement: Statement) -> list[sa.Row]:
    """Rows of name, guest: members first, by name."""
    return read_rows(_SIGNATORIES, {"statement_id": statement.id})


_TWO_REVISIONS = (
    sa.select(
        R.number,
        R.created_at,
        R.summary,
        *(getattr(R, name) for name in FIELDS),
        User.name.label("author_name"),
        Association.name.label("author_association"),
    )
    .outerjoin(User, User.id == R.author_id)
    .outerjoin(Association, Association.id == User.association_id)
    .where(
        R.statement_id == sa.bindparam("statement_id"),
        R.number.in_(sa.bindparam("numbers", expanding=True)),
    )
)


def revisions_to_compare(statement: Statement, *numbers: int) -> dict[int, sa.Row]:
    """By number: rows of number, created_at, summary, the texts, author_name and the name of
    the author's association (None when the author is gone)."""
    rows = read_rows(_TWO_REVISIONS, {"statement_id": statement.id, "numbers": list(numbers)})
    return {row.number: row for row in rows}


# --- drafting ---------------------------------------------------------------------------


def _values(**values) -> dict:
    return {
        "title": (values.get("title") or "").strip(),
        "recipient": (values.get("recipient") or "").strip(),
        "purpose": textdiff.normalise(values.get("purpose")).strip("\n"),
        "body": textdiff.normalise(values.get("body")),
    }


def values_of(rev: StatementRevision) -> dict:
    return {name: getattr(rev, name) for name in FIELDS}


def _add_revision(
    statement: Statement,
    values: dict,
    *,
    by,
    summary: str = "",
    kind: str = "edit",
    restored_from: int | None = None,
    now: datetime | None = None,
) -> StatementRevision:
    """Insert revision n+1; raises IntegrityError if another save took that number."""
    now = now or utcnow()
    rev = StatementRevision(
        statement_id=statement.id,
        coalition_id=statement.coalition_id,
        number=statement.current_number + 1,
        body_html=str(render_markdown(values["body"])),
        summary=(summary or "").strip()[:300],
        kind=kind,
        restored_from=restored_from,
        author_id=by.id,
        association_id=by.association_id,
        created_at=now,
        **values,
    )
    with db.session.begin_nested():
        db.session.add(rev)
        db.session.flush()
    statement.current_number = rev.number
    statement.title, statement.recipient, statement.purpose = (
        values["title"],
        values["recipient"],
        values["purpose"],
    )
    statement.updated_at = now
    db.session.flush()
    return rev


def create_statement(
    coalition: Coalition,
    *,
    by,
    title: str,
    recipient: str = "",
    purpose: str = "",
    body: str = "",
    summary: str = "",
    now: datetime | None = None,
) -> Statement:
    now = now or utcnow()
    values = _values(title=title, recipient=recipient, purpose=purpose, body=body)
    statement = Statement(
        coalition_id=coalition.id,
        title=values["title"],
        recipient=values["recipient"],
        purpose=values["purpose"],
        created_by_id=by.id,
        created_by_association_id=by.association_id,
        created_at=now,
        updated_at=now,
    )
    db.session.add(statement)
    db.session.flush()
    _add_revision(statement, values, by=by, summary=summary, now=now)
    transparency.record(coalition.id, "statement.created", statement.title, user=by, obj=statement)
    return statement


@dataclass
class Conflict:
    """Another save touched the same lines: nothing was saved."""

    base: StatementRevision
    current: StatementRevision
    mine: dict
    fields: list[str]  # the fields in conflict


@dataclass
class SaveResult:
    revision: StatementRevision | None = None
    merged: bool = False
    unchanged: bool = False
    conflict: Conflict | None = None


def merge(base: dict, mine: dict, theirs: dict) -> tuple[dict, list[str]]:
    """Three-way merge of every field; returns (merged values, fields in conflict)."""
    merged, conflicts = {}, []
    for name in FIELDS:
        how = textdiff.merge_text if name in ("body", "purpose") else textdiff.merge_value
        value = how(base[name], mine[name], theirs[name])
        if value is None:
            conflicts.append(name)
            value = mine[name]
        merged[name] = value
    return merged, conflicts


def save(
    statement: Statement,
    *,
    by,
    base_revision_id: int,
    title: str,
    recipient: str = "",
    purpose: str = "",
    body: str = "",
    summary: str = "",
    now: datetime | None = None,
) -> SaveResult:
    """Save an edit made on revision `base_revision_id` (see the module docstring)."""
    now = now or utcnow()
    signoff.sync(statement, now=now)
    if not statement.is_editable:
        raise StatementError(
            _l(
                "This statement can no longer be edited: it is %(status)s.",
                status=statement.status_label.lower(),
            )
        )
    mine = _values(title=title, recipient=recipient, purpose=purpose, body=body)
    for _attempt in range(SAVE_ATTEMPTS):
        revisions_.lock(statement)
        current = current_revision(statement)
        if base_revision_id == current.id:
            values, merged = mine, False
        else:
            base = db.session.get(StatementRevision, base_revision_id)
            if base is None or base.statement_id != statement.id:
                raise StatementError(_l("The version you started from is unknown."))
            values, conflicts = merge(values_of(base), mine, values_of(current))
            if conflicts:
                return SaveResult(conflict=Conflict(base, current, mine, conflicts))
            merged = True
        if values == values_of(current):
            return SaveResult(revision=current, unchanged=True, merged=merged)
        try:
            rev = _add_revision(
                statement,
                values,
                by=by,
                summary=summary,
                kind="merge" if merged else "edit",
                now=now,
            )
        except IntegrityError:
            if revision(statement, statement.current_number + 1) is None:
                raise
            # Someone saved between our read and our write: read again and merge.
            continue
        signoff.reopen_on_change(statement, rev, by=by, now=now)
        return SaveResult(revision=rev, merged=merged)
    raise StatementError(_l("Many people are saving at once; please save again."))


def restore(
    statement: Statement,
    number: int,
    *,
    by,
    base_revision_id: int,
    now: datetime | None = None,
) -> StatementRevision:
    """Make an earlier revision the current text again, as a new revision."""
    now = now or utcnow()
    signoff.sync(statement, now=now)
    if not statement.is_editable:
        raise StatementError(
            _l(
                "This statement can no longer be edited: it is %(status)s.",
                status=statement.status_label.lower(),
            )
        )
    revisions_.lock(statement)
    current = current_revision(statement)
    if current.id != base_revision_id:
        raise StatementError(
            _l("The statement was changed meanwhile: look at the latest revision first.")
        )
    old = revision(statement, number)
    if old is None:
        raise StatementError(_l("There is no such revision."))
    if values_of(old) == values_of(current):
        raise StatementError(_l("This revision is the same as the current text."))
    rev = _add_revision(
        statement, values_of(old), by=by, kind="restore", restored_from=number, now=now
    )
    transparency.record(
        statement.coalition_id,
        "statement.restored",
        f"{statement.title} — {old.number} → {rev.number}",
        user=by,
        obj=statement,
    )
    signoff.reopen_on_change(statement, rev, by=by, now=now)
    return rev


# --- comments ---------------------------------------------------------------------------


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


# --- after adoption -----------------------------------------------------------------------


def record_event(
    statement: Statement, kind: str, *, by, on: date, note: str = "", now=None
) -> StatementEvent:
    """Sent, answered, taken up: dated, with a note; the status only moves forward."""
    if kind not in (SENT, ANSWERED, TAKEN_UP):
        raise StatementError(_l("Choose what happened."))
    if not statement.is_adopted:
        raise StatementError(_l("Only an adopted statement can be sent or answered."))
    event = StatementEvent(
        statement_id=statement.id,
        coalition_id=statement.coalition_id,
        kind=kind,
        on=on,
        note=(note or "").strip(),
        user_id=by.id,
        association_id=by.association_id,
        created_at=now or utcnow(),
    )
    db.session.add(event)
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
    db.session.add(
        StatementEvent(
            statement_id=statement.id,
            coalition_id=statement.coalition_id,
            kind=STATEMENT_WITHDRAWN,
            on=now.date(),
            note=(note or "").strip(),
            user_id=by.id,
            association_id=by.association_id,
            created_at=now,
        )
    )
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


def register_actions() -> None:
    for code, label in ACTIONS.items():
        transparency.register_action(code, label)
