"""The accounts' read layer: statements on every request's path, built once."""

import sqlalchemy as sa

from coordination.accounts.models import User, UserSession
from coordination.db import columns_of

# One query per request for the session and its user together.
SESSION_AND_USER = (
    sa.select(
        User,
        *columns_of(UserSession, "id created_at last_seen_at second_factor_at"),
    )
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.key_hash == sa.bindparam("key_hash"))
)
