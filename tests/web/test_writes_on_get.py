"""Reading requests begin deferred transactions on SQLite; a short write inside one (the
contact access log) takes the write lock at its own BEGIN, like POSTs."""

import sqlalchemy as sa
from flask import Flask

from coordination.db import write_transaction


def test_write_inside_a_read_begins_immediate(tmp_path):
    from coordination.db import db

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'x.db'}"
    db.init_app(app)
    seen = []

    @app.get("/read")
    def read():
        return str(db.session.execute(sa.text("SELECT 1")).scalar())

    @app.get("/log")
    def log():
        db.session.execute(sa.text("CREATE TABLE IF NOT EXISTS seen (n INTEGER)"))
        with write_transaction(db.session):
            db.session.execute(sa.text("INSERT INTO seen VALUES (1)"))
        return str(db.session.execute(sa.text("SELECT count(*) FROM seen")).scalar())

    @app.post("/write")
    def write():
        return str(db.session.execute(sa.text("SELECT 1")).scalar())

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    client = app.test_client()
    assert client.get("/read").text == "1"
    assert client.get("/log").text == "1"
    assert client.post("/write").status_code == 200
    with app.app_context():
        rows = db.session.execute(sa.text("SELECT count(*) FROM seen")).scalar()
    engine.dispose()
    begins = [s for s in seen if s.startswith("BEGIN")]
    # /read; /log: its read, its write, the rest of its page; /write; then the check, which
    # runs outside any request (commands and jobs write) and so begins immediate too.
    assert begins == [
        "BEGIN",
        "BEGIN",
        "BEGIN IMMEDIATE",
        "BEGIN",
        "BEGIN IMMEDIATE",
        "BEGIN IMMEDIATE",
    ]
    assert rows == 1  # committed by write_transaction, not by the end of the request
