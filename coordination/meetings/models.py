"""Meetings of a coalition: agenda, attendance, minutes, action items, date polls, guest
speakers, rotation swaps and private calendar feeds. Every row carries coalition_id."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import CoalitionRow, IndexedCoalitionRow, TimestampMixin, db, utcnow

PLANNED, HELD, CANCELLED = "planned", "held", "cancelled"
MEETING_STATUSES = (PLANNED, HELD, CANCELLED)

OPEN_ACTION, DONE, DROPPED = "open", "done", "dropped"
ACTION_STATUSES = (OPEN_ACTION, DONE, DROPPED)

YES, MAYBE, NO = "yes", "maybe", "no"
POLL_ANSWERS = (YES, MAYBE, NO)

TO_CONTACT, INVITED, CONFIRMED, DECLINED, CAME, GUEST_CANCELLED = (
    "to_contact",
    "invited",
    "confirmed",
    "declined",
    "came",
    "cancelled",
)
GUEST_STATUSES = (TO_CONTACT, INVITED, CONFIRMED, DECLINED, CAME, GUEST_CANCELLED)

HOST, FACILITATOR, NOTE_TAKER = "host", "facilitator", "note_taker"
ROLES = (HOST, FACILITATOR, NOTE_TAKER)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Meeting(CoalitionRow, TimestampMixin, db.Model):
    __table_args__ = (
        sa.CheckConstraint(_in("status", MEETING_STATUSES), name="status"),
        sa.Index("ix_meeting_coalition_starts", "coalition_id", "starts_at"),
    )

    title: Mapped[str] = mapped_column(sa.String(200), default="")
    # None while the date is still being chosen (a date poll is open).
    starts_at: Mapped[datetime | None]
    duration_minutes: Mapped[int] = mapped_column(default=150)
    place: Mapped[str] = mapped_column(sa.Text, default="")
    access_notes: Mapped[str] = mapped_column(sa.Text, default="")
    video_url: Mapped[str] = mapped_column(sa.String(500), default="")
    host_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    note_taker_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(10), default=PLANNED)
    minutes: Mapped[str] = mapped_column(sa.Text, default="")
    minutes_version: Mapped[int] = mapped_column(default=0)
    minutes_updated_at: Mapped[datetime | None]
    minutes_updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    host = relationship("Association", lazy="raise")
    facilitator = relationship("User", foreign_keys=[facilitator_id], lazy="raise")
    note_taker = relationship("User", foreign_keys=[note_taker_id], lazy="raise")
    minutes_updated_by = relationship("User", foreign_keys=[minutes_updated_by_id], lazy="raise")
    guest_associations = relationship("MeetingGuest", lazy="raise", order_by="MeetingGuest.id")

    @property
    def is_planned(self) -> bool:
        return self.status == PLANNED

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.starts_at} {self.status}>"


class MeetingGuest(IndexedCoalitionRow, db.Model):
    """A guest association invited to one meeting (guests see only those meetings)."""

    __table_args__ = (sa.UniqueConstraint("meeting_id", "association_id"),)

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"), index=True)

    association = relationship("Association", lazy="joined", innerjoin=True)


class AgendaItem(IndexedCoalitionRow, TimestampMixin, db.Model):
    __table_args__ = (sa.Index("ix_agenda_item_meeting_position", "meeting_id", "position"),)

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    topic: Mapped[str] = mapped_column(sa.String(100), default="")
    duration_minutes: Mapped[int] = mapped_column(default=15)
    links: Mapped[str] = mapped_column(sa.Text, default="")  # one http(s) URL a line
    urgent: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    proposer_association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    proposer_association = relationship("Association", lazy="raise")
    proposed_by = relationship("User", lazy="raise")

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in (self.links or "").splitlines() if line.strip()]


class Attendance(IndexedCoalitionRow, db.Model):
    """One person coming to a meeting for an association: a delegate or a named extra."""

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "user_id"),
        sa.Index("ix_attendance_meeting_association", "meeting_id", "association_id"),
    )

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    extra_name: Mapped[str] = mapped_column(sa.String(120), default="")

    user = relationship("User", lazy="raise")
    association = relationship("Association", lazy="raise")

    @property
    def display_name(self) -> str:
        return self.user.name if self.user_id else self.extra_name


class MeetingDecision(IndexedCoalitionRow, TimestampMixin, db.Model):
    """A decision recorded in the minutes."""

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )


class ActionItem(CoalitionRow, TimestampMixin, db.Model):
    __table_args__ = (
        sa.CheckConstraint(_in("status", ACTION_STATUSES), name="status"),
        sa.Index("ix_action_item_coalition_status", "coalition_id", "status"),
    )

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(sa.Text)
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(10), default=OPEN_ACTION)
    closed_at: Mapped[datetime | None]

    meeting = relationship("Meeting", lazy="raise")
    association = relationship("Association", lazy="raise")
    assignee = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<ActionItem {self.id} {self.status}>"


class DatePoll(IndexedCoalitionRow, TimestampMixin, db.Model):
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None]

    slots = relationship("PollSlot", lazy="raise", order_by="(PollSlot.starts_at, PollSlot.id)")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PollSlot(IndexedCoalitionRow, db.Model):
    poll_id: Mapped[int] = mapped_column(
        sa.ForeignKey("date_poll.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    chosen: Mapped[bool] = mapped_column(default=False)


class PollAnswer(IndexedCoalitionRow, db.Model):
    """One association's answer for one slot (any of its delegates may set or change it)."""

    __table_args__ = (
        sa.UniqueConstraint("slot_id", "association_id"),
        sa.CheckConstraint(_in("answer", POLL_ANSWERS), name="answer"),
    )

    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("poll_slot.id", ondelete="CASCADE"))
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    answer: Mapped[str] = mapped_column(sa.String(10))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class GuestInvitation(IndexedCoalitionRow, TimestampMixin, db.Model):
    """A guest speaker invited to a meeting, on an agenda item."""

    __table_args__ = (sa.CheckConstraint(_in("status", GUEST_STATUSES), name="status"),)

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    organisation: Mapped[str] = mapped_column(sa.String(200))
    person: Mapped[str] = mapped_column(sa.String(120), default="")
    role: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    postal_address: Mapped[str] = mapped_column(sa.Text, default="")
    topic: Mapped[str] = mapped_column(sa.String(300))
    delegate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(12), default=TO_CONTACT)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting = relationship("Meeting", lazy="raise")
    agenda_item = relationship("AgendaItem", lazy="raise")
    delegate = relationship("User", lazy="raise")
    changes = relationship("GuestStatusChange", lazy="raise", order_by="GuestStatusChange.id")

    def __repr__(self) -> str:
        return f"<GuestInvitation {self.id} {self.organisation!r} {self.status}>"


class GuestStatusChange(IndexedCoalitionRow, db.Model):
    invitation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("guest_invitation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(12))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    by = relationship("User", lazy="raise")


class RotationSwap(IndexedCoalitionRow, TimestampMixin, db.Model):
    """`took` hosts (or facilitates…) in place of `gave`, whose turn it was; `gave` keeps
    its place at the head of the queue and is proposed right after."""

    __table_args__ = (sa.CheckConstraint(_in("role", ROLES), name="role"),)

    role: Mapped[str] = mapped_column(sa.String(12), default=HOST)
    gave_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    took_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    recorded_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    gave = relationship("Association", foreign_keys=[gave_id], lazy="raise")
    took = relationship("Association", foreign_keys=[took_id], lazy="raise")


class CalendarFeed(TimestampMixin, db.Model):
    """A delegate's private iCal feed address; only a hash of its secret is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    last_used_at: Mapped[datetime | None]

    user = relationship("User", lazy="joined", innerjoin=True)
