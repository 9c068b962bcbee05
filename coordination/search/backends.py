"""Two full-text backends behind one interface, chosen by the database engine.

- SQLite: an external-content FTS5 table `search_fts` over
  `search_document(title, body, coalition_id)`, tokenizer `unicode61 remove_diacritics 2`
  (case- and accent-insensitive: "prefecture" matches "Préfecture"), with prefix indexes for
  2 and 3 characters, kept in step by triggers. Queries are prefix queries ("secu"*) on
  title and body, ranked by bm25 with the title weighing more than the body; the
  `coalition_id` column (one token, weight 0) lets the index itself keep only the searched
  coalitions' documents, so that a search costs what one coalition holds, not what all do.
- PostgreSQL: the `fr_unaccent` text search configuration (a copy of `french` whose words go
  through `unaccent` then `french_stem`), a `tsv` column filled by a trigger (title weight
  A, body weight B) under a GIN index; prefix queries (`secu:*`), ranked by ts_rank.

Production creates these structures in the migrations (0004_directory, then
0007_search_scope for the SQLite index's coalition column); tests create them with
`create_structures()` (called after `search_document` is created by `create_all`). Both are
idempotent. The DDL below is duplicated in the migrations on purpose: migrations stay
frozen while this code may evolve.
"""

import re

import sqlalchemy as sa
from markupsafe import Markup, escape

from coordination.db import columns_of
from coordination.search.models import SearchDocument
from coordination.search.synonyms import MIN_TERM, STOPWORDS, Alt

MARK_START, MARK_END = "\x02", "\x03"
MAX_TERMS = 8
# The little words (synonyms.STOPWORDS) would otherwise have to appear in every result on
# SQLite; PostgreSQL's french configuration drops them itself.

