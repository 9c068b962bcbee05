"""`flask backup` copies the SQLite database while another connection keeps writing;
the restored copy opens and holds the data."""

import os
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from coordination import create_app
from coordination.coalitions.models import Coalition
from coordination.extensions import db
from coordination.maintenance.backup import table_counts


@pytest.fixture
def served_app(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}",
            "SECRET_KEY": "x",
            "TESTING": True,
        }
    )
    with app.app_context():
        db.create_all()
        from coordination.demo import data

        app.config.update(ARGON2_TIME_COST=1, ARGON2_MEMORY_COST=1024)
        data.load()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_backup_while_writing_then_restore(served_app, tmp_path):
    stop = threading.Event()
    written = []

    def writer():
        with served_app.app_context():
            n = 0
            while not stop.is_set() and n < 200:
                n += 1
                db.session.add(Coalition(name=f"Coalition écrite pendant la sauvegarde {n}"))
                db.session.commit()
                written.append(n)

    thread = threading.Thread(target=writer)
    thread.start()
    target = tmp_path / "backup" / "copy.db"
    result = served_app.test_cli_runner().invoke(args=["backup", "--to", str(target)])
    stop.set()
    thread.join()
    assert result.exit_code == 0, result.output

    restored = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{target}", "SECRET_KEY": "x"})
    with restored.app_context():
        names = set(db.session.scalars(sa.select(Coalition.name)))
        db.engine.dispose()
    assert "Concertation solidaire de Brie-et-Marne" in names
    assert "Collectif du quartier des Tilleuls" in names
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refuses_to_overwrite(served_app, tmp_path):
    target = tmp_path / "b.db"
    runner = served_app.test_cli_runner()
    assert runner.invoke(args=["backup", "--to", str(target)]).exit_code == 0
    again = runner.invoke(args=["backup", "--to", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_backup_of_an_unreachable_postgresql_says_what_failed(tmp_path):
    pg = create_app(
        {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@127.0.0.1:9/none", "SECRET_KEY": "x"}
    )
    out = pg.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "x.dump")])
    assert out.exit_code != 0 and "pg_dump" in out.output


def _restore_and_verify(source_app, fresh_app, target):
    """backup -> restore into the fresh instance -> verify: the counts printed, compared."""
    started = time.monotonic()
    runner = source_app.test_cli_runner()
    made = runner.invoke(args=["backup", "--to", str(target)])
    assert made.exit_code == 0, made.output
    restored = fresh_app.test_cli_runner().invoke(args=["backup", "restore", str(target)])
    assert restored.exit_code == 0, restored.output
    checked = runner.invoke(args=["backup", "verify", str(target)])
    assert checked.exit_code == 0, checked.output
    with source_app.app_context():
        source = table_counts(db.engine)
    with fresh_app.app_context():
        fresh = table_counts(db.engine)
        db.engine.dispose()
    assert fresh == source
    assert source["user"] > 0 and source["statement_revision"] > 0
    last = checked.output.strip().splitlines()[-1]
    print(f"{last}; fresh instance identical; {time.monotonic() - started:.1f} s")
    return checked


@pytest.mark.slow
def test_backup_restore_into_a_fresh_instance_and_verify_sqlite(served_app, tmp_path):
    fresh = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}", "SECRET_KEY": "x"}
    )
    target = tmp_path / "backup" / "copy.db"
    _restore_and_verify(served_app, fresh, target)
    # The check notices a copy that lost a row.
    with sqlite3.connect(target) as conn:
        conn.execute(
            "DELETE FROM statement_revision WHERE id = (SELECT max(id) FROM statement_revision)"
        )
    out = served_app.test_cli_runner().invoke(args=["backup", "verify", str(target)])
    assert out.exit_code != 0 and "statement_revision" in out.output


def _postgresql_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgresql", "postgres://")):
        return None
    return url


@pytest.mark.slow
@pytest.mark.skipif(_postgresql_url() is None, reason="DATABASE_URL is not PostgreSQL")
def test_backup_restore_into_a_fresh_instance_and_verify_postgresql(tmp_path):
    given = sa.make_url(_postgresql_url()).set(drivername="postgresql+psycopg")
    names = [f"{given.database}_bk_{k}_{os.getpid()}" for k in ("source", "fresh")]
    admin = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    urls = [given.set(database=n).render_as_string(hide_password=False) for n in names]
    try:
        source = create_app({"SQLALCHEMY_DATABASE_URI": urls[0], "SECRET_KEY": "x"})
        with source.app_context():
            source.config.update(ARGON2_TIME_COST=1, ARGON2_MEMORY_COST=1024)
            db.create_all()
            from coordination.demo import data

            data.load()
            db.session.commit()
        fresh = create_app({"SQLALCHEMY_DATABASE_URI": urls[1], "SECRET_KEY": "x"})
        _restore_and_verify(source, fresh, tmp_path / "copy.dump")
        with source.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
