"""Collective decisions taken by consent, and each association's answers."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import CoalitionRow, db, utcnow

OPEN, PASSED, BLOCKED, WITHDRAWN = "open", "passed", "blocked", "withdrawn"
AGREE, ABSTAIN, OBJECT = "agree", "abstain", "object"


class Decision(CoalitionRow, db.Model):
    __table_args__ = (
        sa.CheckConstraint("status IN ('open', 'passed', 'blocked', 'withdrawn')", name="status"),
        sa.Index("ix_decision_coalition_status", "coalition_id", "status"),
    )

    kind: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # What the decision would do when it passes; read by the kind's effect handler.
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    subject_type: Mapped[str | None] = mapped_column(sa.String(40))
    subject_id: Mapped[int | None]
    # Guests may answer (e.g. co-sign) when invited, but never block nor count.
    guests_may_answer: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(10), default=OPEN)
    round: Mapped[int] = mapped_column(default=1)
    opened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    opened_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="")

    answers = relationship(
        "DecisionAnswer", back_populates="decision", lazy="raise", order_by="DecisionAnswer.id"
    )
    opened_by = relationship("User", lazy="raise")
    opened_by_association = relationship("Association", lazy="raise")

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


class DecisionAnswer(db.Model):
    """One association's answer in one round. Earlier rounds stay for the record."""

    __table_args__ = (
        sa.CheckConstraint("answer IN ('agree', 'abstain', 'object')", name="answer"),
        sa.UniqueConstraint("decision_id", "association_id", "round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    round: Mapped[int] = mapped_column(default=1)
    answer: Mapped[str] = mapped_column(sa.String(10))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "email" when given from an e-mail's answer link (coordination/answers), else "".
    via: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")

    decision = relationship("Decision", back_populates="answers", lazy="raise")
    association = relationship("Association", lazy="raise")
    user = relationship("User", lazy="raise")
