"""commitment_meeting_link: a commitment's meeting becomes a real foreign key to meeting.id
(ON DELETE SET NULL), indexed for the meeting page's list of commitments made there

Until now `commitment.meeting_id` was a plain integer. Links that point to no meeting, or
to another coalition's meeting, are emptied before the key is added.

Revision ID: 0006_commitment_meeting_link
Revises: 0003_statements
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_commitment_meeting_link"
down_revision = "0003_statements"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE commitment SET meeting_id = NULL WHERE meeting_id IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM meeting WHERE meeting.id = commitment.meeting_id"
        " AND meeting.coalition_id = commitment.coalition_id)"
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_commitment_meeting_id_meeting"),
            "meeting",
            ["meeting_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_commitment_meeting_id_meeting"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_commitment_meeting_id"))
