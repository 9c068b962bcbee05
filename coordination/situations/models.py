"""Situations an association follows, their steps and obstacles, and the collectif's own
additions to the lists of themes and obstacles.

A situation never holds a person's identity: its free text goes through the identity guard
(identity_guard.py) in the operations. Themes and obstacles are codes: the built-in ones
are constants (vocabulary.py, translated), a collectif's own additions are rows of
`situation_term` whose code is "own-<n>". Every table carries `coalition_id`, so that
`scoped_or_404` answers 404 across collectifs.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import AuthoredMixin, CoalitionRow, IndexedCoalitionRow, db, utcnow
from coordination.situations.vocabulary import OUTCOMES, STEP_KINDS, TERM_KINDS


def _in(column: str, values) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=column)


class Situation(CoalitionRow, db.Model):
    """A case an association follows with an institution: opened, maybe closed with an
    outcome (the delay is closed_on − opened_on). Reopening clears the outcome."""

    __table_args__ = (
        _in("outcome", OUTCOMES),
        sa.CheckConstraint("(outcome IS NULL) = (closed_on IS NULL)", name="closed"),
        sa.CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="order"),
        sa.Index("ix_situation_coalition_opened", "coalition_id", "opened_on"),
    )

    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"), index=True)
    followed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    theme: Mapped[str] = mapped_column(sa.String(40))
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("office.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contact.id"), index=True)
    opened_on: Mapped[date]
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    outcome: Mapped[str | None] = mapped_column(sa.String(12))
    closed_on: Mapped[date | None]
    # False for situations carried over from notes that gave no number of days.
    delay_known: Mapped[bool] = mapped_column(default=True)
    reopened_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    association = relationship("Association", lazy="raise")
    followed_by = relationship("User", lazy="raise")
    institution = relationship("Institution", lazy="raise")
    office = relationship("Office", lazy="raise")
    contact = relationship("Contact", lazy="raise")
    steps = relationship(
        "SituationStep",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[SituationStep.happened_on, SituationStep.id]",
    )
    obstacles = relationship(
        "SituationObstacle", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_open(self) -> bool:
        return self.outcome is None

    def __repr__(self) -> str:
        return f"<Situation {self.id} {self.theme} {self.outcome or 'open'}>"


class SituationStep(AuthoredMixin, CoalitionRow, db.Model):
    """A dated step: referred to, answered, unblocked, refused; closing and reopening too."""

    __table_args__ = (_in("kind", STEP_KINDS),)

    situation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("situation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(12))
    happened_on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="")

    def __repr__(self) -> str:
        return f"<SituationStep {self.id} {self.kind} of {self.situation_id}>"


class SituationObstacle(IndexedCoalitionRow, db.Model):
    """An obstacle met in a situation (a code of the collectif's list)."""

    __table_args__ = (sa.UniqueConstraint("situation_id", "code"),)

    situation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("situation.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(sa.String(40))

    def __repr__(self) -> str:
        return f"<SituationObstacle {self.code} of {self.situation_id}>"


class SituationTerm(CoalitionRow, db.Model):
    """A theme or an obstacle a collectif added to its lists (code "own-<n>")."""

    __table_args__ = (
        _in("kind", TERM_KINDS),
        sa.UniqueConstraint("coalition_id", "kind", "label"),
        sa.UniqueConstraint("coalition_id", "code"),
    )

    kind: Mapped[str] = mapped_column(sa.String(10))
    code: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(100))
    added_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SituationTerm {self.kind} {self.code}>"
