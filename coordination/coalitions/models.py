"""Coalitions, the associations in them, and the transparency log of their changes."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import CoalitionRow, IndexedCoalitionRow, TimestampMixin, db, today, utcnow

MEMBER = "member"
GUEST = "guest"


class Association(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(40))
    venue_name: Mapped[str] = mapped_column(sa.String(200), default="")
    address: Mapped[str] = mapped_column(sa.Text, default="")
    access_notes: Mapped[str] = mapped_column(sa.Text, default="")
    can_host: Mapped[bool] = mapped_column(default=True)

    delegates = relationship("User", back_populates="association", lazy="raise")


class Coalition(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    territory: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Settings, changed only by collective decision.
    cadence_months: Mapped[int] = mapped_column(default=3)
    attendance_quota: Mapped[int] = mapped_column(default=2)
    decision_days: Mapped[int] = mapped_column(default=14)
    stale_contact_months: Mapped[int] = mapped_column(default=6)
    guests_see_directory: Mapped[bool] = mapped_column(default=False)
    public_statements: Mapped[bool] = mapped_column(default=False)
    # Protection of the people in the directory, also decided together.
    directory_second_factor: Mapped[bool] = mapped_column(default=False)
    access_log_months: Mapped[int] = mapped_column(default=12)
    notification_months: Mapped[int] = mapped_column(default=6)

    memberships = relationship("Membership", back_populates="coalition", lazy="raise")


class Membership(IndexedCoalitionRow, db.Model):
    """An association's part in a coalition; left_on keeps the history of who was in when."""

    __table_args__ = (
        sa.CheckConstraint("role IN ('member', 'guest')", name="role"),
        sa.Index(
            "uq_membership_active",
            "coalition_id",
            "association_id",
            unique=True,
            sqlite_where=sa.text("left_on IS NULL"),
            postgresql_where=sa.text("left_on IS NULL"),
        ),
    )

    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(10), default=MEMBER)
    since: Mapped[date] = mapped_column(default=today)
    left_on: Mapped[date | None]

    coalition = relationship("Coalition", back_populates="memberships", lazy="raise")
    association = relationship("Association", lazy="joined", innerjoin=True)

    @hybrid_property
    def is_current(self) -> bool:
        """The one rule for "still in the coalition": not left (in Python and in SQL)."""
        return self.left_on is None

    @is_current.inplace.expression
    @classmethod
    def _is_current_expression(cls):
        return cls.left_on.is_(None)

    def __repr__(self) -> str:
        return f"<Membership {self.association_id} in {self.coalition_id} as {self.role}>"


class LogEntry(CoalitionRow, db.Model):
    """Transparency log: every change to coalition-wide data, readable by all members."""

    __table_args__ = (sa.Index("ix_log_entry_coalition_at", "coalition_id", "at"),)

    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    action: Mapped[str] = mapped_column(sa.String(60))
    summary: Mapped[str] = mapped_column(sa.Text)
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    # How the change came in when not through the site itself: "email" (a link from an
    # e-mail, without logging in; see coordination/answers). Shown in the history.
    via: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")

    user = relationship("User", lazy="raise")
    association = relationship("Association", lazy="raise")
