"""Every read of the statement pages, built once at import: the ORM readers of the
pages that change a statement, and lean rows (names joined in) for the pages that only
show values."""

from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from markupsafe import Markup

from coordination.accounts.models import User
from coordination.coalitions.models import GUEST, MEMBER, Association, Coalition, Membership
from coordination.coalitions.reads import row_shape, rows_as, with_who_did_it
from coordination.consent.models import OPEN, Decision, DecisionAnswer
from coordination.consent.reads import not_answered_by
from coordination.db import columns_of, read_rows
from coordination.extensions import db
from coordination.statements.models import (
    CONSULTATION,
    DRAFT,
    EVENT_LABELS,
    Statement,
    StatementComment,
    StatementEvent,
    StatementRevision,
    StatementSignatory,
)
from coordination.statements.revisions import FIELDS, current_revision

R, C, E, S = StatementRevision, StatementComment, StatementEvent, StatementSignatory

# --- ORM readers ----------------------------------------------------------------------------


def _select_of(model, statement: Statement, order: tuple, *joined) -> sa.Select:
    """The statement's rows of `model` (revisions, comments, signatories, events) as ORM
    objects, in `order`, with the `joined` relationships loaded in the same query."""
    return (
        sa.select(model)
        .where(model.statement_id == statement.id)
        .options(*(sa.orm.joinedload(relationship) for relationship in joined))
        .order_by(*order)
    )


def revisions(statement: Statement, *, limit: int | None = None, offset: int = 0):
    """Newest first, with author and association, without the texts (for lists)."""
    stmt = (
        _select_of(R, statement, (R.number.desc(),), R.author, R.association)
        .options(*(sa.orm.defer(text) for text in (R.body, R.body_html, R.purpose)))
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return db.session.scalars(stmt).all()


def comments(statement: Statement) -> list[StatementComment]:
    order = (C.created_at, C.id)
    return db.session.scalars(
        _select_of(C, statement, order, C.author, C.association, C.resolved_by)
    ).all()


def signatories(statement: Statement) -> list[StatementSignatory]:
    return db.session.scalars(_select_of(S, statement, (S.guest, S.name))).all()


def events(statement: Statement) -> list[StatementEvent]:
    return db.session.scalars(_select_of(E, statement, (E.on, E.id), E.user, E.association)).all()


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
    with_who_did_it(
        sa.select(*columns_of(R, "number created_at summary kind restored_from")),
        R.author_id,
        R.association_id,
        "author_name",
        "association_short_name",
    )
    .add_columns(sa.case((R.number == sa.bindparam("current"), R.body_html)).label("body_html"))
    .where(R.statement_id == sa.bindparam("statement_id"))
    .order_by(R.number.desc())
    .limit(sa.bindparam("limit"))
)


RecentRevision = row_shape("RecentRevision", _RECENT)


