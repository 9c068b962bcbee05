"""Drills against gunicorn (one database and one server for the module, to stay quick).

A gunicorn worker SIGKILLed in the middle of a statement save and of a date-poll
answer, its rows written but not committed (tests/drills/gunicorn_drill.py holds it there).

Afterwards the database holds none of the change: the statement's revision numbers are
those from before, gap-free; the association has no half-recorded answer. The master
starts a new worker, the same save and answer then go through whole, and the revision
numbers stay gap-free. Each step prints its counts.

PostgreSQL restarted while logged-in clients write: see the last test.
"""

import http.client
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.concurrency.test_concurrent_writes import (
    Delegate,
    input_value,
    load_world,
    textarea_value,
)
from tests.drills.helpers import draft_and_editor, revision_numbers

pytestmark = pytest.mark.slow

# The 503 page's title in each interface language.
UNAVAILABLE_TITLE = {"fr": "momentanément indisponible", "en": "briefly unavailable"}


def _post_held(server, delegate, path, fields, prefix: str) -> tuple[int, dict]:
    """POST while the hook holds the transaction after `prefix`; SIGKILL that worker."""
    paused = server.folder / "paused"
    paused.unlink(missing_ok=True)
    (server.folder / "pause").write_text(prefix)
    outcome: dict = {}

    def send():
        try:
            outcome["reply"] = delegate.request("POST", path, fields)
        except Exception as error:  # the connection dies with the worker
            outcome["error"] = repr(error)

    thread = threading.Thread(target=send)
    thread.start()
    deadline = time.monotonic() + 20
    while not paused.exists():
        assert time.monotonic() < deadline, "the request was never held:\n" + server.log()[-3000:]
        time.sleep(0.05)
    pid = int(paused.read_text())
    # Another worker still serves while this one holds its transaction open (a worker
    # started after an earlier kill may still be booting: give it time).
    _wait_for_workers(server, delegate)
    os.kill(pid, signal.SIGKILL)
    thread.join(timeout=30)
    assert "reply" not in outcome or outcome["reply"].status >= 500, outcome
    return pid, outcome


def _login_page_status(server) -> int:
    """An anonymous GET /login: the app answers without touching the held transaction."""
    try:
        with urllib.request.urlopen(f"{server.url}/login", timeout=5) as response:  # noqa: S310
            return response.status
    except OSError:
        return 0


def _wait_for_workers(server, delegate):
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        if _login_page_status(server) == 200:
            return
        time.sleep(0.2)
    pytest.fail("no worker answered after the kill")


def test_sigkill_mid_statement_save_and_mid_poll_answer(database, drill_server):
    started = time.monotonic()
    engine = database.engine
    with engine.connect() as conn:
        coalition_id, statement_id, email = draft_and_editor(conn)
        user_id, association_id = conn.execute(
            sa.text('SELECT id, association_id FROM "user" WHERE email = :e'), {"e": email}
        ).one()
        before = revision_numbers(conn, statement_id)
    delegate = Delegate(drill_server.url, user_id, association_id, email)
    delegate.login()

    # 1. The statement save, killed after its revision row is written.
    path = f"/c/{coalition_id}/statements/{statement_id}/edit"
    page = delegate.request("GET", path).body
    fields = {
        "csrf_token": delegate.csrf,
        "base_revision_id": input_value(page, "base_revision_id"),
        "title": input_value(page, "title"),
        "recipient": input_value(page, "recipient"),
        "purpose": textarea_value(page, "purpose"),
        "body": textarea_value(page, "body") + "\n\nParagraphe du test d'arrêt brutal.",
        "summary": "arrêt brutal",
    }
    pid, outcome = _post_held(
        drill_server, delegate, path, fields, "insert into statement_revision"
    )
    _wait_for_workers(drill_server, delegate)
    with engine.connect() as conn:
        after_kill = revision_numbers(conn, statement_id)
        texts = conn.execute(
            sa.text("SELECT count(*) FROM statement_revision WHERE body LIKE :t"),
            {"t": "%arrêt brutal%"},
        ).scalar()
    print(
        f"statement save: worker {pid} killed mid-transaction ({outcome.get('error', '')[:60]}); "
        f"revisions before {before}, after the kill {after_kill}, rows with the text {texts}"
    )
    assert after_kill == before and texts == 0
    assert after_kill == list(range(1, len(after_kill) + 1))  # gap-free
    again = delegate.request("POST", path, fields)
    assert again.status == 302, again.body[:1500]
    with engine.connect() as conn:
        final = revision_numbers(conn, statement_id)
    print(f"statement save sent again: revisions {final}")
    assert final == list(range(1, len(before) + 2))

    # 2. The date-poll answer, killed after its answer rows are written.
    with engine.connect() as conn:
        meeting_id = conn.execute(
            sa.text(
                "SELECT id FROM meeting WHERE coalition_id = :c AND status = 'planned' "
                "AND id NOT IN (SELECT meeting_id FROM date_poll) ORDER BY id LIMIT 1"
            ),
            {"c": coalition_id},
        ).scalar()
    assert meeting_id is not None
    base = f"/c/{coalition_id}/meetings/{meeting_id}/poll"
    day = datetime.now(UTC) + timedelta(days=40)
    slots = {f"slot_{k}": (day + timedelta(days=k)).strftime("%Y-%m-%dT%H:%M") for k in (1, 2, 3)}
    opened = delegate.request("POST", base, {"csrf_token": delegate.csrf, **slots})
    assert opened.status == 302, opened.body[:1500]
    with engine.connect() as conn:
        slot_ids = list(
            conn.execute(
                sa.text(
                    "SELECT s.id FROM poll_slot s JOIN date_poll p ON p.id = s.poll_id "
                    "WHERE p.meeting_id = :m ORDER BY s.id"
                ),
                {"m": meeting_id},
            ).scalars()
        )
    assert len(slot_ids) == 3
    answer = {"csrf_token": delegate.csrf, **{f"slot-{s}": "yes" for s in slot_ids}}
    answer[f"slot-{slot_ids[1]}"] = "maybe"
    count_sql = sa.text(
        "SELECT count(*) FROM poll_answer WHERE association_id = :a AND slot_id IN "
        "(SELECT s.id FROM poll_slot s JOIN date_poll p ON p.id = s.poll_id "
        "WHERE p.meeting_id = :m)"
    )
    pid, outcome = _post_held(
        drill_server, delegate, f"{base}/answer", answer, "insert into poll_answer"
    )
    _wait_for_workers(drill_server, delegate)
    with engine.connect() as conn:
        recorded = conn.execute(count_sql, {"a": association_id, "m": meeting_id}).scalar()
    print(f"poll answer: worker {pid} killed mid-transaction; answers recorded {recorded} of 3")
    assert recorded == 0
    assert delegate.request("POST", f"{base}/answer", answer).status == 302
    with engine.connect() as conn:
        recorded = conn.execute(count_sql, {"a": association_id, "m": meeting_id}).scalar()
    print(f"poll answer sent again: answers recorded {recorded} of 3")
    assert recorded == 3
    print(f"worker-kill drill ({database.dialect}): 2 kills, {time.monotonic() - started:.1f} s")


