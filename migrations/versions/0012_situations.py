"""situations: the cases associations follow with institutions, their steps, obstacles
and the collectif's own themes and obstacles. The directory's interaction notes become
situations (nothing is lost), then their table goes.

How a note becomes a situation (the decision: one concept, not two — a note was a closed
or waiting case about a contact or an office, which is what a situation is):
- theme: the note's kind of case (minimum_income becomes "rsa"; the others keep their
  code, all of which are built-in themes);
- institution: the contact's, or the office's; office and contact kept;
- opened on the note's date; followed by its author and the author's association;
- outcome: resolved and partly stay; "unresolved" becomes "refused"; "waiting" stays open;
- closed on the date plus the days to solve; when the note gave no number of days, closed
  on its date with `delay_known` false, so that it counts in the outcomes but not in the
  delays; a "closed" step is added, as closing a situation does;
- the note's text becomes the situation's summary.
Downgrade gives back a note for each situation about a contact or an office.

Revision ID: 0012_situations
Revises: 0011_protect
"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_situations"
down_revision = "0011_protect"
branch_labels = None
depends_on = None

THEMES = {
    "family_benefits",
    "health_coverage",
    "ame",
    "residence_permit",
    "asylum",
    "housing",
    "employment",
    "disability",
    "child_protection",
    "energy",
    "other",
}
OUTCOMES = {"resolved": "resolved", "partly": "partly", "unresolved": "refused"}

_note = sa.table(
    "interaction_note",
    sa.column("id", sa.Integer),
    sa.column("coalition_id", sa.Integer),
    sa.column("contact_id", sa.Integer),
    sa.column("office_id", sa.Integer),
    sa.column("occurred_on", sa.Date),
    sa.column("case_type", sa.String),
    sa.column("details", sa.Text),
    sa.column("outcome", sa.String),
    sa.column("resolution_days", sa.Integer),
    sa.column("author_id", sa.Integer),
    sa.column("author_association_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_situation = sa.table(
    "situation",
    sa.column("id", sa.Integer),
    sa.column("coalition_id", sa.Integer),
    sa.column("association_id", sa.Integer),
    sa.column("followed_by_id", sa.Integer),
    sa.column("theme", sa.String),
    sa.column("institution_id", sa.Integer),
    sa.column("office_id", sa.Integer),
    sa.column("contact_id", sa.Integer),
    sa.column("opened_on", sa.Date),
    sa.column("summary", sa.Text),
    sa.column("outcome", sa.String),
    sa.column("closed_on", sa.Date),
    sa.column("delay_known", sa.Boolean),
    sa.column("reopened_count", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_step = sa.table(
    "situation_step",
    sa.column("coalition_id", sa.Integer),
    sa.column("situation_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("happened_on", sa.Date),
    sa.column("note", sa.Text),
    sa.column("author_id", sa.Integer),
    sa.column("association_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_contact = sa.table("contact", sa.column("id", sa.Integer), sa.column("institution_id", sa.Integer))
_office = sa.table("office", sa.column("id", sa.Integer), sa.column("institution_id", sa.Integer))


def _notes_to_situations(conn) -> None:
    contact, office = _contact.alias("c"), _office.alias("o")
    rows = conn.execute(
        sa.select(
            _note,
            sa.func.coalesce(contact.c.institution_id, office.c.institution_id).label("inst"),
        )
        .outerjoin(contact, contact.c.id == _note.c.contact_id)
        .outerjoin(office, office.c.id == _note.c.office_id)
        .order_by(_note.c.id)
    ).mappings()
    for n in list(rows):
        theme = "rsa" if n["case_type"] == "minimum_income" else n["case_type"]
        outcome = OUTCOMES.get(n["outcome"])
        closed_on = None
        if outcome is not None:
            closed_on = n["occurred_on"] + timedelta(days=n["resolution_days"] or 0)
        situation_id = conn.execute(
            sa.insert(_situation).values(
                coalition_id=n["coalition_id"],
                association_id=n["author_association_id"],
                followed_by_id=n["author_id"],
                theme=theme if theme in THEMES | {"rsa"} else "other",
                institution_id=n["inst"],
                office_id=n["office_id"],
                contact_id=n["contact_id"],
                opened_on=n["occurred_on"],
                summary=n["details"] or "",
                outcome=outcome,
                closed_on=closed_on,
                delay_known=outcome is None or n["resolution_days"] is not None,
                reopened_count=0,
                created_at=n["created_at"],
                updated_at=n["created_at"],
            )
            .returning(_situation.c.id)
        ).scalar_one()
        if outcome is not None:
            conn.execute(
                sa.insert(_step).values(
                    coalition_id=n["coalition_id"],
                    situation_id=situation_id,
                    kind="closed",
                    happened_on=closed_on,
                    note="",
                    author_id=n["author_id"],
                    association_id=n["author_association_id"],
                    created_at=n["created_at"],
                )
            )


def _situations_to_notes(conn) -> None:
    back = {"resolved": "resolved", "partly": "partly", None: "waiting"}
    rows = conn.execute(
        sa.select(_situation)
        .where(sa.or_(_situation.c.contact_id.is_not(None), _situation.c.office_id.is_not(None)))
        .order_by(_situation.c.id)
    ).mappings()
    for s in list(rows):
        days = None
        if s["closed_on"] is not None and s["delay_known"]:
            days = (s["closed_on"] - s["opened_on"]).days
        conn.execute(
            sa.insert(_note).values(
                coalition_id=s["coalition_id"],
                contact_id=s["contact_id"],
                office_id=s["office_id"],
                occurred_on=s["opened_on"],
                case_type="minimum_income"
                if s["theme"] == "rsa"
                else (s["theme"] if s["theme"] in THEMES else "other"),
                details=s["summary"],
                outcome=back.get(s["outcome"], "unresolved"),
                resolution_days=days,
                author_id=s["followed_by_id"],
                author_association_id=s["association_id"],
                created_at=s["created_at"],
            )
        )


def upgrade():
    op.create_table(
        "situation_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("added_by_association_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('theme', 'obstacle')", name=op.f("ck_situation_term_kind")),
        sa.ForeignKeyConstraint(
            ["added_by_association_id"],
            ["association.id"],
            name=op.f("fk_situation_term_added_by_association_id_association"),
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalition.id"],
            name=op.f("fk_situation_term_coalition_id_coalition"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_situation_term")),
        sa.UniqueConstraint(
            "coalition_id", "code", name=op.f("uq_situation_term_coalition_id_code")
        ),
        sa.UniqueConstraint(
            "coalition_id", "kind", "label", name=op.f("uq_situation_term_coalition_id_kind_label")
        ),
    )
    op.create_table(
        "situation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("followed_by_id", sa.Integer(), nullable=True),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("delay_known", sa.Boolean(), nullable=False),
        sa.Column("reopened_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('resolved', 'partly', 'refused', 'no_answer', 'abandoned')",
            name=op.f("ck_situation_outcome"),
        ),
        sa.CheckConstraint(
            "(outcome IS NULL) = (closed_on IS NULL)", name=op.f("ck_situation_closed")
        ),
        sa.CheckConstraint(
            "closed_on IS NULL OR closed_on >= opened_on", name=op.f("ck_situation_order")
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_situation_association_id_association"),
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"], ["coalition.id"], name=op.f("fk_situation_coalition_id_coalition")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_situation_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["followed_by_id"],
            ["user.id"],
            name=op.f("fk_situation_followed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_situation_institution_id_institution"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_situation_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_situation")),
    )
    with op.batch_alter_table("situation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_situation_association_id"), ["association_id"], unique=False
        )
        batch_op.create_index(
            "ix_situation_coalition_opened", ["coalition_id", "opened_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_situation_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_situation_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_situation_office_id"), ["office_id"], unique=False)

    op.create_table(
        "situation_obstacle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("situation_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalition.id"],
            name=op.f("fk_situation_obstacle_coalition_id_coalition"),
        ),
        sa.ForeignKeyConstraint(
            ["situation_id"],
            ["situation.id"],
            name=op.f("fk_situation_obstacle_situation_id_situation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_situation_obstacle")),
        sa.UniqueConstraint(
            "situation_id", "code", name=op.f("uq_situation_obstacle_situation_id_code")
        ),
    )
    with op.batch_alter_table("situation_obstacle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_situation_obstacle_coalition_id"), ["coalition_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_situation_obstacle_situation_id"), ["situation_id"], unique=False
        )

    op.create_table(
        "situation_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("situation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('referred', 'answered', 'unblocked', 'refused', 'closed', 'reopened')",
            name=op.f("ck_situation_step_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_situation_step_association_id_association"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
            name=op.f("fk_situation_step_author_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalition.id"],
            name=op.f("fk_situation_step_coalition_id_coalition"),
        ),
        sa.ForeignKeyConstraint(
            ["situation_id"],
            ["situation.id"],
            name=op.f("fk_situation_step_situation_id_situation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_situation_step")),
    )
    with op.batch_alter_table("situation_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_situation_step_situation_id"), ["situation_id"], unique=False
        )

    _notes_to_situations(op.get_bind())

    with op.batch_alter_table("interaction_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_note_contact_id"))
        batch_op.drop_index(batch_op.f("ix_interaction_note_office_id"))

    op.drop_table("interaction_note")


def downgrade():
    op.create_table(
        "interaction_note",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("coalition_id", sa.INTEGER(), nullable=False),
        sa.Column("contact_id", sa.INTEGER(), nullable=True),
        sa.Column("office_id", sa.INTEGER(), nullable=True),
        sa.Column("occurred_on", sa.DATE(), nullable=False),
        sa.Column("case_type", sa.VARCHAR(length=30), nullable=False),
        sa.Column("details", sa.TEXT(), nullable=False),
        sa.Column("outcome", sa.VARCHAR(length=20), nullable=False),
        sa.Column("resolution_days", sa.INTEGER(), nullable=True),
        sa.Column("author_id", sa.INTEGER(), nullable=True),
        sa.Column("author_association_id", sa.INTEGER(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "contact_id IS NOT NULL OR office_id IS NOT NULL",
            name=op.f("ck_interaction_note_target"),
        ),
        sa.ForeignKeyConstraint(
            ["author_association_id"],
            ["association.id"],
            name=op.f("fk_interaction_note_author_association_id_association"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
            name=op.f("fk_interaction_note_author_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalition.id"],
            name=op.f("fk_interaction_note_coalition_id_coalition"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_interaction_note_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_interaction_note_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction_note")),
    )
    with op.batch_alter_table("interaction_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_note_office_id"), ["office_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_interaction_note_contact_id"), ["contact_id"], unique=False
        )

    _situations_to_notes(op.get_bind())

    with op.batch_alter_table("situation_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_situation_step_situation_id"))

    op.drop_table("situation_step")
    with op.batch_alter_table("situation_obstacle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_situation_obstacle_situation_id"))
        batch_op.drop_index(batch_op.f("ix_situation_obstacle_coalition_id"))

    op.drop_table("situation_obstacle")
    with op.batch_alter_table("situation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_situation_office_id"))
        batch_op.drop_index(batch_op.f("ix_situation_institution_id"))
        batch_op.drop_index(batch_op.f("ix_situation_contact_id"))
        batch_op.drop_index("ix_situation_coalition_opened")
        batch_op.drop_index(batch_op.f("ix_situation_association_id"))

    op.drop_table("situation")
    op.drop_table("situation_term")
