"""GET views that write (access logs) take the SQLite write lock at BEGIN like POSTs."""

import sqlalchemy as sa
from flask import Flask

from coordination.db import writes_on_get


def test_writing_get_views_begin_immediate(tmp_path):
    from coordination.db import db

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'x.db'}"
    db.init_app(app)
    seen = []

    @app.get("/read")
    def read():
        return str(db.session.execute(sa.text("SELECT 1")).scalar())

    @app.get("/log")
    @writes_on_get
    def log():
        return str(db.session.execute(sa.text("SELECT 1")).scalar())

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    client = app.test_client()
    assert client.get("/read").status_code == 200
    assert client.get("/log").status_code == 200
    engine.dispose()
    begins = [s for s in seen if s.startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]
