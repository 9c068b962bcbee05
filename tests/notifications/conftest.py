"""Fixtures for reminders: a real SMTP server on 127.0.0.1 (aiosmtpd), decisions to be
reminded of, and scratch databases (SQLite file, PostgreSQL) for the concurrency tests."""

import email
import os
import socket
import threading
import uuid
from email import policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from coordination import create_app
from coordination.coalitions import operations as coalitions
from coordination.extensions import db as _db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """aiosmtpd handler keeping every message it accepts; `refuse` makes it answer
    with an SMTP error code instead (e.g. "451 try later", "550 no such user")."""

    def __init__(self):
        self.received = []  # (envelope recipients, parsed message)
        self.raw: list[bytes] = []  # the bytes as they came over the wire
        self.refuse: list[str] = []  # replies used up one per message, before accepting
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse:
                return self.refuse.pop(0)
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            self.received.append((list(envelope.rcpt_tos), message))
            self.raw.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self.lock:
            return [m for _rcpt, m in self.received]

    def to(self, address: str):
        return [m for rcpt, m in list(self.received) if address in rcpt]


@pytest.fixture
def smtp_server():
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    recorder.port = controller.port
    yield recorder
    controller.stop()


def use_smtp(app, recorder, monkeypatch=None):
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": recorder.port, "MAIL_TIMEOUT": 5}
    for key, value in settings.items():
        if monkeypatch is not None:
            monkeypatch.setitem(app.config, key, value)
        else:
            app.config[key] = value


@pytest.fixture
def smtp(app, smtp_server, monkeypatch):
    """The session app sends through the test's SMTP server (restored afterwards)."""
    use_smtp(app, smtp_server, monkeypatch)
    return smtp_server


def open_decision(world, by=None, **settings):
    """A collective decision waiting for every member association of the world."""
    return coalitions.propose_settings(
        world.coalition, settings or {"attendance_quota": 3}, by=by or world.delegates[0]
    )


# --- scratch databases for the concurrency tests ------------------------------------------


def _postgres_base():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    from coordination.config import _database_url

    return sa.engine.make_url(_database_url(None))  # the DATABASE_URL, as the app reads it


@pytest.fixture(params=["sqlite", "postgresql"])
def scratch_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, or a PostgreSQL database created for the
    test (only when the suite runs on PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.db'}"
        return
    base = _postgres_base()
    if base is None:
        pytest.skip("PostgreSQL runs only when DATABASE_URL points to PostgreSQL")
    name = f"notif_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def scratch_app(scratch_url, tmp_path):
    """A separate app on the scratch database (schema by create_all), whose sessions each
    hold their own connection: what separate processes or threads would see."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "scratch",
            "SQLALCHEMY_DATABASE_URI": scratch_url,
            "SERVER_NAME": "localhost",
            "MAIL_OUTBOX": str(tmp_path / "outbox"),
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
            "NOTIFICATIONS_DIGEST_TIME": "00:00",  # digests are due at any hour here
        }
    )
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()
