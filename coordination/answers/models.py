"""The answer links sent in e-mails: one row per link, only a hash of its token kept."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import db, utcnow

# What a link lets its delegate answer, for their association.
DECISION = "decision"  # a collective decision (object: the decision)
SIGNOFF = "signoff"  # a statement's sign-off, a consent decision underneath (the statement)
POLL = "poll"  # a date poll: yes / if needed / no for each date (the poll)
ATTENDANCE = "attendance"  # who comes to a meeting (the meeting)
KINDS = (DECISION, SIGNOFF, POLL, ATTENDANCE)


class AnswerLink(db.Model):
    """One link of one e-mail: one delegate, one object, one kind of answer."""

    __tablename__ = "answer_link"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('decision', 'signoff', 'poll', 'attendance')", name="kind"),
        sa.Index("ix_answer_link_user_revoked", "user_id", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(12))
    object_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # Set when the delegate logs out everywhere, changes or resets the password, or is
    # withdrawn: the link stops working for good.
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<AnswerLink {self.id} {self.kind} {self.object_id} user {self.user_id}>"
