"""The minutes' history and their approval at the next meeting.

- MinutesRevision: every saved state of a meeting's minutes (never changed afterwards),
  numbered 1, 2… per meeting, with who and when; `Meeting.minutes` stays the current
  text (the pages, the search and the optimistic lock read it there).
- MinutesApproval: one approval round of a meeting's minutes. It is opened when the
  minutes need approving and holds the agenda item "Approbation du compte rendu du …"
  put on the next meeting (`at_meeting_id`); it is closed (`approved_at`) when that
  meeting approves a revision, with the decision recorded there. A change to approved
  minutes opens a new round. The minutes are approved when the latest closed round
  approved the current revision.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import TimestampMixin, db, utcnow


class MinutesRevision(db.Model):
    __table_args__ = (sa.UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text, default="")
    # Set when the revision holds the corrections agreed at the meeting that approved it.
    corrected_at_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<MinutesRevision {self.meeting_id}#{self.number}>"


class MinutesApproval(TimestampMixin, db.Model):
    __table_args__ = (sa.Index("ix_minutes_approval_meeting", "meeting_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id"), index=True)
    # The meeting whose minutes are approved.
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    # The meeting that approves them, and the item on its agenda.
    at_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    # Filled in when approved.
    revision_number: Mapped[int | None]
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting_decision.id", ondelete="SET NULL")
    )

    @property
    def is_open(self) -> bool:
        return self.approved_at is None

    def __repr__(self) -> str:
        state = "open" if self.is_open else f"approved #{self.revision_number}"
        return f"<MinutesApproval {self.meeting_id} {state}>"
