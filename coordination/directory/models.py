"""The institutional directory of a coalition: institutions, their offices and opening hours,
contacts (personal data: GDPR) and who looked at them. The commitments institutions made
and the situations followed with them live in their own features (coordination/commitments/,
coordination/situations/: the interaction notes became situations, migration 0009).

Every table carries `coalition_id`, so that `scoped_or_404` answers 404 across coalitions.
"""

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import CoalitionRow, IndexedCoalitionRow, TimestampMixin, db, utcnow

# Institution kinds; their French words are indexed for search whatever the UI language.
INSTITUTION_KINDS = (
    "caf",
    "cpam",
    "mds",
    "prefecture",
    "france_travail",
    "municipality",
    "ofii",
    "other",
)
KIND_SEARCH_WORDS = {
    "caf": "CAF Caisse d'allocations familiales",
    "cpam": "CPAM Caisse primaire d'assurance maladie Assurance maladie",
    "mds": "MDS Maison départementale des solidarités services sociaux départementaux",
    "prefecture": "Préfecture titre de séjour",
    "france_travail": "France Travail Pôle emploi",
    "municipality": "Mairie commune CCAS centre communal d'action sociale",
    "ofii": "OFII Office français de l'immigration et de l'intégration",
    "other": "",
}
PERSON, DESK = "person", "desk"
CHANNELS = ("phone", "email", "visit", "letter", "other")
VIEW, EXPORT = "view", "export"


def _kinds_check(column: str, values) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=column)


class Institution(IndexedCoalitionRow, TimestampMixin, db.Model):
    __table_args__ = (_kinds_check("kind", INSTITUTION_KINDS),)

    kind: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(200))
    territory: Mapped[str] = mapped_column(sa.String(200), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))

    offices = relationship(
        "Office", back_populates="institution", lazy="raise", order_by="Office.name"
    )


class Office(IndexedCoalitionRow, TimestampMixin, db.Model):
    """A local office (antenne) of an institution, with its public opening hours."""

    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.Text, default="")
    public_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    appointment_rules: Mapped[str] = mapped_column(sa.Text, default="")
    accessibility: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))

    institution = relationship("Institution", back_populates="offices", lazy="raise")
    slots = relationship(
        "OpeningSlot",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="[OpeningSlot.weekday, OpeningSlot.opens]",
    )
    exceptions = relationship(
        "OpeningException",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="OpeningException.first_day",
    )


class OpeningSlot(CoalitionRow, db.Model):
    __table_args__ = (
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        sa.CheckConstraint("opens < closes", name="order"),
    )

    office_id: Mapped[int] = mapped_column(
        sa.ForeignKey("office.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    opens: Mapped[time]
    closes: Mapped[time]

    def __repr__(self) -> str:
        return f"<OpeningSlot {self.weekday} {self.opens}-{self.closes}>"


class OpeningException(CoalitionRow, db.Model):
    """Closed from first_day to last_day, or open with special hours those days."""

    __table_args__ = (sa.CheckConstraint("first_day <= last_day", name="range"),)

    office_id: Mapped[int] = mapped_column(
        sa.ForeignKey("office.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date]
    last_day: Mapped[date]
    closed: Mapped[bool] = mapped_column(default=True)
    opens: Mapped[time | None]
    closes: Mapped[time | None]
    label: Mapped[str] = mapped_column(sa.String(200), default="")


class Contact(CoalitionRow, TimestampMixin, db.Model):
    """A named person or a functional desk. Personal data: shown on its own page only,
    every display of the direct details logged (ContactAccess); erasable on request."""

    __table_args__ = (
        sa.CheckConstraint("kind IN ('person', 'desk')", name="kind"),
        sa.Index("ix_contact_coalition_checked", "coalition_id", "last_checked_on"),
    )

    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("office.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), default=PERSON)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    can_unblock: Mapped[str] = mapped_column(sa.Text, default="")
    channel: Mapped[str] = mapped_column(sa.String(10), default="phone")
    reach_hours: Mapped[str] = mapped_column(sa.String(300), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    added_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    last_checked_on: Mapped[date]
    last_checked_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    last_checked_by_association_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("association.id")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Erasure on request: personal fields emptied, this trace kept.
    erased_at: Mapped[datetime | None]
    erased_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))

    institution = relationship("Institution", lazy="raise")
    office = relationship("Office", lazy="raise")
    added_by = relationship("User", foreign_keys=[added_by_id], lazy="raise")
    added_by_association = relationship(
        "Association", foreign_keys=[added_by_association_id], lazy="raise"
    )
    last_checked_by = relationship("User", foreign_keys=[last_checked_by_id], lazy="raise")
    last_checked_by_association = relationship(
        "Association", foreign_keys=[last_checked_by_association_id], lazy="raise"
    )
    erased_by_association = relationship(
        "Association", foreign_keys=[erased_by_association_id], lazy="raise"
    )

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    def __repr__(self) -> str:
        return f"<Contact {self.id}{' erased' if self.erased_at else ''}>"


class ContactAccess(CoalitionRow, db.Model):
    """Who saw a contact's direct details (phone, e-mail), when, and how (page or export).
    It names the delegate who looked, never anything about the contact beyond its id."""

    __table_args__ = (sa.Index("ix_contact_access_contact_at", "contact_id", "at"),)

    contact_id: Mapped[int] = mapped_column(sa.ForeignKey("contact.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(10), default=VIEW)
    export_id: Mapped[int | None] = mapped_column(sa.ForeignKey("directory_export.id"))

    user = relationship("User", lazy="raise")
    association = relationship("Association", lazy="raise")
    export = relationship("DirectoryExport", lazy="raise")

    def __repr__(self) -> str:
        return f"<ContactAccess {self.contact_id} by {self.user_id} {self.kind}>"


class DirectoryExport(IndexedCoalitionRow, db.Model):
    """An export of the directory: who, when, in which format, why, how many contacts."""

    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    format: Mapped[str] = mapped_column(sa.String(10))
    purpose: Mapped[str] = mapped_column(sa.Text)
    count: Mapped[int] = mapped_column(default=0)

    user = relationship("User", lazy="raise")
    association = relationship("Association", lazy="raise")


class ContactImport(IndexedCoalitionRow, db.Model):
    """A CSV import waiting for confirmation: the checked rows are kept here (not in the
    browser) until the delegate confirms or cancels; then the personal data is emptied."""

    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    rows: Mapped[list] = mapped_column(sa.JSON, default=list)
    problems: Mapped[list] = mapped_column(sa.JSON, default=list)
    total: Mapped[int] = mapped_column(default=0)
    imported: Mapped[int] = mapped_column(default=0)