def recent_revisions(
    statement: Statement, limit: int
) -> tuple[CurrentRevision, list[RecentRevision]]:
    """The current revision (number, date, HTML) and the `limit` latest revisions (rows of
    number, created_at, summary, kind, restored_from, author_name, association_short_name):
    one query, the current revision being the latest."""
    rows = rows_as(
        RecentRevision,
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
        *columns_of(C, "id revision_number quote body created_at resolved_at"),
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


CommentLine = row_shape("CommentLine", _COMMENTS)


def comment_rows(statement: Statement) -> list[CommentLine]:
    """Oldest first: rows of id, revision_number, quote, body, created_at, resolved_at,
    author_name, association_name, resolved_by_name (None when that person is gone)."""
    return rows_as(CommentLine, _COMMENTS, {"statement_id": statement.id})


_EVENTS = (
    with_who_did_it(
        sa.select(*columns_of(E, "on kind note")),
        E.user_id,
        E.association_id,
        association_as="association_short_name",
    )
    .where(E.statement_id == sa.bindparam("statement_id"))
    .order_by(E.on, E.id)
)


def event_lines(statement: Statement) -> list[EventLine]:
    return rows_as(EventLine, _EVENTS, {"statement_id": statement.id})


_SIGNATORIES = (
    sa.select(S.name, S.guest)
    .where(S.statement_id == sa.bindparam("statement_id"))
    .order_by(S.guest, S.name)
)


SignatoryLine = row_shape("SignatoryLine", _SIGNATORIES)


def signatory_rows(statement: Statement) -> list[SignatoryLine]:
    """Rows of name, guest: members first, by name."""
    return rows_as(SignatoryLine, _SIGNATORIES, {"statement_id": statement.id})


_TWO_REVISIONS = (
    sa.select(
        *columns_of(R, "number created_at summary"),
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


RevisionTexts = row_shape("RevisionTexts", _TWO_REVISIONS)


def revisions_to_compare(statement: Statement, *numbers: int) -> dict[int, RevisionTexts]:
    """By number: rows of number, created_at, summary, the texts, author_name and the name of
    the author's association (None when the author is gone)."""
    rows = rows_as(
        RevisionTexts,
        _TWO_REVISIONS,
        {"statement_id": statement.id, "numbers": list(numbers)},
    )
    return {row.number: row for row in rows}


# --- the statement and its coalition, for the pages of one statement ----------------------


def _member_of_coalition():
    """Join condition: the delegate's association is a member of the statement's coalition
    (what `coalition_or_404` checks)."""
    return sa.and_(
        Membership.coalition_id == Statement.coalition_id,
        Membership.association_id == sa.bindparam("association_id"),
        Membership.role == MEMBER,
        Membership.is_current,
    )


_WHERE = (
    Statement.id == sa.bindparam("statement_id"),
    Statement.coalition_id == sa.bindparam("coalition_id"),
)

# The statement and its coalition in one query, for the views that change them.
_LOAD = (
    sa.select(Statement, Coalition)
    .join(Coalition, Coalition.id == Statement.coalition_id)
    .join(Membership, _member_of_coalition())
    .where(*_WHERE)
)


def statement_to_change(params: dict) -> tuple[Statement, Coalition] | None:
    """(statement, coalition) as ORM objects when the delegate's association (params:
    association_id, statement_id, coalition_id) is a member of its coalition."""
    row = db.session.execute(_LOAD, params).first()
    return None if row is None else (row[0], row[1])


class CoalitionFacts(NamedTuple):
    """What the statement pages show of the coalition (and its sub-navigation needs)."""

    id: int
    name: str
    decision_days: int
    public_statements: bool
    viewer_role: str


class DecisionFacts(NamedTuple):
    """What the statement page reads of its decision (a row, not the ORM object)."""

    id: int
    coalition_id: int
    status: str
    round: int
    deadline: datetime | None
    guests_may_answer: bool
    opened_by_association_id: int | None
    payload: dict | None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


DECISION_FACTS = tuple(getattr(Decision, name) for name in DecisionFacts._fields)


def _labelled(prefix: str, model, names) -> list:
    return [getattr(model, name).label(prefix + name) for name in names]


def _facts(row, shape, prefix: str):
    """A NamedTuple of `shape` from the columns labelled `prefix` + field (by name)."""
    values = row._mapping
    return shape._make(values[prefix + name] for name in shape._fields)


_COALITION_FIELDS = ("name", "decision_days", "public_statements")

# The same as rows, with the facts of the statement's decision: for the pages that only
# read (the statement page, the comparison of two revisions). Columns by name, not place.
_READ = (
    sa.select(
        *_labelled("s_", Statement, StatementFacts._fields),
        *_labelled("c_", Coalition, _COALITION_FIELDS),
        *_labelled("d_", Decision, DecisionFacts._fields),
    )
    .join(Coalition, Coalition.id == Statement.coalition_id)
    .join(Membership, _member_of_coalition())
    .outerjoin(Decision, Decision.id == Statement.decision_id)
    .where(*_WHERE)
)


def statement_to_read(params: dict):
    """(CoalitionFacts, StatementFacts, DecisionFacts or None), or None as
    `statement_to_change`."""
    rows = read_rows(_READ, params)
    if not rows:
        return None
    row = rows[0]
    statement = _facts(row, StatementFacts, "s_")
    values = row._mapping
    coalition = CoalitionFacts(
        statement.coalition_id, *(values["c_" + name] for name in _COALITION_FIELDS), MEMBER
    )
    decision = _facts(row, DecisionFacts, "d_") if values["d_id"] is not None else None
    return coalition, statement, decision


_DECISION = sa.select(*DECISION_FACTS).where(Decision.id == sa.bindparam("decision_id"))


def decision_facts(decision_id: int | None) -> DecisionFacts | None:
    if decision_id is None:
        return None
    row = db.session.execute(_DECISION, {"decision_id": decision_id}).first()
    return DecisionFacts(*row) if row else None


# --- the sign-off -------------------------------------------------------------------------

# The coalition's current members and guests, and the answers of the decision's current
# round, each with the association's name: one query for the whole sign-off section.
SIGN_OFF_PEOPLE = sa.union_all(
    sa.select(
        Membership.role.label("kind"),
        Membership.association_id,
        Association.name,
        sa.cast(sa.null(), sa.String).label("answer"),
        sa.cast(sa.null(), sa.Text).label("reason"),
    )
    .join(Association, Association.id == Membership.association_id)
    .where(
        Membership.coalition_id == sa.bindparam("coalition_id"),
        Membership.role.in_((MEMBER, GUEST)),
        Membership.is_current,
    ),
    sa.select(
        sa.literal_column("'answer'").label("kind"),
        DecisionAnswer.association_id,
        Association.name,
        DecisionAnswer.answer,
        DecisionAnswer.reason,
    )
    .join(Association, Association.id == DecisionAnswer.association_id)
    .where(
        DecisionAnswer.decision_id == sa.bindparam("decision_id"),
        DecisionAnswer.round == sa.bindparam("round"),
    ),
)


# Built once (composing it costs more than running it).
AWAITING_SIGN_OFF = (
    sa.select(
        *columns_of(Statement, "id coalition_id decision_id title recipient"),
        Decision.guests_may_answer,
        Decision.deadline,
    )
    .join(Decision, Decision.id == Statement.decision_id)
    .where(
        Statement.coalition_id.in_(sa.bindparam("coalition_ids", expanding=True)),
        Statement.status == CONSULTATION,
        Decision.status == OPEN,
        not_answered_by(sa.bindparam("association_id")),
    )
    .order_by(Decision.deadline, Statement.id)
)

SignOffPerson = row_shape("SignOffPerson", SIGN_OFF_PEOPLE)
WaitingStatement = row_shape("WaitingStatement", AWAITING_SIGN_OFF)
assert EventLine._fields == tuple(_EVENTS.selected_columns.keys())
