"""The database lock that makes exactly one scheduler do the work.

A row `scheduler_lock(name, holder, expires_at)`: a scheduler holds the lock while its
lease runs and renews it on every heartbeat. Taking it is one conditional UPDATE (held by
me, or expired) and, the very first time, an INSERT that ignores conflicts; both are
atomic on SQLite and PostgreSQL, so two schedulers can never both believe they hold it.
A second scheduler started by mistake stays idle and takes over only once the first
one's lease has expired (it crashed) or was released (it stopped).
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from coordination.db import utcnow
from coordination.extensions import db
from coordination.notifications.models import SchedulerLock
from coordination.notifications.operations import insert_ignoring_conflicts

SCHEDULER = "scheduler"


def hold(
    holder: str, lease: timedelta, *, now: datetime | None = None, name: str = SCHEDULER
) -> bool:
    """Take or renew the lock for `holder`; True if `holder` holds it now. Commits."""
    now = now or utcnow()
    renewed = db.session.execute(
        sa.update(SchedulerLock)
        .where(
            SchedulerLock.name == name,
            sa.or_(SchedulerLock.holder == holder, SchedulerLock.expires_at <= now),
        )
        .values(
            acquired_at=sa.case(
                (SchedulerLock.holder == holder, SchedulerLock.acquired_at),
                else_=sa.literal(now, SchedulerLock.__table__.c.acquired_at.type),
            ),
            holder=holder,
            heartbeat_at=now,
            expires_at=now + lease,
        )
    ).rowcount
    if renewed == 1:
        db.session.commit()
        return True
    created = db.session.execute(
        insert_ignoring_conflicts(SchedulerLock, "name")
        .values(name=name, holder=holder, acquired_at=now, heartbeat_at=now, expires_at=now + lease)
        .returning(SchedulerLock.name)
    ).scalar_one_or_none()
    db.session.commit()
    return created is not None


def release(holder: str, *, now: datetime | None = None, name: str = SCHEDULER) -> bool:
    """Give the lock up at once (a clean stop), so that a standby can take over."""
    result = db.session.execute(
        sa.update(SchedulerLock)
        .where(SchedulerLock.name == name, SchedulerLock.holder == holder)
        .values(expires_at=now or utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


def current(name: str = SCHEDULER) -> SchedulerLock | None:
    return db.session.get(SchedulerLock, name)
