"""The notifications' read layer: statements asked often enough to be built once."""

import sqlalchemy as sa

from coordination.notifications.models import Notification

# Asked on every page (the header's badge).
UNREAD = sa.select(sa.func.count(Notification.id)).where(
    Notification.user_id == sa.bindparam("user_id"), Notification.read_at.is_(None)
)
