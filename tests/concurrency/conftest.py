"""The concurrency suite runs the real app as in production: gunicorn with several sync
workers, on a database made by the real migrations and the demo data.

DATABASE_URL selects the engine, as for the rest of the suite: for PostgreSQL a scratch
database is created on that server (and dropped afterwards, whoever is still connected);
otherwise a SQLite file in a temporary directory (WAL, busy timeout: see coordination/db.py).
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The virtualenv's bin directory: flask and gunicorn live next to the running Python.
VENV_BIN = Path(sys.executable).parent
SECRET_KEY = "concurrency-tests-secret-key"
COMMAND_TIMEOUT = 180


@dataclass
class Database:
    url: str  # DATABASE_URL as the app reads it
    engine: sa.Engine  # the test's own connection, to count what was written

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


@dataclass
class Server:
    url: str
    stderr: Path

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgresql", "postgres://"))


def _driver_url(url: str) -> sa.URL:
    """The URL for our own engine, with the driver the app uses (psycopg 3)."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def app_env(database_url: str) -> dict:
    env = dict(os.environ)
    # Not production: cookies must not be Secure over plain http.
    env.pop("CONCERTATION_ENV", None)
    env["DATABASE_URL"] = database_url
    env["SECRET_KEY"] = SECRET_KEY
    return env


def flask_command(database_url: str, *args: str) -> None:
    result = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "app", *args],
        cwd=PROJECT_ROOT,
        env=app_env(database_url),
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    assert result.returncode == 0, f"flask {' '.join(args)}:\n{result.stdout}\n{result.stderr}"


@contextlib.contextmanager
def demo_database(tmp_path_factory, purpose: str, **engine_options):
    """A fresh database made by `flask db upgrade` and `flask demo load`: a scratch
    PostgreSQL database (dropped afterwards) when DATABASE_URL points to PostgreSQL, a
    SQLite file otherwise. `engine_options` go to the test's own engine."""
    given = os.environ.get("DATABASE_URL", "")
    if _is_postgres(given):
        server_url = _driver_url(given)
        name = f"{server_url.database or 'concertation'}_{purpose}_{os.getpid()}"
        admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", **engine_options)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        app_url = sa.make_url(given).set(database=name).render_as_string(hide_password=False)
        engine = sa.create_engine(server_url.set(database=name), **engine_options)
    else:
        admin = None
        path = tmp_path_factory.mktemp(purpose) / "concertation.db"
        app_url = f"sqlite:///{path}"
        engine = sa.create_engine(app_url)
    try:
        flask_command(app_url, "db", "upgrade")
        flask_command(app_url, "demo", "load")
        yield Database(url=app_url, engine=engine)
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A fresh database through `flask db upgrade` and `flask demo load`."""
    with demo_database(tmp_path_factory, "concurrency") as database:
        yield database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, stderr: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited ({process.returncode}):\n{stderr.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/login", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /login within {timeout} s:\n{stderr.read_text()}")


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    """gunicorn as in README's production line (3 sync workers), without production cookies."""
    port = _free_port()
    logs = tmp_path_factory.mktemp("gunicorn")
    stderr = logs / "stderr.log"
    with open(logs / "stdout.log", "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                "3",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--graceful-timeout",
                "5",
                "app:app",
            ],
            cwd=PROJECT_ROOT,
            env=app_env(database.url),
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, so that teardown ends every worker
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, stderr)
        yield Server(url=url, stderr=stderr)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    # Whatever of its group is left (a stuck or orphaned worker) is ended too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=5)
