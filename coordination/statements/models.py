"""Joint advocacy statements, their revisions, comments, co-signatories and fate.

Every save is a new `StatementRevision`; revision numbers run 1, 2, 3… per statement and
are unique, so two saves made at the same moment can never both become "revision n+1"
(the race is caught at flush, whatever the view checked before). The statement keeps the
number of its current revision (`current_number`), not a foreign key, so the two tables
do not depend on each other.
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import AuthoredMixin, CoalitionRow, db, utcnow

DRAFT, CONSULTATION, ADOPTED = "draft", "consultation", "adopted"
SENT, ANSWERED, TAKEN_UP, WITHDRAWN = "sent", "answered", "taken_up", "withdrawn"
STATUSES = (DRAFT, CONSULTATION, ADOPTED, SENT, ANSWERED, TAKEN_UP, WITHDRAWN)
STATUS_LABELS = {
    DRAFT: _l("Draft"),
    CONSULTATION: _l("In consultation"),
    ADOPTED: _l("Adopted"),
    SENT: _l("Sent"),
    ANSWERED: _l("Answered"),
    TAKEN_UP: _l("Taken up"),
    WITHDRAWN: _l("Withdrawn"),
}
EDITABLE = (DRAFT, CONSULTATION)
# Once adopted, the text is the one the associations signed.
ADOPTED_STATUSES = (ADOPTED, SENT, ANSWERED, TAKEN_UP)

# Milestones of a statement's life after adoption (and its withdrawal), each dated.
EVENT_KINDS = (SENT, ANSWERED, TAKEN_UP, WITHDRAWN)
EVENT_LABELS = {
    SENT: _l("Sent to the recipient"),
    ANSWERED: _l("Answer received"),
    TAKEN_UP: _l("Taken up (e.g. nationally)"),
    WITHDRAWN: _l("Withdrawn"),
}


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Statement(CoalitionRow, db.Model):
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(STATUSES)})", name="status"),
        sa.Index("ix_statement_coalition_status", "coalition_id", "status"),
    )

    # Title, recipient and purpose are those of the current revision (kept here for lists).
    title: Mapped[str] = mapped_column(sa.String(300))
    recipient: Mapped[str] = mapped_column(sa.String(300), default="")
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(12), default=DRAFT)
    # The version counter: number of the current revision.
    current_number: Mapped[int] = mapped_column(default=0)
    # The revision under consultation, then the adopted one.
    frozen_number: Mapped[int | None]
    decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decision.id", ondelete="SET NULL")
    )
    adopted_at: Mapped[datetime | None]
    public_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    current_revision = relationship(
        "StatementRevision",
        primaryjoin="and_(foreign(StatementRevision.statement_id) == Statement.id, "
        "StatementRevision.number == Statement.current_number)",
        viewonly=True,
        uselist=False,
        lazy="raise",
    )
    decision = relationship("Decision", lazy="raise")
    created_by_association = relationship("Association", lazy="raise")

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_adopted(self) -> bool:
        return self.status in ADOPTED_STATUSES


class StatementRevision(AuthoredMixin, db.Model):
    """One saved state of the text: never changed afterwards."""

    __table_args__ = (sa.UniqueConstraint("statement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statement.id", ondelete="CASCADE"))
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    recipient: Mapped[str] = mapped_column(sa.String(300), default="")
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # The sanitiser's output, made once at save time so pages do not re-render Markdown.
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    # "edit", "merge" (merged automatically with a concurrent edit) or "restore".
    kind: Mapped[str] = mapped_column(sa.String(10), default="edit")
    restored_from: Mapped[int | None]
    association = relationship("Association", lazy="raise")

    @property
    def html(self) -> Markup:
        return Markup(self.body_html)  # noqa: S704 - stored output of render_markdown


class StatementComment(db.Model):
    __table_args__ = (sa.Index("ix_statement_comment_statement", "statement_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statement.id", ondelete="CASCADE"))
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id"))
    # The revision the comment was written on (for context; not a foreign key to keep
    # revisions independent).
    revision_number: Mapped[int | None]
    quote: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    author = relationship("User", foreign_keys=[author_id], lazy="raise")
    association = relationship("Association", lazy="raise")
    resolved_by = relationship("User", foreign_keys=[resolved_by_id], lazy="raise")

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class StatementSignatory(db.Model):
    """A co-signatory association of an adopted statement (its name as it was then)."""

    __table_args__ = (sa.UniqueConstraint("statement_id", "association_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statement.id", ondelete="CASCADE"))
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id"))
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    guest: Mapped[bool] = mapped_column(default=False)
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatementEvent(db.Model):
    """A dated step of the statement's fate: sent, answered, taken up, withdrawn."""

    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({_in(EVENT_KINDS)})", name="kind"),
        sa.Index("ix_statement_event_statement", "statement_id", "on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(sa.ForeignKey("statement.id", ondelete="CASCADE"))
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id"))
    kind: Mapped[str] = mapped_column(sa.String(12))
    on: Mapped[date]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User", lazy="raise")
    association = relationship("Association", lazy="raise")

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self.kind])
