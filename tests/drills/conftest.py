"""The drills run the real app under gunicorn, on a database made by the migrations and the
demo data: the concurrency suite's fixtures, with the drill's gunicorn settings."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.concurrency.conftest import (
    PROJECT_ROOT,
    VENV_BIN,
    _free_port,
    _stop,
    _wait_until_up,
    app_env,
    demo_database,
)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """As the concurrency suite's, with pool_pre_ping on the test's own engines: the
    restart drill kills their connections too."""
    with demo_database(tmp_path_factory, "drill", pool_pre_ping=True) as database:
        yield database


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
