"""search_synonyms: each coalition's own words for the search ("la sécu" => "CPAM"), added
to the defaults of coordination/search/synonyms.txt.

Revision ID: 0008_search_synonyms
Revises: 0007_search_scope
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_search_synonyms"
down_revision = "0007_search_scope"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_synonym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('words', sa.String(length=300), nullable=False),
    sa.Column('means', sa.String(length=100), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_search_synonym_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_search_synonym_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonym'))
    )
    with op.batch_alter_table('search_synonym', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_synonym_coalition_id'), ['coalition_id'], unique=False)


def downgrade():
    with op.batch_alter_table('search_synonym', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_synonym_coalition_id'))
    op.drop_table('search_synonym')
