"""The search index's documents table: one row per indexed object, whatever its feature.

The full-text structures hang off this table and are kept in step by the database itself
(see backends.py): on SQLite an external-content FTS5 table fed by triggers, on PostgreSQL
the `tsv` column filled by a trigger with the `fr_unaccent` configuration, under a GIN index.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from coordination.db import IndexedCoalitionRow, db, utcnow


class SearchDocument(IndexedCoalitionRow, db.Model):
    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id"),
        # GIN on PostgreSQL; on SQLite a plain index over an always-NULL column (harmless,
        # and it keeps models and migration identical on both engines).
        sa.Index("ix_search_document_tsv", "tsv", postgresql_using="gin"),
    )

    kind: Mapped[str] = mapped_column(sa.String(30))
    object_id: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    endpoint: Mapped[str] = mapped_column(sa.String(80))
    url_params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # PostgreSQL only (filled by a trigger); stays NULL on SQLite, where FTS5 holds the index.
    tsv: Mapped[str | None] = mapped_column(
        sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")
    )

    def __repr__(self) -> str:
        return f"<SearchDocument {self.kind} {self.object_id} {self.title!r}>"


class SearchSynonym(IndexedCoalitionRow, db.Model):
    """A coalition's own entry in the search's word list: `words` (comma-separated, as
    typed) mean `means` ("la sécu, l'assurance maladie" => "CPAM"). The defaults shared by
    every coalition are in synonyms.txt."""

    words: Mapped[str] = mapped_column(sa.String(300))
    means: Mapped[str] = mapped_column(sa.String(100))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SearchSynonym {self.words!r} => {self.means!r}>"
