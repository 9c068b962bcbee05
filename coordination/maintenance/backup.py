"""Consistent online backups, their restore, and a check that a copy holds every row.

SQLite: the backup API copies pages under a read transaction, so the copy is a consistent
snapshot including what still sits in the -wal file; copying the file alone would not be.
PostgreSQL: `pg_dump --format=custom` (one consistent snapshot), restored by `pg_restore`.
`verify` opens the copy (a PostgreSQL dump is restored into a scratch database, dropped
afterwards) and counts every table against the source.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

TOOL_TIMEOUT = 600


def sqlite_path(database_uri: str) -> Path | None:
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def is_postgresql(database_uri: str) -> bool:
    return make_url(database_uri).get_backend_name() == "postgresql"


def default_target(directory: Path, now: datetime | None = None, suffix: str = ".db") -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return directory / f"concertation-{stamp}{suffix}"


def backup_sqlite(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst, pages=1024)  # in steps, so writers are never held up for long
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise RuntimeError(f"backup failed its integrity check: {check}")
    finally:
        dst.close()
        src.close()
    target.chmod(0o600)
    return target


# --- PostgreSQL ---------------------------------------------------------------------------


def _libpq(database_uri: str | sa.URL) -> tuple[str, dict]:
    """A libpq connection string for pg_dump/pg_restore, the password in the environment."""
    url = make_url(database_uri) if isinstance(database_uri, str) else database_uri
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise RuntimeError(f"{args[0]} is not installed (apt install postgresql-client)")
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from our own config
        [tool, *args[1:]], env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT
    )
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {result.stderr.strip()}")


def backup_postgresql(database_uri: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(target)
    dsn, env = _libpq(database_uri)
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={dsn}"], env)
    target.chmod(0o600)
    return target


def restore_postgresql(dump: Path, database_uri: str | sa.URL) -> None:
    """Into an existing, empty database (the fresh instance's)."""
    dsn, env = _libpq(database_uri)
    _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={dsn}", str(dump)], env)


def restore_sqlite(copy: Path, database_path: Path) -> None:
    """Into the fresh instance's database file (checked empty by the caller)."""
    database_path.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    dst = sqlite3.connect(database_path)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def is_empty(engine: sa.Engine) -> bool:
    return not sa.inspect(engine).get_table_names()


@contextmanager
def scratch_postgresql(database_uri: str):
    """A scratch database on the source's server, dropped afterwards: yields its URL."""
    url = make_url(database_uri)
    name = f"{url.database}_verify_{os.getpid()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# --- verification -------------------------------------------------------------------------


def table_counts(engine: sa.Engine) -> dict[str, int]:
    """Rows of every table of the schema (Alembic's version table included)."""
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar()
            for name in sorted(names)
        }


def sqlite_table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise RuntimeError(f"the copy fails its integrity check: {check}")
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
        }
    finally:
        conn.close()


@dataclass
class Verification:
    source: dict[str, int]
    copy: dict[str, int]
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def rows(self) -> int:
        return sum(self.copy.values())


def compare(source: dict[str, int], copy: dict[str, int]) -> Verification:
    result = Verification(source, copy)
    for name in sorted(set(source) | set(copy)):
        if name not in copy:
            result.differences.append(f"{name}: missing from the copy")
        elif name not in source:
            result.differences.append(f"{name}: only in the copy")
        elif source[name] != copy[name]:
            result.differences.append(f"{name}: {source[name]} rows, {copy[name]} in the copy")
    return result


def verify(copy: Path, source_engine: sa.Engine, source_uri: str) -> Verification:
    """Open `copy` and count every table against the source database."""
    source = table_counts(source_engine)
    if is_postgresql(source_uri):
        with scratch_postgresql(source_uri) as scratch:
            restore_postgresql(copy, scratch)
            engine = sa.create_engine(scratch)
            try:
                counted = table_counts(engine)
            finally:
                engine.dispose()
    else:
        counted = sqlite_table_counts(copy)
    return compare(source, counted)