# --- PostgreSQL restarted while logged-in clients write -----------------------------------

RESTART_CLIENTS = 8
RESTART_BEFORE, RESTART_AFTER = 2.0, 5.0  # seconds of writing before and after the restart


def _restart_command() -> list[str] | None:
    tool = shutil.which("pg_ctlcluster")
    if tool is None or os.geteuid() != 0 or not os.path.isdir("/etc/postgresql"):
        return None
    versions = sorted(os.listdir("/etc/postgresql"))
    if len(versions) != 1:
        return None
    return [tool, "--skip-systemctl-redirect", versions[0], "main", "restart"]


def test_postgresql_restart_while_serving(database, drill_server):
    """Requests in flight may get the French 503 page; service resumes without restarting
    the app (the pool reconnects: pool_pre_ping); every acknowledged write is there."""
    command = _restart_command()
    if database.dialect != "postgresql" or command is None:
        pytest.skip("needs PostgreSQL and pg_ctlcluster as root (CI)")
    started = time.monotonic()
    world = load_world(database.engine, drill_server.url)
    writers = [d for d in world.delegates if world.meetings_of[d.association_id]]
    writers = writers[:RESTART_CLIENTS]
    for delegate in writers:
        delegate.login()
    lock = threading.Lock()
    acked, unavailable, bad, transport, after_ok = [], [], [], [], []
    restart = {"begin": None, "end": None}

    stop = threading.Event()

    def client(k: int, delegate):
        n = 0
        meetings = world.meetings_of[delegate.association_id]
        while not stop.is_set():
            coalition_id, meeting_id = meetings[n % len(meetings)]
            title = f"pg restart c{k:02d} n{n:04d}"
            n += 1
            try:
                reply = delegate.request(
                    "POST",
                    f"/c/{coalition_id}/meetings/{meeting_id}/agenda/new",
                    {
                        "csrf_token": delegate.csrf,
                        "title": title,
                        "description": "Écrit pendant le redémarrage.",
                        "topic": "drill",
                        "duration_minutes": "10",
                        "proposer_association_id": str(delegate.association_id),
                        "links": "",
                    },
                )
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    transport.append(repr(error))
                time.sleep(0.1)
                continue
            with lock:
                if reply.status == 302 and f"/meetings/{meeting_id}" in reply.location:
                    acked.append(title)
                    end = restart["end"]
                    if end is not None and time.monotonic() > end + 2:
                        after_ok.append(title)
                elif reply.status == 503:
                    unavailable.append(reply.body)
                    time.sleep(0.1)
                else:
                    bad.append((reply.status, reply.body[:500]))

    threads = [threading.Thread(target=client, args=(k, d)) for k, d in enumerate(writers)]
    for thread in threads:
        thread.start()
    time.sleep(RESTART_BEFORE)
    restart["begin"] = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    restart["end"] = time.monotonic()
    time.sleep(RESTART_AFTER)
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    database.engine.dispose()  # its connections died with the server
    with database.engine.connect() as conn:
        stored = set(
            conn.execute(
                sa.text("SELECT title FROM agenda_item WHERE title LIKE 'pg restart %'")
            ).scalars()
        )
    lost = [t for t in acked if t not in stored]
    print(
        f"postgresql restart drill: {len(writers)} clients, restart took "
        f"{restart['end'] - restart['begin']:.1f} s; {len(acked)} writes acknowledged, "
        f"{len(lost)} lost, {len(unavailable)} answered 503, {len(transport)} without answer, "
        f"{len(bad)} other errors, {len(after_ok)} acknowledged from 2 s after the restart; "
        f"{time.monotonic() - started:.1f} s"
    )
    assert not lost, lost[:5]
    assert not bad, bad[:3]
    assert after_ok, "service did not resume after the restart"
    # The clear 503 page, in the delegate's own language (the demo has an English speaker).
    for body in unavailable:
        lang = re.search(r'<html lang="(\w+)"', body).group(1)
        assert UNAVAILABLE_TITLE[lang] in body, body[:300]
