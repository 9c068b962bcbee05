"""Reads of who is in a coalition, shared by every feature (one rule, one place)."""

from datetime import date

import sqlalchemy as sa

from coordination.coalitions.models import MEMBER, Membership
from coordination.extensions import db


def member_ids(coalition_id: int, role: str = MEMBER, *, joined_by: date | None = None) -> set[int]:
    """Associations currently in the coalition with this role (members by default); with
    `joined_by`, only those that were already in it on that day."""
    stmt = sa.select(Membership.association_id).where(
        Membership.coalition_id == coalition_id,
        Membership.role == role,
        Membership.is_current,
    )
    if joined_by is not None:
        stmt = stmt.where(Membership.since <= joined_by)
    return set(db.session.scalars(stmt))
