"""email_answers: answering from the e-mail without logging in. The answer links (only a
hash of each token), and `via` on the transparency log and on decision answers, so that
the history says an answer came "by the e-mail link". Existing rows get via = ''.

Revision ID: 0009_email_answers
Revises: 0008_search_synonyms
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0009_email_answers"
down_revision = "0008_search_synonyms"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('decision', 'signoff', 'poll', 'attendance')", name=op.f('ck_answer_link_kind')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_answer_link_coalition_id_coalition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_answer_link_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_answer_link_token_hash'))
    )
    with op.batch_alter_table('answer_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_link_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index('ix_answer_link_user_revoked', ['user_id', 'revoked_at'], unique=False)

    with op.batch_alter_table('decision_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via', sa.String(length=10), server_default='', nullable=False))

    with op.batch_alter_table('log_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via', sa.String(length=10), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('log_entry', schema=None) as batch_op:
        batch_op.drop_column('via')

    with op.batch_alter_table('decision_answer', schema=None) as batch_op:
        batch_op.drop_column('via')

    with op.batch_alter_table('answer_link', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_link_user_revoked')
        batch_op.drop_index(batch_op.f('ix_answer_link_expires_at'))

    op.drop_table('answer_link')
