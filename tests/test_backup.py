"""`flask backup` copies the SQLite database while another connection keeps writing;
the restored copy opens and holds the data."""

import sqlite3
import threading

import pytest
import sqlalchemy as sa

from coordination import create_app
from coordination.coalitions.models import Coalition
from coordination.extensions import db


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


def test_backup_refuses_to_overwrite_and_explains_postgresql(served_app, tmp_path):
    target = tmp_path / "b.db"
    runner = served_app.test_cli_runner()
    assert runner.invoke(args=["backup", "--to", str(target)]).exit_code == 0
    again = runner.invoke(args=["backup", "--to", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output
    pg = create_app(
        {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@127.0.0.1/none", "SECRET_KEY": "x"}
    )
    out = pg.test_cli_runner().invoke(args=["backup"])
    assert out.exit_code != 0 and "pg_dump" in out.output
