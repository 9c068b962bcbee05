"""campaigns: a coalition's long fights — the campaign, its targets (institutions of the
directory, a decision-maker as a contact or a role), the guest associations that join it,
its steps (negotiation meetings and actions, with who went for which association), the
coalition's own kinds of action, and the links to commitments (its promises) and joint
statements. New tables only: no existing data to carry over.

Revision ID: 0013_campaigns
Revises: 0012_situations
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_campaigns'
down_revision = '0012_situations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaign_action_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_action_type_coalition_id_coalition')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_action_type')),
    sa.UniqueConstraint('coalition_id', 'name', name=op.f('uq_campaign_action_type_coalition_id_name'))
    )
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('demand', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_association_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('preparing', 'active', 'won', 'lost', 'abandoned', 'suspended')", name=op.f('ck_campaign_status')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['created_by_association_id'], ['association.id'], name=op.f('fk_campaign_created_by_association_id_association')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_campaign_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_coalition_status', ['coalition_id', 'status'], unique=False)

    op.create_table('campaign_participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_campaign_participant_association_id_association')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_participant_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_participant_coalition_id_coalition')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_participant')),
    sa.UniqueConstraint('campaign_id', 'association_id', name=op.f('uq_campaign_participant_campaign_id_association_id'))
    )
    op.create_table('campaign_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('at', sa.Time(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('action_type', sa.String(length=12), nullable=True),
    sa.Column('action_type_id', sa.Integer(), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('met', sa.String(length=300), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('links', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_association_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('negotiation', 'action')", name=op.f('ck_campaign_step_kind')),
    sa.ForeignKeyConstraint(['action_type_id'], ['campaign_action_type.id'], name=op.f('fk_campaign_step_action_type_id_campaign_action_type'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_step_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_step_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['created_by_association_id'], ['association.id'], name=op.f('fk_campaign_step_created_by_association_id_association')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_campaign_step_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_campaign_step_institution_id_institution'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_step'))
    )
    with op.batch_alter_table('campaign_step', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_step_campaign_on', ['campaign_id', 'on'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_step_coalition_id'), ['coalition_id'], unique=False)

    op.create_table('campaign_delegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('people', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_campaign_delegation_association_id_association')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_delegation_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['step_id'], ['campaign_step.id'], name=op.f('fk_campaign_delegation_step_id_campaign_step'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_delegation')),
    sa.UniqueConstraint('step_id', 'association_id', name=op.f('uq_campaign_delegation_step_id_association_id'))
    )
    op.create_table('campaign_statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_statement_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_statement_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_campaign_statement_statement_id_statement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_statement')),
    sa.UniqueConstraint('campaign_id', 'statement_id', name=op.f('uq_campaign_statement_campaign_id_statement_id'))
    )
    with op.batch_alter_table('campaign_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_statement_statement_id'), ['statement_id'], unique=False)

    op.create_table('campaign_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_target_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_target_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_campaign_target_contact_id_contact'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_campaign_target_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_target'))
    )
    with op.batch_alter_table('campaign_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_target_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_target_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_target_institution_id'), ['institution_id'], unique=False)

    op.create_table('campaign_commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_commitment_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_campaign_commitment_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_campaign_commitment_commitment_id_commitment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['campaign_step.id'], name=op.f('fk_campaign_commitment_step_id_campaign_step'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_commitment')),
    sa.UniqueConstraint('commitment_id', name=op.f('uq_campaign_commitment_commitment_id'))
    )
    with op.batch_alter_table('campaign_commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_commitment_campaign_id'), ['campaign_id'], unique=False)



def downgrade():
    with op.batch_alter_table('campaign_commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_commitment_campaign_id'))

    op.drop_table('campaign_commitment')
    with op.batch_alter_table('campaign_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_target_institution_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_target_contact_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_target_campaign_id'))

    op.drop_table('campaign_target')
    with op.batch_alter_table('campaign_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_statement_statement_id'))

    op.drop_table('campaign_statement')
    op.drop_table('campaign_delegation')
    with op.batch_alter_table('campaign_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_step_coalition_id'))
        batch_op.drop_index('ix_campaign_step_campaign_on')

    op.drop_table('campaign_step')
    op.drop_table('campaign_participant')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_coalition_status')

    op.drop_table('campaign')
    op.drop_table('campaign_action_type')
