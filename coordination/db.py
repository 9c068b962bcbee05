"""The SQLAlchemy base: naming convention, UTC timestamps, SQLite connection settings."""

import sqlite3
from contextlib import contextmanager
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import g, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

# Stable constraint names, so that Alembic (and SQLite batch mode) can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware now in UTC; used as a callable default, never evaluated at import."""
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()


class UTCDateTime(sa.types.TypeDecorator):
    """Stores aware datetimes as UTC; gives them back aware (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = sa.orm.registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )

    def __repr__(self) -> str:
        ident = getattr(self, "id", None)
        label = getattr(self, "name", None) or getattr(self, "title", None)
        suffix = f" {label!r}" if label else ""
        return f"<{type(self).__name__} {ident}{suffix}>"


db = SQLAlchemy(model_class=Base)


# --- lean reads ---------------------------------------------------------------------------
# Pages that only show values read rows, not ORM objects: a column select executed on the
# session's connection (same transaction) skips the ORM's execution and loading layers —
# about half the cost of session.execute for the same SQL, a third with no objects to build.
# It does not autoflush: it sees what was committed or flushed, which is all a page reads.


def read_rows(stmt, params: dict | None = None) -> list[sa.Row]:
    return db.session.connection().execute(stmt, params or {}).all()


def read_scalar(stmt, params: dict | None = None):
    return db.session.connection().execute(stmt, params or {}).scalar()


def columns_of(model, names: str) -> tuple:
    """`model`'s columns named in `names` (separated by spaces), in that order: a select
    list reads `sa.select(*columns_of(Meeting, "id title starts_at"), Association.name)`,
    the same statement as naming `Meeting.id, Meeting.title, …` one by one."""
    return tuple(getattr(model, name) for name in names.split())


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthoredMixin:
    """Who wrote a row (a step, a version), for which association, and when. The person's
    account may be erased (SET NULL); the association stays. These columns come last."""

    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("association.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @declared_attr
    def author(cls):
        return relationship("User", lazy="raise")


class CoalitionRow:
    """A row that belongs to one coalition: its `id` and the `coalition_id` every feature's
    table carries, so that `scoped_or_404` answers 404 across coalitions.

    A mixin's columns would otherwise come after the class's own; `sort_order` keeps these
    two first in the table, where the migrations created them."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    coalition_id: Mapped[int] = mapped_column(sa.ForeignKey("coalition.id"), sort_order=-1)


class IndexedCoalitionRow(CoalitionRow):
    """A CoalitionRow whose `coalition_id` has an index of its own (no composite index of
    the table starts with it)."""

    coalition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("coalition.id"), index=True, sort_order=-1
    )


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # We emit BEGIN ourselves (below) so that writers take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Erased personal data (GDPR erasure) is overwritten on disk, not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    if conn.dialect.name != "sqlite":
        return
    # Reading requests keep a deferred transaction (WAL readers never wait); anything that
    # may write takes the write lock at BEGIN, so concurrent writers queue on busy_timeout
    # instead of failing with "database is locked" when upgrading a read lock.
    if (
        has_request_context()
        and request.method in ("GET", "HEAD", "OPTIONS")
        and not g.get("_begin_immediate")
    ):
        conn.exec_driver_sql("BEGIN")
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def write_transaction(session):
    """A short write transaction of its own inside a reading request (an access log entry
    while showing a page): what was read so far is committed (kept, not expired), the
    block runs in a transaction that takes SQLite's write lock at BEGIN, and is committed.
    The rest of the page then reads without holding the lock other writers wait for."""
    current = session() if isinstance(session, sa.orm.scoped_session) else session
    previous = current.expire_on_commit
    current.expire_on_commit = False
    try:
        current.commit()
        g._begin_immediate = True
        yield
        current.commit()
    finally:
        g._begin_immediate = False
        current.expire_on_commit = previous
