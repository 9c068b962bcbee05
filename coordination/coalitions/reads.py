"""Every read of the coalition pages, built once at import (composing a statement costs
more than running it): the association's coalitions and roles, the coalition's members,
its open decisions and its log."""

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
from coordination.db import read_rows

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
        Membership.association_id,
        Membership.role,
        Membership.since,
        Association.name,
        Association.short_name,
    )
    .join(Association, Association.id == Membership.association_id)
    .where(Membership.coalition_id == sa.bindparam("coalition_id"), Membership.is_current)
    .order_by(Membership.role.desc(), Association.name)
)


def membership_rows(coalition_id: int) -> list[sa.Row]:
    """The coalition's current associations as rows (association_id, role, since, name,
    short_name), members first, by name — for pages that only show them."""
    return read_rows(_MEMBERSHIP_ROWS, {"coalition_id": coalition_id})


_OPEN_DECISIONS = (
    sa.select(Decision.id, Decision.title, Decision.deadline)
    .where(Decision.coalition_id == sa.bindparam("coalition_id"), Decision.status == OPEN)
    .order_by(Decision.deadline)
)

# Rows of at, action, summary, user_name, association (short name), latest first.
_LOG_PAGE = (
    sa.select(
        LogEntry.at,
        LogEntry.action,
        LogEntry.summary,
        User.name.label("user_name"),
        Association.short_name.label("association"),
    )
    .outerjoin(User, User.id == LogEntry.user_id)
    .outerjoin(Association, Association.id == LogEntry.association_id)
    .where(LogEntry.coalition_id == sa.bindparam("coalition_id"))
    .order_by(LogEntry.at.desc(), LogEntry.id.desc())
    .offset(sa.bindparam("offset"))
    .limit(sa.bindparam("limit"))
)


def open_decisions(coalition_id: int) -> list[sa.Row]:
    """Rows of id, title, deadline of the coalition's open decisions, soonest first."""
    return read_rows(_OPEN_DECISIONS, {"coalition_id": coalition_id})


def log_page(coalition_id: int, *, offset: int, limit: int) -> list[sa.Row]:
    """Rows of at, action, summary, user_name, association (short name), latest first."""
    return read_rows(_LOG_PAGE, {"coalition_id": coalition_id, "offset": offset, "limit": limit})
