"""Delegates (user accounts), their server-side sessions, login attempts, one-time tokens."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import TimestampMixin, db, utcnow


class User(UserMixin, TimestampMixin, db.Model):
    """A delegate: a volunteer or staff member who represents one association."""

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    locale: Mapped[str] = mapped_column(sa.String(5), default="fr")
    active: Mapped[bool] = mapped_column(default=True)
    withdrawn_at: Mapped[datetime | None]
    # Personal data erased after the retention period that followed the withdrawal; the
    # name then reads "ancien·ne délégué·e de <association>" (accounts/retention.py).
    erased_at: Mapped[datetime | None]

    association = relationship("Association", back_populates="delegates", lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # Flask-Login keeps this in the cookie; we keep the session key instead (see login).
        return str(getattr(self, "session_key", ""))


class UserSession(db.Model):
    """A login on one device. The cookie holds only its random key: deleting the row ends
    the session for good, even for a copied cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    # When this session proved the second factor (a code at login, or later on demand):
    # tied to the server-side row, so a copied cookie cannot claim it elsewhere.
    second_factor_at: Mapped[datetime | None]

    user = relationship("User", lazy="joined", innerjoin=True)


class LoginAttempt(db.Model):
    """Kept in the database so that throttling holds across all workers and servers."""

    __table_args__ = (
        sa.Index("ix_login_attempt_email_at", "email", "at"),
        sa.Index("ix_login_attempt_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    ip: Mapped[str] = mapped_column(sa.String(45))
    succeeded: Mapped[bool]
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AccountToken(db.Model):
    """Single-use, expiring link: an invitation to become a delegate, or a password reset.
    Only a hash of the token is stored."""

    __table_args__ = (sa.CheckConstraint("purpose IN ('invite', 'reset')", name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(sa.String(10))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    association = relationship("Association", lazy="raise")
    created_by = relationship("User", foreign_keys=[created_by_id], lazy="raise")


class SecondFactor(db.Model):
    """A delegate's authenticator application (TOTP, RFC 6238). `confirmed_at` is empty
    while the delegate is setting it up: it counts only once a first code was right.
    `last_step` is the last 30-second step whose code was accepted: a code is usable once
    (RFC 6238 section 5.2), so no later code may be at or before it."""

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    last_used_at: Mapped[datetime | None]


class RecoveryCode(db.Model):
    """One of the ten single-use codes for a lost phone; only a keyed hash is stored
    (see accounts/second_factor.py for why a keyed hash, not Argon2)."""

    __table_args__ = (sa.Index("ix_recovery_code_user_hash", "user_id", "code_hash", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
