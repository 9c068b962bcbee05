"""Login throttling kept in the database, so it holds across every worker and server.

Three limits, after OWASP's advice against lock-outs:
- one address failing on one account: 5 failures in 15 minutes;
- one address failing on any accounts: 30 failures in 15 minutes;
- one account failing from everywhere: 50 failures in an hour, except from an address
  that logged in to it successfully before, so an attacker cannot lock the owner out.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from coordination.accounts.models import LoginAttempt
from coordination.db import utcnow
from coordination.extensions import db

PAIR_LIMIT, PAIR_WINDOW = 5, timedelta(minutes=15)
ADDRESS_LIMIT, ADDRESS_WINDOW = 30, timedelta(minutes=15)
ACCOUNT_LIMIT, ACCOUNT_WINDOW = 50, timedelta(hours=1)
KNOWN_ADDRESS_WINDOW = timedelta(days=90)


def _failures(*conditions, since: datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(LoginAttempt.id)).where(
            LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since, *conditions
        )
    )


def is_throttled(email: str, ip: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    email = email.strip().lower()
    if _failures(LoginAttempt.email == email, LoginAttempt.ip == ip, since=now - PAIR_WINDOW) >= (
        PAIR_LIMIT
    ):
        return True
    if _failures(LoginAttempt.ip == ip, since=now - ADDRESS_WINDOW) >= ADDRESS_LIMIT:
        return True
    if _failures(LoginAttempt.email == email, since=now - ACCOUNT_WINDOW) >= ACCOUNT_LIMIT:
        known = db.session.scalar(
            sa.select(LoginAttempt.id)
            .where(
                LoginAttempt.email == email,
                LoginAttempt.ip == ip,
                LoginAttempt.succeeded.is_(True),
                LoginAttempt.at >= now - KNOWN_ADDRESS_WINDOW,
            )
            .limit(1)
        )
        return known is None
    return False


def record_attempt(email: str, ip: str, succeeded: bool, now: datetime | None = None) -> None:
    db.session.add(
        LoginAttempt(
            email=email.strip().lower()[:254], ip=ip[:45], succeeded=succeeded, at=now or utcnow()
        )
    )
