"""What institutions promised a coalition, and the timeline of following each promise up.

The tables keep the names they had inside the directory (`commitment`,
`commitment_follow_up`): no migration. Every table carries `coalition_id`, so that
`scoped_or_404` answers 404 across coalitions.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.commitments.deadlines import PENDING
from coordination.db import CoalitionRow, TimestampMixin, db, utcnow


class Commitment(CoalitionRow, TimestampMixin, db.Model):
    """What an institution promised, who promised it, when, where, and by what date."""

    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'kept', 'partial', 'broken')", name="status"),
        sa.Index("ix_commitment_coalition_status_due", "coalition_id", "status", "due_on"),
    )

    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contact.id"), index=True)
    promised_by: Mapped[str] = mapped_column(sa.String(200), default="")
    title: Mapped[str] = mapped_column(sa.String(300))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    promised_on: Mapped[date]
    context: Mapped[str] = mapped_column(sa.String(300), default="")
    # The coalition meeting where it was said (same coalition; checked by the operations).
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    # The statement it answers. A plain integer until the statements feature adds its key.
    statement_id: Mapped[int | None]
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(10), default=PENDING)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    institution = relationship("Institution", lazy="raise")
    contact = relationship("Contact", lazy="raise")
    meeting = relationship("Meeting", lazy="raise")
    follow_ups = relationship(
        "CommitmentFollowUp",
        back_populates="commitment",
        lazy="raise",
        order_by="[CommitmentFollowUp.happened_on, CommitmentFollowUp.id]",
        cascade="all, delete-orphan",
    )


class CommitmentFollowUp(CoalitionRow, db.Model):
    """One step in a commitment's timeline: what happened, who wrote it, a status change,
    a due date moved."""

    commitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    happened_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    new_status: Mapped[str | None] = mapped_column(sa.String(10))
    # A due date moved (by the institution, or corrected in the commitment's form): the
    # date before and the date after, both kept so the story reads "from … to …".
    old_due_on: Mapped[date | None]
    new_due_on: Mapped[date | None]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    author_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    commitment = relationship("Commitment", back_populates="follow_ups", lazy="raise")
    author = relationship("User", lazy="raise")
    author_association = relationship("Association", lazy="raise")

    def __repr__(self) -> str:
        return f"<CommitmentFollowUp {self.id} of {self.commitment_id}>"
