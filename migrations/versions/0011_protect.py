"""protect: a second factor (authenticator application and recovery codes), the
session's proof of it, and each coalition's choices on protecting its directory and on
how long access logs and notifications are kept; `erased_at` for delegates whose personal
data was erased after their withdrawal.

Revision ID: 0011_protect
Revises: 0010_meeting_pack
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_protect"
down_revision = "0010_meeting_pack"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "second_factor",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_step", sa.BigInteger(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_second_factor_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_second_factor")),
    )
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_recovery_code_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index("ix_recovery_code_user_hash", ["user_id", "code_hash"], unique=True)
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("second_factor_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("coalition", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "directory_second_factor", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("access_log_months", sa.Integer(), nullable=False, server_default="12")
        )
        batch_op.add_column(
            sa.Column("notification_months", sa.Integer(), nullable=False, server_default="6")
        )
    # Existing coalitions carry the defaults over; new rows get them from the models.
    with op.batch_alter_table("coalition", schema=None) as batch_op:
        batch_op.alter_column("directory_second_factor", server_default=None)
        batch_op.alter_column("access_log_months", server_default=None)
        batch_op.alter_column("notification_months", server_default=None)


def downgrade():
    with op.batch_alter_table("coalition", schema=None) as batch_op:
        batch_op.drop_column("notification_months")
        batch_op.drop_column("access_log_months")
        batch_op.drop_column("directory_second_factor")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("second_factor_at")
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_index("ix_recovery_code_user_hash")
    op.drop_table("recovery_code")
    op.drop_table("second_factor")