SQLITE_CREATE = [
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


def terms(query: str) -> list[str]:
    """The words of a query: letters and digits only (no operator can be injected), at
    least two characters (or a number), at most MAX_TERMS of them."""
    words = re.findall(r"[^\W_]+", query or "")
    kept = [w for w in words if len(w) >= MIN_TERM or w.isdigit()]
    meaningful = [w for w in kept if w.lower() not in STOPWORDS]
    return (meaningful or kept)[:MAX_TERMS]


def _word(word: str) -> str:
    """Letters and digits only, whatever a synonym entry holds (no operator, no quote)."""
    return "".join(re.findall(r"[^\W_]+", word)) or "_"


# What a result shows: plain rows, no ORM objects (and never the `tsv` column).
COLUMNS = columns_of(SearchDocument, "kind coalition_id title endpoint url_params")


def highlight(text: str | None) -> Markup:
    """Escape a snippet, then turn the backend's match markers into <mark>; the lines of a
    document (name, address, rules…) are shown separated by a dot."""
    safe = str(escape(text or ""))
    safe = re.sub(r"\s*[\r\n]+\s*", " · ", safe).strip(" ·")
    # Safe: the text is escaped above; only our own <mark> tags are added.
    return Markup(safe.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S704


class _Structures:
    """Creating and dropping a backend's full-text structures: its DDL, run in order."""

    create_ddl: list[str]
    drop_ddl: list[str]

    def create(self, connection) -> None:
        for statement in self.create_ddl:
            connection.exec_driver_sql(statement)

    def drop(self, connection) -> None:
        for statement in self.drop_ddl:
            connection.exec_driver_sql(statement)


class SQLiteBackend(_Structures):
    name = "sqlite"
    create_ddl, drop_ddl = SQLITE_CREATE, SQLITE_DROP
    fts = sa.table("search_fts", sa.column("rowid"), sa.column("title"), sa.column("body"))

    def compact(self, connection) -> None:
        """Merge the index so that deleted words leave its pages (after an erasure)."""
        connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def params(self, groups: list[list[Alt]], coalition_ids: list[int]) -> dict:
        """Every group (one of its alternatives) in the title or the body, and one of these
        coalitions' number in the `coalition_id` column: FTS5 intersects the lists itself,
        so only the searched coalitions' matches are joined to their documents and ranked.
        A typed word is a prefix ("secu"*), a synonym a whole word or phrase ("cpam",
        "assurance maladie")."""
        scope = " OR ".join(f'"{int(c)}"' for c in coalition_ids)
        expression = " AND ".join(
            "(" + " OR ".join(self.alternative(alt) for alt in group) + ")" for group in groups
        )
        return {"query": f"coalition_id : ({scope}) AND {{title body}} : ({expression})"}

    @staticmethod
    def alternative(alt: Alt) -> str:
        words = [_word(w) for w in alt.words]
        if alt.prefix:
            parts = [f'"{w}"*' for w in words]
            return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
        return '"' + " ".join(words) + '"'

    def statement(self, where) -> sa.Select:
        """One page of results: bound parameters `query` (see `params`), `limit`, `offset`."""
        table = sa.literal_column("search_fts")
        rank = sa.func.bm25(table, 10.0, 1.0, 0.0)
        snippet = sa.func.snippet(table, 1, MARK_START, MARK_END, "…", 16)
        return (
            sa.select(*COLUMNS, snippet.label("snippet"))
            .join(self.fts, self.fts.c.rowid == SearchDocument.id)
            .where(table.op("MATCH")(sa.bindparam("query", type_=sa.String)), where)
            .order_by(rank, SearchDocument.id)
            .limit(sa.bindparam("limit", type_=sa.Integer))
            .offset(sa.bindparam("offset", type_=sa.Integer))
        )


class PostgresBackend(_Structures):
    name = "postgresql"
    create_ddl, drop_ddl = POSTGRES_CREATE, POSTGRES_DROP

    def compact(self, connection) -> None:
        """Deleted rows leave the GIN index at the next (auto)vacuum; nothing to do here."""

    def params(self, groups: list[list[Alt]], coalition_ids: list[int]) -> dict:
        """`to_tsquery` text: groups joined by &, alternatives by |; a typed word is a
        prefix (secu:*), a synonym a whole word or a phrase (assurance <-> maladie)."""
        expression = " & ".join(
            "(" + " | ".join(self.alternative(alt) for alt in group) + ")" for group in groups
        )
        return {"query": expression, "scope": list(coalition_ids)}

    @staticmethod
    def alternative(alt: Alt) -> str:
        words = [_word(w) for w in alt.words]
        if alt.prefix:
            return " & ".join(f"{w}:*" for w in words)
        return "(" + " <-> ".join(words) + ")"

    def statement(self, where) -> sa.Select:
        """One page of results: bound parameters `query` and `scope` (see `params`),
        `limit`, `offset`."""
        config = sa.literal_column("'fr_unaccent'::regconfig")
        query = sa.func.to_tsquery(config, sa.bindparam("query", type_=sa.String))
        # Normalization 1: divided by 1 + log(length), so that a short document about the
        # words (the institution itself) comes before a long one that mentions them.
        rank = sa.func.ts_rank(SearchDocument.tsv, query, 1)
        snippet = sa.func.ts_headline(
            config,
            SearchDocument.body,
            query,
            f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=8",
        )
        return (
            sa.select(*COLUMNS, snippet.label("snippet"))
            .where(
                SearchDocument.tsv.op("@@")(query),
                SearchDocument.coalition_id.in_(sa.bindparam("scope", expanding=True)),
                where,
            )
            .order_by(rank.desc(), SearchDocument.id)
            .limit(sa.bindparam("limit", type_=sa.Integer))
            .offset(sa.bindparam("offset", type_=sa.Integer))
        )


def backend_for(dialect_name: str):
    if dialect_name == "postgresql":
        return PostgresBackend()
    if dialect_name == "sqlite":
        return SQLiteBackend()
    raise RuntimeError(f"no search backend for {dialect_name}")


def create_structures(connection) -> None:
    """Create the full-text structures if missing (idempotent)."""
    backend_for(connection.dialect.name).create(connection)


def drop_structures(connection) -> None:
    backend_for(connection.dialect.name).drop(connection)
