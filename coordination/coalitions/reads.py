"""Every read of the coalition pages, built once at import (composing a statement costs
more than running it): the association's coalitions and roles, the coalition's members,
its open decisions and its log."""

from collections import namedtuple

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import (
    GUEST,
    MEMBER,
    Association,
    Coalition,
    LogEntry,
    Membership,
)
from coordination.consent.models import OPEN, Decision
from coordination.db import columns_of, read_rows

# --- one row shape for every lean read -----------------------------------------------------


def row_shape(name: str, stmt) -> type:
    """The NamedTuple of a pre-built statement's rows: its fields are the statement's column
    names, in order (so a row converts by `_make`, never by slicing)."""
    return namedtuple(name, stmt.selected_columns.keys())


def rows_as(shape: type, stmt, params: dict) -> list:
    """`read_rows(stmt, params)` as rows of `shape` (see `row_shape`)."""
    return [shape._make(row) for row in read_rows(stmt, params)]


def with_who_did_it(
    stmt,
    user_id,
    association_id,
    user_as="user_name",
    association_as="association",
    *,
    user=User,
    association=Association,
):
    """`stmt` with the name of the user (`user_id`) and the short name of the association
    (`association_id`) who did what the row records, as two more columns labelled
    `user_as`, `association_as`; outer joins: either may be gone since (None then).
    `user`, `association`: aliases, where one statement names several people."""
    return (
        stmt.add_columns(user.name.label(user_as), association.short_name.label(association_as))
        .outerjoin(user, user.id == user_id)
        .outerjoin(association, association.id == association_id)
    )


# [(coalition, role)] of an association's current memberships (ORM: the navigation keeps them).
COALITIONS_AND_ROLES = (
    sa.select(Coalition, Membership.role)
    .join(Membership, Membership.coalition_id == Coalition.id)
    .where(
        Membership.association_id == sa.bindparam("association_id"),
        Membership.is_current,
        Membership.role.in_((MEMBER, GUEST)),
    )
    .order_by(Coalition.name)
)


_MEMBERSHIP_ROWS = (
    sa.select(
        *columns_of(Membership, "association_id role since"),
        Association.name,
        Association.short_name,
    )
    .join(Association, Association.id == Membership.association_id)
    .where(Membership.coalition_id == sa.bindparam("coalition_id"), Membership.is_current)
    .order_by(Membership.role.desc(), Association.name)
)


MembershipRow = row_shape("MembershipRow", _MEMBERSHIP_ROWS)


def membership_rows(coalition_id: int) -> list[MembershipRow]:
    """The coalition's current associations as rows (association_id, role, since, name,
    short_name), members first, by name — for pages that only show them."""
    return rows_as(MembershipRow, _MEMBERSHIP_ROWS, {"coalition_id": coalition_id})


_OPEN_DECISIONS = (
    sa.select(Decision.id, Decision.title, Decision.deadline)
    .where(Decision.coalition_id == sa.bindparam("coalition_id"), Decision.status == OPEN)
    .order_by(Decision.deadline)
)

# Rows of at, action, summary, via, user_name, association (short name), latest first.
_LOG_PAGE = (
    with_who_did_it(
        sa.select(*columns_of(LogEntry, "at action summary via")),
        LogEntry.user_id,
        LogEntry.association_id,
    )
    .where(LogEntry.coalition_id == sa.bindparam("coalition_id"))
    .order_by(LogEntry.at.desc(), LogEntry.id.desc())
    .offset(sa.bindparam("offset"))
    .limit(sa.bindparam("limit"))
)


OpenDecision = row_shape("OpenDecision", _OPEN_DECISIONS)
LogLine = row_shape("LogLine", _LOG_PAGE)


def open_decisions(coalition_id: int) -> list[OpenDecision]:
    """Rows of id, title, deadline of the coalition's open decisions, soonest first."""
    return rows_as(OpenDecision, _OPEN_DECISIONS, {"coalition_id": coalition_id})


def log_page(coalition_id: int, *, offset: int, limit: int) -> list[LogLine]:
    """Rows of at, action, summary, user_name, association (short name), latest first."""
    return rows_as(
        LogLine, _LOG_PAGE, {"coalition_id": coalition_id, "offset": offset, "limit": limit}
    )
