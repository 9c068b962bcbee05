"""notifications

In-app notifications, e-mail deliveries (each claimed once), reminder preferences and
the scheduler lock.

Revision ID: 0005_notifications
Revises: 0004_directory
Create Date: 2026-11-23 15:02:56.235861

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_notifications'
down_revision = "0004_directory"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scheduler_lock',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=100), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduler_lock'))
    )
    op.create_table('email_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('single', 'digest')", name=op.f('ck_email_delivery_kind')),
    sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name=op.f('ck_email_delivery_status')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_email_delivery_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_delivery')),
    sa.UniqueConstraint('key', name=op.f('uq_email_delivery_key'))
    )
    with op.batch_alter_table('email_delivery', schema=None) as batch_op:
        batch_op.create_index('ix_email_delivery_status_next', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_email_delivery_user_id'), ['user_id'], unique=False)

    op.create_table('notification_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_preference_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preference')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preference_user_id_kind'))
    )
    op.create_table('notification_setting',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('immediate', 'digest', 'app')", name=op.f('ck_notification_setting_mode')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_setting_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_setting'))
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=True),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('occasion', sa.String(length=80), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivery_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("mode IN ('immediate', 'digest', 'app')", name=op.f('ck_notification_mode')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_notification_coalition_id_coalition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delivery_id'], ['email_delivery.id'], name=op.f('fk_notification_delivery_id_email_delivery'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('key', name=op.f('uq_notification_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index('ix_notification_digest_waiting', ['user_id'], unique=False, sqlite_where=sa.text("mode = 'digest' AND delivery_id IS NULL"), postgresql_where=sa.text("mode = 'digest' AND delivery_id IS NULL"))
        batch_op.create_index('ix_notification_unread', ['user_id'], unique=False, sqlite_where=sa.text('read_at IS NULL'), postgresql_where=sa.text('read_at IS NULL'))
        batch_op.create_index('ix_notification_user_created', ['user_id', 'created_at'], unique=False)

def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_created')
        batch_op.drop_index('ix_notification_unread', sqlite_where=sa.text('read_at IS NULL'), postgresql_where=sa.text('read_at IS NULL'))
        batch_op.drop_index('ix_notification_digest_waiting', sqlite_where=sa.text("mode = 'digest' AND delivery_id IS NULL"), postgresql_where=sa.text("mode = 'digest' AND delivery_id IS NULL"))
        batch_op.drop_index(batch_op.f('ix_notification_delivery_id'))
        batch_op.drop_index(batch_op.f('ix_notification_coalition_id'))

    op.drop_table('notification')
    op.drop_table('notification_setting')
    op.drop_table('notification_preference')
    with op.batch_alter_table('email_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_delivery_user_id'))
        batch_op.drop_index('ix_email_delivery_status_next')

    op.drop_table('email_delivery')
    op.drop_table('scheduler_lock')
