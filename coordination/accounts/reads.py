"""The accounts' read layer: statements on every request's path, built once."""

import sqlalchemy as sa

from coordination.accounts.models import User, UserSession

# One query per request for the session and its user together.
SESSION_AND_USER = (
    sa.select(
        User,
        UserSession.id,
        UserSession.created_at,
        UserSession.last_seen_at,
        UserSession.second_factor_at,
    )
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.key_hash == sa.bindparam("key_hash"))
)
