"""meeting_pack: the minutes' revisions and their approval at the next meeting.

Existing minutes are carried over as revision 1 (their text, last editor and time).
Minutes whose next meeting (the first later one of the coalition that was not cancelled)
was already held count as approved at that meeting, on its date, with nobody named: under
the practice before this change the next meeting was where minutes were read, and putting
years of old minutes on the coming agenda would bury it. The pages say that such an
approval was carried over. Other minutes (the last meeting's, typically) stay drafts: the
next planned meeting gets their approval item as soon as a meeting is planned, moved or
its minutes are saved.

Revision ID: 0010_meeting_pack
Revises: 0009_email_answers
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_meeting_pack"
down_revision = "0009_email_answers"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "minutes_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("corrected_at_meeting_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
            name=op.f("fk_minutes_revision_author_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalition.id"],
            name=op.f("fk_minutes_revision_coalition_id_coalition"),
        ),
        sa.ForeignKeyConstraint(
            ["corrected_at_meeting_id"],
            ["meeting.id"],
            name=op.f("fk_minutes_revision_corrected_at_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_minutes_revision_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_revision")),
        sa.UniqueConstraint(
            "meeting_id", "number", name=op.f("uq_minutes_revision_meeting_id_number")
        ),
    )
    with op.batch_alter_table("minutes_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_revision_coalition_id"), ["coalition_id"], unique=False
        )

    op.create_table(
        "minutes_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("at_meeting_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("revision_number", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_minutes_approval_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["user.id"],
            name=op.f("fk_minutes_approval_approved_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["at_meeting_id"],
            ["meeting.id"],
            name=op.f("fk_minutes_approval_at_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalition.id"],
            name=op.f("fk_minutes_approval_coalition_id_coalition"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["meeting_decision.id"],
            name=op.f("fk_minutes_approval_decision_id_meeting_decision"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_minutes_approval_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_approval")),
    )
    with op.batch_alter_table("minutes_approval", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_approval_at_meeting_id"), ["at_meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_minutes_approval_coalition_id"), ["coalition_id"], unique=False
        )
        batch_op.create_index("ix_minutes_approval_meeting", ["meeting_id", "id"], unique=False)

    _carry_over()


def _carry_over():
    meeting = sa.table(
        "meeting",
        sa.column("id"),
        sa.column("coalition_id"),
        sa.column("starts_at"),
        sa.column("status"),
        sa.column("minutes"),
        sa.column("minutes_updated_at"),
        sa.column("minutes_updated_by_id"),
        sa.column("created_at"),
    )
    revision_t = sa.table(
        "minutes_revision",
        sa.column("coalition_id"),
        sa.column("meeting_id"),
        sa.column("number"),
        sa.column("text"),
        sa.column("author_id"),
        sa.column("created_at"),
    )
    approval_t = sa.table(
        "minutes_approval",
        sa.column("coalition_id"),
        sa.column("meeting_id"),
        sa.column("at_meeting_id"),
        sa.column("revision_number"),
        sa.column("approved_at"),
        sa.column("created_at"),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            meeting.c.id,
            meeting.c.coalition_id,
            meeting.c.starts_at,
            meeting.c.status,
            meeting.c.minutes,
            meeting.c.minutes_updated_at,
            meeting.c.minutes_updated_by_id,
            meeting.c.created_at,
        ).order_by(meeting.c.coalition_id, meeting.c.starts_at, meeting.c.id)
    ).all()
    now = datetime.now(UTC)
    # Minutes of cancelled or undated meetings are kept too (as drafts).
    revisions = [
        {
            "coalition_id": row.coalition_id,
            "meeting_id": row.id,
            "number": 1,
            "text": row.minutes,
            "author_id": row.minutes_updated_by_id,
            "created_at": row.minutes_updated_at or row.created_at or now,
        }
        for row in rows
        if (row.minutes or "").strip()
    ]
    dated = [r for r in rows if r.starts_at is not None and r.status != "cancelled"]
    approvals = []
    for index, row in enumerate(dated):
        if not (row.minutes or "").strip():
            continue
        following = next(
            (
                r
                for r in dated[index + 1 :]
                if r.coalition_id == row.coalition_id and r.starts_at > row.starts_at
            ),
            None,
        )
        if following is not None and following.status == "held":
            approvals.append(
                {
                    "coalition_id": row.coalition_id,
                    "meeting_id": row.id,
                    "at_meeting_id": following.id,
                    "revision_number": 1,
                    "approved_at": following.starts_at,
                    "created_at": now,
                }
            )
    if revisions:
        op.bulk_insert(revision_t, revisions)
    if approvals:
        op.bulk_insert(approval_t, approvals)


def downgrade():
    with op.batch_alter_table("minutes_approval", schema=None) as batch_op:
        batch_op.drop_index("ix_minutes_approval_meeting")
        batch_op.drop_index(batch_op.f("ix_minutes_approval_coalition_id"))
        batch_op.drop_index(batch_op.f("ix_minutes_approval_at_meeting_id"))

    op.drop_table("minutes_approval")
    with op.batch_alter_table("minutes_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_revision_coalition_id"))

    op.drop_table("minutes_revision")
