"""Campaigns: a fight a coalition leads for months or years, and the steps of its story.

Every table carries `coalition_id`, so that `scoped_or_404` answers 404 across coalitions.

The promises made to a campaign are the commitments feature's own rows, linked here by
`CampaignCommitment` (a link table owned by the campaigns): the commitments' table and
code know nothing of campaigns, a commitment belongs to at most one campaign (unique
key) and the link remembers the negotiation meeting where it was promised.
"""

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordination.db import CoalitionRow, IndexedCoalitionRow, db, utcnow

PREPARING, ACTIVE, WON, LOST, ABANDONED, SUSPENDED = (
    "preparing",
    "active",
    "won",
    "lost",
    "abandoned",
    "suspended",
)
STATUSES = (PREPARING, ACTIVE, WON, LOST, ABANDONED, SUSPENDED)
CLOSED = (WON, LOST, ABANDONED)
RUNNING = (ACTIVE, SUSPENDED)

NEGOTIATION, ACTION = "negotiation", "action"
STEP_KINDS = (NEGOTIATION, ACTION)
# The action types every coalition has; each coalition adds its own (CampaignActionType).
LETTER, RALLY, PRESS, PETITION = "letter", "rally", "press", "petition"
BUILTIN_ACTION_TYPES = (LETTER, RALLY, PRESS, PETITION)


def web_links(text: str) -> bool:
    """Whether every non-empty line is a web address (http or https, nothing else)."""
    return all(
        line.strip().lower().startswith(("https://", "http://"))
        for line in text.splitlines()
        if line.strip()
    )


class Campaign(CoalitionRow, db.Model):
    """The demand, whom it targets, since when, how it stands."""

    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('preparing', 'active', 'won', 'lost', 'abandoned', 'suspended')",
            name="status",
        ),
        sa.Index("ix_campaign_coalition_status", "coalition_id", "status"),
    )

    name: Mapped[str] = mapped_column(sa.String(200))
    demand: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(10), default=PREPARING)
    started_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    targets = relationship(
        "CampaignTarget",
        lazy="raise",
        order_by="CampaignTarget.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    def __repr__(self) -> str:
        return f"<Campaign {self.id} {self.name!r} {self.status}>"


class CampaignTarget(CoalitionRow, db.Model):
    """An institution of the coalition's directory the campaign addresses, and maybe its
    decision-maker: a contact of the directory, or just a role ("la directrice")."""

    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    institution_id: Mapped[int] = mapped_column(sa.ForeignKey("institution.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(200), default="")

    institution = relationship("Institution", lazy="raise")
    contact = relationship("Contact", lazy="raise")

    def __repr__(self) -> str:
        return f"<CampaignTarget {self.id} of {self.campaign_id}>"


class CampaignParticipant(CoalitionRow, db.Model):
    """A guest association that joined the campaign (member associations all lead it)."""

    __table_args__ = (sa.UniqueConstraint("campaign_id", "association_id"),)

    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"))
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<CampaignParticipant {self.association_id} in {self.campaign_id}>"


class CampaignActionType(CoalitionRow, db.Model):
    """A kind of action a coalition added to the built-in ones (letter, rally…)."""

    __table_args__ = (sa.UniqueConstraint("coalition_id", "name"),)

    name: Mapped[str] = mapped_column(sa.String(80))

    def __repr__(self) -> str:
        return f"<CampaignActionType {self.id} {self.name!r}>"


class CampaignStep(IndexedCoalitionRow, db.Model):
    """A negotiation meeting with the institution, or an action, on a day (maybe at an
    hour): what was said or done, who was met, links."""

    __table_args__ = (
        sa.CheckConstraint("kind IN ('negotiation', 'action')", name="kind"),
        sa.Index("ix_campaign_step_campaign_on", "campaign_id", "on"),
    )

    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(12))
    on: Mapped[date]
    at: Mapped[time | None]
    title: Mapped[str] = mapped_column(sa.String(300))
    # An action's type: a built-in code (BUILTIN_ACTION_TYPES) or one of the coalition's.
    action_type: Mapped[str | None] = mapped_column(sa.String(12))
    action_type_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("campaign_action_type.id", ondelete="SET NULL")
    )
    institution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("institution.id", ondelete="SET NULL")
    )
    met: Mapped[str] = mapped_column(sa.String(300), default="")  # who was met
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    text: Mapped[str] = mapped_column(sa.Text, default="")  # what was said or done
    links: Mapped[str] = mapped_column(sa.Text, default="")  # one address a line
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_by_association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    delegations = relationship(
        "CampaignDelegation",
        lazy="raise",
        order_by="CampaignDelegation.id",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<CampaignStep {self.id} {self.kind} {self.on}>"


class CampaignDelegation(CoalitionRow, db.Model):
    """Who went to a negotiation meeting (or took part in an action) for an association."""

    __table_args__ = (sa.UniqueConstraint("step_id", "association_id"),)

    step_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign_step.id", ondelete="CASCADE"))
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("association.id"))
    people: Mapped[str] = mapped_column(sa.String(300))

    def __repr__(self) -> str:
        return f"<CampaignDelegation {self.association_id} at {self.step_id}>"


class CampaignCommitment(CoalitionRow, db.Model):
    """A commitment (the commitments feature's) made to the campaign, maybe at one of its
    negotiation meetings."""

    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    commitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("commitment.id", ondelete="CASCADE"), unique=True
    )
    step_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("campaign_step.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"<CampaignCommitment {self.commitment_id} in {self.campaign_id}>"


class CampaignStatement(CoalitionRow, db.Model):
    """A joint statement that serves the campaign; its fate shows on the timeline."""

    __table_args__ = (sa.UniqueConstraint("campaign_id", "statement_id"),)

    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )

    def __repr__(self) -> str:
        return f"<CampaignStatement {self.statement_id} in {self.campaign_id}>"
