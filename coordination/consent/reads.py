"""Every read of the decision pages built once at import (composing these statements costs
more than running them): the coalition's decisions, the decisions waiting for an
association, and the one SQL test of "has not answered the current round yet"."""

import sqlalchemy as sa

from coordination.coalitions.models import MEMBER, Association, Membership
from coordination.coalitions.reads import row_shape, rows_as
from coordination.consent.models import OPEN, Decision, DecisionAnswer
from coordination.db import columns_of


def not_answered_by(association_id) -> sa.ColumnElement[bool]:
    """SQL: `association_id` (a value or bind parameter) has not answered the current
    round of `Decision` (for lists of decisions waiting for an association)."""
    return ~(
        sa.select(DecisionAnswer.id)
        .where(
            DecisionAnswer.decision_id == Decision.id,
            DecisionAnswer.round == Decision.round,
            DecisionAnswer.association_id == association_id,
        )
        .exists()
    )


def awaiting_rows(shape: type, stmt, association_id: int, coalition_ids) -> list:
    """Rows of `shape` of a list of what waits for this association's answer in these
    coalitions (`stmt` binds `association_id` and `coalition_ids`); none, without a query,
    when there is no coalition."""
    if not coalition_ids:
        return []
    params = {"association_id": association_id, "coalition_ids": list(coalition_ids)}
    return rows_as(shape, stmt, params)


_DECISION_LIST = (
    sa.select(
        *columns_of(Decision, "id title kind status deadline"),
        Association.short_name.label("proposer"),
    )
    .outerjoin(Association, Association.id == Decision.opened_by_association_id)
    .where(Decision.coalition_id == sa.bindparam("coalition_id"))
    .order_by((Decision.status == OPEN).desc(), Decision.opened_at.desc(), Decision.id.desc())
    .offset(sa.bindparam("offset"))
    .limit(sa.bindparam("limit"))
)


DecisionLine = row_shape("DecisionLine", _DECISION_LIST)


def decision_list(coalition_id: int, *, offset: int, limit: int) -> list[DecisionLine]:
    """Rows of id, title, kind, status, deadline, proposer (short name): open first."""
    return rows_as(
        DecisionLine,
        _DECISION_LIST,
        {"coalition_id": coalition_id, "offset": offset, "limit": limit},
    )


# Built once: composing this statement costs eight times what running it does.
AWAITING = (
    sa.select(
        Decision.id, Decision.coalition_id, Decision.title, Decision.deadline, Decision.payload
    )
    .where(
        Decision.coalition_id.in_(sa.bindparam("coalition_ids", expanding=True)),
        Decision.status == OPEN,
        sa.select(Membership.id)
        .where(
            Membership.coalition_id == Decision.coalition_id,
            Membership.association_id == sa.bindparam("association_id"),
            Membership.role == MEMBER,
            Membership.is_current,
        )
        .exists(),
        not_answered_by(sa.bindparam("association_id")),
    )
    .order_by(Decision.deadline.is_(None), Decision.deadline, Decision.id)
)

AwaitingDecision = row_shape("AwaitingDecision", AWAITING)
