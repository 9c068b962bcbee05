"""commitment rescheduled: a follow-up may move the commitment's due date, keeping the date
before (`old_due_on`) and after (`new_due_on`). Two nullable columns: existing follow-ups
keep their rows as they are (no date moved).

The overdue reminders of a commitment now name its due date in their exactly-once key
("overdue-2027-04-30/due-2027-03-30"), so that a postponed commitment gets its own. The
reminders already created are renamed so (with the commitment's due date, unchanged until
now): none is sent a second time. Going down leaves them renamed (old code then sends at
most one more reminder per overdue commitment).

Revision ID: 0014_commitment_rescheduled
Revises: 0013_campaigns
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_commitment_rescheduled"
down_revision = "0013_campaigns"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("commitment_follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("old_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("new_due_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    sent = connection.execute(
        sa.text(
            "SELECT notification.id, notification.key, notification.occasion, commitment.due_on"
            " FROM notification JOIN commitment ON commitment.id = notification.object_id"
            " WHERE notification.kind = 'commitment.overdue'"
            " AND notification.object_type = 'commitment' AND commitment.due_on IS NOT NULL"
        )
    ).all()
    rename = sa.text("UPDATE notification SET key = :key, occasion = :occasion WHERE id = :id")
    for row in sent:
        if "/due-" in row.occasion or not row.key.endswith("/" + row.occasion):
            continue  # already named, or a long key shortened by a hash: left as it is
        suffix = f"/due-{str(row.due_on)[:10]}"
        connection.execute(
            rename, {"id": row.id, "key": row.key + suffix, "occasion": row.occasion + suffix}
        )


def downgrade():
    with op.batch_alter_table("commitment_follow_up", schema=None) as batch_op:
        batch_op.drop_column("new_due_on")
        batch_op.drop_column("old_due_on")
