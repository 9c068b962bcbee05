"""The drills run the real app under gunicorn, on a database made by the migrations and the
demo data: the concurrency suite's fixtures, with the drill's gunicorn settings."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.concurrency.conftest import (
    PROJECT_ROOT,
    VENV_BIN,
    Database,
    _driver_url,
    _free_port,
    _is_postgres,
    _stop,
    _wait_until_up,
    app_env,
    flask_command,
)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """As the concurrency suite's, with pool_pre_ping on the test's own engines: the
    restart drill kills their connections too."""
    given = os.environ.get("DATABASE_URL", "")
    if _is_postgres(given):
        server_url = _driver_url(given)
        name = f"{server_url.database or 'concertation'}_drill_{os.getpid()}"
        admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        app_url = sa.make_url(given).set(database=name).render_as_string(hide_password=False)
        engine = sa.create_engine(server_url.set(database=name), pool_pre_ping=True)
    else:
        admin = None
        path = tmp_path_factory.mktemp("drills") / "concertation.db"
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


@dataclass
class DrillServer:
    url: str
    stderr: Path
    folder: Path
    process: subprocess.Popen

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")


@pytest.fixture(scope="module")
def drill_server(database, tmp_path_factory):
    port = _free_port()
    folder = tmp_path_factory.mktemp("drill")
    stderr = folder / "stderr.log"
    env = {**app_env(database.url), "DRILL_DIR": str(folder)}
    with open(folder / "stdout.log", "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "-c",
                str(Path(__file__).with_name("gunicorn_drill.py")),
                "--bind",
                f"127.0.0.1:{port}",
                "app:app",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, stderr)
        yield DrillServer(url=url, stderr=stderr, folder=folder, process=process)
    finally:
        _stop(process)
        if os.environ.get("DRILL_SHOW_LOG"):
            print(stderr.read_text(errors="replace"))
