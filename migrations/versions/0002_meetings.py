"""meetings: meetings, agenda, attendance, minutes, action items, date polls, guest
speakers, rotation swaps, private calendar feeds

Revision ID: 0002_meetings
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002_meetings"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_calendar_feed_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feed_user_id'))
    )
    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sa.Text(), nullable=False),
    sa.Column('access_notes', sa.Text(), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=False),
    sa.Column('host_association_id', sa.Integer(), nullable=True),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('note_taker_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('minutes_version', sa.Integer(), nullable=False),
    sa.Column('minutes_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('minutes_updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')", name=op.f('ck_meeting_status')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_meeting_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_meeting_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facilitator_id'], ['user.id'], name=op.f('fk_meeting_facilitator_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['host_association_id'], ['association.id'], name=op.f('fk_meeting_host_association_id_association')),
    sa.ForeignKeyConstraint(['minutes_updated_by_id'], ['user.id'], name=op.f('fk_meeting_minutes_updated_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['note_taker_id'], ['user.id'], name=op.f('fk_meeting_note_taker_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_coalition_starts', ['coalition_id', 'starts_at'], unique=False)

    op.create_table('rotation_swap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('gave_id', sa.Integer(), nullable=False),
    sa.Column('took_id', sa.Integer(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('host', 'facilitator', 'note_taker')", name=op.f('ck_rotation_swap_role')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_rotation_swap_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['gave_id'], ['association.id'], name=op.f('fk_rotation_swap_gave_id_association')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_rotation_swap_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['took_id'], ['association.id'], name=op.f('fk_rotation_swap_took_id_association')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation_swap'))
    )
    with op.batch_alter_table('rotation_swap', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotation_swap_coalition_id'), ['coalition_id'], unique=False)

    op.create_table('action_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'done', 'dropped')", name=op.f('ck_action_item_status')),
    sa.ForeignKeyConstraint(['assignee_id'], ['user.id'], name=op.f('fk_action_item_assignee_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_action_item_association_id_association')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_action_item_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_action_item_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_item'))
    )
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.create_index('ix_action_item_coalition_status', ['coalition_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('links', sa.Text(), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('proposer_association_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_agenda_item_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_agenda_item_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_agenda_item_proposed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposer_association_id'], ['association.id'], name=op.f('fk_agenda_item_proposer_association_id_association')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index('ix_agenda_item_meeting_position', ['meeting_id', 'position'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('extra_name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_attendance_association_id_association')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_attendance_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_attendance_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_attendance_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('meeting_id', 'user_id', name=op.f('uq_attendance_meeting_id_user_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index('ix_attendance_meeting_association', ['meeting_id', 'association_id'], unique=False)

    op.create_table('date_poll',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_date_poll_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_date_poll_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_date_poll_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_date_poll')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_date_poll_meeting_id'))
    )
    with op.batch_alter_table('date_poll', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_date_poll_coalition_id'), ['coalition_id'], unique=False)

    op.create_table('meeting_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_meeting_decision_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_decision_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_meeting_decision_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decision'))
    )
    with op.batch_alter_table('meeting_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_decision_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_decision_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_guest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_meeting_guest_association_id_association')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_meeting_guest_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_guest_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_guest')),
    sa.UniqueConstraint('meeting_id', 'association_id', name=op.f('uq_meeting_guest_meeting_id_association_id'))
    )
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_guest_association_id'), ['association_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_guest_coalition_id'), ['coalition_id'], unique=False)

    op.create_table('guest_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('person', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('postal_address', sa.Text(), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('to_contact', 'invited', 'confirmed', 'declined', 'came', 'cancelled')", name=op.f('ck_guest_invitation_status')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_guest_invitation_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_guest_invitation_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['delegate_id'], ['user.id'], name=op.f('fk_guest_invitation_delegate_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_guest_invitation_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guest_invitation'))
    )
    with op.batch_alter_table('guest_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guest_invitation_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guest_invitation_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('poll_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('chosen', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_poll_slot_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['poll_id'], ['date_poll.id'], name=op.f('fk_poll_slot_poll_id_date_poll'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_slot'))
    )
    with op.batch_alter_table('poll_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_slot_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_poll_slot_poll_id'), ['poll_id'], unique=False)

    op.create_table('guest_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_guest_status_change_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_guest_status_change_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['invitation_id'], ['guest_invitation.id'], name=op.f('fk_guest_status_change_invitation_id_guest_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guest_status_change'))
    )
    with op.batch_alter_table('guest_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guest_status_change_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guest_status_change_invitation_id'), ['invitation_id'], unique=False)

    op.create_table('poll_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=10), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("answer IN ('yes', 'maybe', 'no')", name=op.f('ck_poll_answer_answer')),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_poll_answer_association_id_association')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_poll_answer_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['slot_id'], ['poll_slot.id'], name=op.f('fk_poll_answer_slot_id_poll_slot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_poll_answer_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_answer')),
    sa.UniqueConstraint('slot_id', 'association_id', name=op.f('uq_poll_answer_slot_id_association_id'))
    )
    with op.batch_alter_table('poll_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_answer_coalition_id'), ['coalition_id'], unique=False)


def downgrade():
    with op.batch_alter_table('poll_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_answer_coalition_id'))

    op.drop_table('poll_answer')
    with op.batch_alter_table('guest_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guest_status_change_invitation_id'))
        batch_op.drop_index(batch_op.f('ix_guest_status_change_coalition_id'))

    op.drop_table('guest_status_change')
    with op.batch_alter_table('poll_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_slot_poll_id'))
        batch_op.drop_index(batch_op.f('ix_poll_slot_coalition_id'))

    op.drop_table('poll_slot')
    with op.batch_alter_table('guest_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guest_invitation_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_guest_invitation_coalition_id'))

    op.drop_table('guest_invitation')
    with op.batch_alter_table('meeting_guest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_guest_coalition_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_guest_association_id'))

    op.drop_table('meeting_guest')
    with op.batch_alter_table('meeting_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_decision_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_decision_coalition_id'))

    op.drop_table('meeting_decision')
    with op.batch_alter_table('date_poll', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_date_poll_coalition_id'))

    op.drop_table('date_poll')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_meeting_association')
        batch_op.drop_index(batch_op.f('ix_attendance_coalition_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_item_meeting_position')
        batch_op.drop_index(batch_op.f('ix_agenda_item_coalition_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_item_meeting_id'))
        batch_op.drop_index('ix_action_item_coalition_status')

    op.drop_table('action_item')
    with op.batch_alter_table('rotation_swap', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotation_swap_coalition_id'))

    op.drop_table('rotation_swap')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_coalition_starts')

    op.drop_table('meeting')
    op.drop_table('calendar_feed')
