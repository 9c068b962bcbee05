"""Notifications (in the app), the e-mails that carry them, preferences, the scheduler lock.

A `Notification` is one event for one delegate; its `key` (kind, object, recipient,
occasion) is unique, so the same reminder can never be created twice, whatever the number
of sweeps running. An `EmailDelivery` is one outgoing message (one notification sent at
once, or a daily digest of several): its own unique key is claimed before SMTP is called
and its status moves pending → sending (under a lease) → sent, or back to pending with a
later `next_attempt_at`, or failed after the last attempt.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import db, utcnow

# Delivery modes a delegate chooses.
IMMEDIATE, DIGEST, APP_ONLY = "immediate", "digest", "app"
MODES = (IMMEDIATE, DIGEST, APP_ONLY)

# E-mail delivery states.
PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"
SINGLE = "single"  # an EmailDelivery of one notification; the other kind is DIGEST


class EmailDelivery(db.Model):
    __tablename__ = "email_delivery"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="status"
        ),
        sa.CheckConstraint("kind IN ('single', 'digest')", name="kind"),
        sa.Index("ix_email_delivery_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10), default=SINGLE)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str] = mapped_column(sa.String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str] = mapped_column(sa.String(255), default="")
    last_error: Mapped[str] = mapped_column(sa.Text, default="")

    user = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<EmailDelivery {self.id} {self.key!r} {self.status}>"


class Notification(db.Model):
    __table_args__ = (
        sa.Index("ix_notification_user_created", "user_id", "created_at"),
        sa.Index(
            "ix_notification_unread",
            "user_id",
            sqlite_where=sa.text("read_at IS NULL"),
            postgresql_where=sa.text("read_at IS NULL"),
        ),
        sa.Index(
            "ix_notification_digest_waiting",
            "user_id",
            sqlite_where=sa.text("mode = 'digest' AND delivery_id IS NULL"),
            postgresql_where=sa.text("mode = 'digest' AND delivery_id IS NULL"),
        ),
        sa.CheckConstraint("mode IN ('immediate', 'digest', 'app')", name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(60))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    coalition_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("coalition.id", ondelete="CASCADE"), index=True
    )
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    occasion: Mapped[str] = mapped_column(sa.String(80))
    # What the kind's templates need, captured when the event happened (JSON-safe values).
    context: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    mode: Mapped[str] = mapped_column(sa.String(10), default=IMMEDIATE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    delivery_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("email_delivery.id", ondelete="SET NULL"), index=True
    )

    user = relationship("User", lazy="raise")
    delivery = relationship("EmailDelivery", lazy="raise")

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.key!r}>"


class NotificationPreference(db.Model):
    """A delegate's choice for one reminder kind; no row means the kind's default."""

    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(60))
    enabled: Mapped[bool]

    def __repr__(self) -> str:
        return f"<NotificationPreference {self.user_id} {self.kind} {self.enabled}>"


class NotificationSetting(db.Model):
    """How a delegate receives reminders: each at once, in a daily digest, or in the app only."""

    __table_args__ = (sa.CheckConstraint("mode IN ('immediate', 'digest', 'app')", name="mode"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[str] = mapped_column(sa.String(10), default=IMMEDIATE)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<NotificationSetting {self.user_id} {self.mode}>"


class SchedulerLock(db.Model):
    """One row per lock name: who holds it, until when. Only the holder runs the jobs."""

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(sa.String(100))
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<SchedulerLock {self.name} held by {self.holder} until {self.expires_at}>"
