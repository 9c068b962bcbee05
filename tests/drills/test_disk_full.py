"""Drill: SQLite's disk is full (PRAGMA max_page_count caps the file at its current size).

A statement save is refused with a clear French 503 page that keeps the user's text and
can send it again; earlier data is intact (revisions, integrity check); once space is
freed the same app, not restarted, saves the kept text.
"""

import html
import time

import pytest
import sqlalchemy as sa

from coordination.extensions import db
from tests.drills import helpers

pytestmark = pytest.mark.slow


def test_disk_full_refuses_clearly_keeps_the_text_and_recovers(tmp_path):
    started = time.monotonic()
    app = helpers.demo_app(f"sqlite:///{tmp_path / 'full.db'}")
    cap = {"pages": None}

    with app.app_context():
        engine = db.engine

        @sa.event.listens_for(engine, "connect")
        def _cap(dbapi_connection, _record):
            if cap["pages"] is not None:
                dbapi_connection.execute(f"PRAGMA max_page_count = {int(cap['pages'])}")

        with engine.connect() as conn:
            coalition_id, statement_id, email = helpers.draft_and_editor(conn)
            before = helpers.revision_numbers(conn, statement_id)
            tables = sa.inspect(conn).get_table_names()
            counts_before = {
                t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables
            }
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    client = app.test_client()
    helpers.login(client, email)
    path = f"/c/{coalition_id}/statements/{statement_id}/edit"
    page = client.get(path).get_data(as_text=True)
    text = "Paragraphe écrit quand le disque est plein. " * 1500  # ~68 kB: needs new pages
    form = helpers.statement_form(page, text, "disque plein")

    with app.app_context():
        cap["pages"] = pages
        db.engine.dispose()
    refused = client.post(path, data=form)
    body = refused.get_data(as_text=True)
    print(f"disk full: {pages} pages cap, answer {refused.status_code}, {len(body)} bytes")
    assert refused.status_code == 503
    assert "manque de place" in body and "n’a pas été enregistré" in body
    assert html.escape(text[:200], quote=False) in body  # the user's text is on the page
    kept = helpers.hidden_fields(body)
    assert kept["body"] == text.replace("\r\n", "\n") or kept["body"] == text

    # Earlier data intact: same revisions, same row counts, a sound file.
    with app.app_context(), db.engine.connect() as conn:
        assert helpers.revision_numbers(conn, statement_id) == before
        counts_during = {
            t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables
        }
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    changed = {t for t in tables if counts_during[t] != counts_before[t]}
    assert changed <= {"user_session", "login_attempt"}, changed  # the login, nothing else

    # Space freed: the same process serves and saves the kept text.
    with app.app_context():
        cap["pages"] = None
        db.engine.dispose()
    assert client.get(path).status_code == 200
    again = client.post(path, data=kept)
    assert again.status_code == 302, again.get_data(as_text=True)[:1500]
    with app.app_context(), db.engine.connect() as conn:
        after = helpers.revision_numbers(conn, statement_id)
        saved = conn.execute(
            sa.text(
                "SELECT body FROM statement_revision WHERE statement_id = :s "
                "ORDER BY number DESC LIMIT 1"
            ),
            {"s": statement_id},
        ).scalar()
    assert after == [*before, before[-1] + 1]
    assert saved.strip() == text.strip()
    with app.app_context():
        db.engine.dispose()
    print(
        f"disk full drill: 1 write refused (503), {len(before)} revisions intact, "
        f"1 resent and saved as revision {after[-1]}, {time.monotonic() - started:.1f} s"
    )
