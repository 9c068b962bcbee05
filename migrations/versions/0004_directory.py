"""directory: institutions, offices and hours, contacts with their access log, exports,
imports, interaction notes, commitments; the search index (documents table plus SQLite
FTS5 or PostgreSQL full-text structures)

Revision ID: 0004_directory
Revises: 0002_meetings
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "0004_directory"
down_revision = "0002_meetings"
branch_labels = None
depends_on = None

# Full-text structures (frozen copy of coordination/search/backends.py at this revision).
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body,"
    " content='search_document', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE OF title, body"
    " ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION fr_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    """CREATE OR REPLACE FUNCTION search_document_tsv() RETURNS trigger AS $$
    BEGIN
        NEW.tsv := setweight(to_tsvector('fr_unaccent', coalesce(NEW.title, '')), 'A')
                || setweight(to_tsvector('fr_unaccent', coalesce(NEW.body, '')), 'B');
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS search_document_tsv ON search_document",
    "CREATE TRIGGER search_document_tsv BEFORE INSERT OR UPDATE OF title, body"
    " ON search_document FOR EACH ROW EXECUTE FUNCTION search_document_tsv()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS search_document_tsv ON search_document",
    "DROP FUNCTION IF EXISTS search_document_tsv()",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent",
]


def _full_text(statements):
    dialect = op.get_bind().dialect.name
    for statement in statements.get(dialect, []):
        op.execute(statement)


def upgrade():
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('endpoint', sa.String(length=80), nullable=False),
    sa.Column('url_params', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tsv', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_search_document_coalition_id_coalition')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_document_kind_object_id'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index('ix_search_document_tsv', ['tsv'], unique=False, postgresql_using='gin')

    op.create_table('contact_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('imported', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_contact_import_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_contact_import_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_import'))
    )
    with op.batch_alter_table('contact_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_import_coalition_id'), ['coalition_id'], unique=False)

    op.create_table('directory_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('association_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_directory_export_association_id_association')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_directory_export_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_directory_export_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_export'))
    )
    with op.batch_alter_table('directory_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_export_coalition_id'), ['coalition_id'], unique=False)

    op.create_table('institution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('territory', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_association_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('caf', 'cpam', 'mds', 'prefecture', 'france_travail', 'municipality', 'ofii', 'other')", name=op.f('ck_institution_kind')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_institution_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['created_by_association_id'], ['association.id'], name=op.f('fk_institution_created_by_association_id_association')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_institution_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution'))
    )
    with op.batch_alter_table('institution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institution_coalition_id'), ['coalition_id'], unique=False)

    op.create_table('office',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('public_phone', sa.String(length=40), nullable=False),
    sa.Column('appointment_rules', sa.Text(), nullable=False),
    sa.Column('accessibility', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_office_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_office_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_office_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office'))
    )
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_coalition_id'), ['coalition_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_office_institution_id'), ['institution_id'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('can_unblock', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('reach_hours', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_by_association_id', sa.Integer(), nullable=True),
    sa.Column('last_checked_on', sa.Date(), nullable=False),
    sa.Column('last_checked_by_id', sa.Integer(), nullable=True),
    sa.Column('last_checked_by_association_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('erased_by_association_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('person', 'desk')", name=op.f('ck_contact_kind')),
    sa.ForeignKeyConstraint(['added_by_association_id'], ['association.id'], name=op.f('fk_contact_added_by_association_id_association')),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_contact_added_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_contact_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['erased_by_association_id'], ['association.id'], name=op.f('fk_contact_erased_by_association_id_association')),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_contact_institution_id_institution')),
    sa.ForeignKeyConstraint(['last_checked_by_association_id'], ['association.id'], name=op.f('fk_contact_last_checked_by_association_id_association')),
    sa.ForeignKeyConstraint(['last_checked_by_id'], ['user.id'], name=op.f('fk_contact_last_checked_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_contact_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_coalition_checked', ['coalition_id', 'last_checked_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_office_id'), ['office_id'], unique=False)

    op.create_table('opening_exception',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=True),
    sa.Column('closes', sa.Time(), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.CheckConstraint('first_day <= last_day', name=op.f('ck_opening_exception_range')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_opening_exception_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_opening_exception_office_id_office'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_exception'))
    )
    with op.batch_alter_table('opening_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_exception_office_id'), ['office_id'], unique=False)

    op.create_table('opening_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.CheckConstraint('opens < closes', name=op.f('ck_opening_slot_order')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_opening_slot_weekday')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_opening_slot_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_opening_slot_office_id_office'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_slot'))
    )
    with op.batch_alter_table('opening_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_slot_office_id'), ['office_id'], unique=False)

    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('promised_by', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('promised_on', sa.Date(), nullable=False),
    sa.Column('context', sa.String(length=300), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('statement_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_association_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'kept', 'partial', 'broken')", name=op.f('ck_commitment_status')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_commitment_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_commitment_contact_id_contact')),
    sa.ForeignKeyConstraint(['created_by_association_id'], ['association.id'], name=op.f('fk_commitment_created_by_association_id_association')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_commitment_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_commitment_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment'))
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index('ix_commitment_coalition_status_due', ['coalition_id', 'status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_institution_id'), ['institution_id'], unique=False)

    op.create_table('contact_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('association_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('export_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['association_id'], ['association.id'], name=op.f('fk_contact_access_association_id_association')),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_contact_access_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_contact_access_contact_id_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['export_id'], ['directory_export.id'], name=op.f('fk_contact_access_export_id_directory_export')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_contact_access_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_access'))
    )
    with op.batch_alter_table('contact_access', schema=None) as batch_op:
        batch_op.create_index('ix_contact_access_contact_at', ['contact_id', 'at'], unique=False)

    op.create_table('interaction_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('case_type', sa.String(length=30), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('resolution_days', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_association_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('contact_id IS NOT NULL OR office_id IS NOT NULL', name=op.f('ck_interaction_note_target')),
    sa.ForeignKeyConstraint(['author_association_id'], ['association.id'], name=op.f('fk_interaction_note_author_association_id_association')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_interaction_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_interaction_note_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_interaction_note_contact_id_contact')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_interaction_note_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interaction_note'))
    )
    with op.batch_alter_table('interaction_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_note_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_note_office_id'), ['office_id'], unique=False)

    op.create_table('commitment_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('coalition_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('new_status', sa.String(length=10), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_association_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_association_id'], ['association.id'], name=op.f('fk_commitment_follow_up_author_association_id_association')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_commitment_follow_up_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['coalition_id'], ['coalition.id'], name=op.f('fk_commitment_follow_up_coalition_id_coalition')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_commitment_follow_up_commitment_id_commitment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_follow_up'))
    )
    with op.batch_alter_table('commitment_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_follow_up_commitment_id'), ['commitment_id'], unique=False)

    _full_text({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def downgrade():
    # The unaccent extension stays: other schemas may use it, and it holds no data.
    _full_text({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})
    op.drop_table('commitment_follow_up')
    op.drop_table('interaction_note')
    op.drop_table('contact_access')
    op.drop_table('commitment')
    op.drop_table('opening_slot')
    op.drop_table('opening_exception')
    op.drop_table('contact')
    op.drop_table('office')
    op.drop_table('institution')
    op.drop_table('directory_export')
    op.drop_table('contact_import')
    op.drop_table('search_document')
