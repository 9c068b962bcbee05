"""Concurrent writing requests on SQLite wait for the lock instead of failing with
"database is locked" (BEGIN IMMEDIATE + busy_timeout, see coordination/db.py)."""

import threading

import pytest
import sqlalchemy as sa

from coordination import create_app
from coordination.accounts.models import LoginAttempt
from coordination.extensions import db


@pytest.fixture
def file_app(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'w.db'}",
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
            "TESTING": True,
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_pragmas_are_set(file_app):
    with file_app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_concurrent_writers_all_succeed(file_app):
    threads, per_thread = 8, 6
    failures = []

    def worker(n):
        client = file_app.test_client()
        for i in range(per_thread):
            response = client.post(
                "/login",
                data={"email": f"w{n}-{i}@example.org", "password": "x" * 10},
                environ_base={"REMOTE_ADDR": f"10.0.{n}.{i}"},
            )
            if response.status_code != 200:
                failures.append(response.status_code)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert failures == []
    with file_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == threads * per_thread
