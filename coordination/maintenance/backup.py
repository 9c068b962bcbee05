"""Consistent online backups of the SQLite database while the app serves.

SQLite's backup API copies pages under a read transaction, so the copy is a consistent
snapshot including what still sits in the -wal file; copying the file alone would not be.
PostgreSQL is backed up with its own tool (`pg_dump`), see the README.
"""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


def sqlite_path(database_uri: str) -> Path | None:
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def default_target(directory: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return directory / f"concertation-{stamp}.db"


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
