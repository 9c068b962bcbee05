"""Reads of who is in a coalition, shared by every feature (one rule, one place)."""

import sqlalchemy as sa

from coordination.coalitions.models import MEMBER, Membership
from coordination.extensions import db


def member_ids(coalition_id: int, role: str = MEMBER) -> set[int]:
    """Associations currently in the coalition with this role (members by default)."""
    return set(
        db.session.scalars(
            sa.select(Membership.association_id).where(
                Membership.coalition_id == coalition_id,
                Membership.role == role,
                Membership.is_current,
            )
        )
    )
