"""search_scope: the SQLite full-text index also holds each document's coalition (a third
column, `coalition_id`, weight 0 in the ranking) and prefix indexes for 2 and 3 characters,
so that a search reads only the searched coalitions' matches instead of every coalition's;
the index is rebuilt from `search_document` (nothing changes there on PostgreSQL).
And `commitment.contact_id` gets an index (a contact's page lists its commitments).

Revision ID: 0007_search_scope
Revises: 0006_commitment_meeting_link
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_search_scope"
down_revision = "0006_commitment_meeting_link"
branch_labels = None
depends_on = None

# Frozen copies of coordination/search/backends.py (after) and of 0004_directory (before).
DROP = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]
SCOPED = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, coalition_id,"
    " content='search_document', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN"
    " INSERT INTO search_fts(rowid, title, body, coalition_id)"
    " VALUES (new.id, new.title, new.body, new.coalition_id); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body, coalition_id)"
    " VALUES ('delete', old.id, old.title, old.body, old.coalition_id); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_au"
    " AFTER UPDATE OF title, body, coalition_id ON search_document BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body, coalition_id)"
    " VALUES ('delete', old.id, old.title, old.body, old.coalition_id);"
    " INSERT INTO search_fts(rowid, title, body, coalition_id)"
    " VALUES (new.id, new.title, new.body, new.coalition_id); END",
]
UNSCOPED = [
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
REBUILD = "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"


def _rebuild(create):
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in [*DROP, *create, REBUILD]:
        op.execute(statement)


def upgrade():
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_contact_id"), ["contact_id"], unique=False)
    _rebuild(SCOPED)


def downgrade():
    _rebuild(UNSCOPED)
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_contact_id"))
