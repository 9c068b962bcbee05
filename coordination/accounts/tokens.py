"""Single-use expiring tokens for invitations and password resets (only hashes stored)."""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from coordination.accounts.models import AccountToken
from coordination.db import utcnow
from coordination.extensions import db


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(purpose: str, email: str, lifetime: timedelta, **fields) -> tuple[AccountToken, str]:
    token = secrets.token_urlsafe(32)
    row = AccountToken(
        purpose=purpose,
        email=email,
        token_hash=_digest(token),
        expires_at=utcnow() + lifetime,
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row, token


def find_valid(purpose: str, token: str, now: datetime | None = None) -> AccountToken | None:
    """The token if it exists, has this purpose, is unused and not expired."""
    now = now or utcnow()
    row = db.session.scalars(
        sa.select(AccountToken).where(
            AccountToken.token_hash == _digest(token or ""), AccountToken.purpose == purpose
        )
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def consume(row: AccountToken, now: datetime | None = None) -> bool:
    """Mark used; the conditional UPDATE makes a race between two clicks use it once."""
    result = db.session.execute(
        sa.update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=now or utcnow())
    )
    return result.rowcount == 1
