"""Error pages in the user's language, for the codes people actually meet."""

import contextlib
import logging

from flask import Flask, current_app, g, render_template, request, session
from flask_babel import force_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError

from coordination.extensions import db

log = logging.getLogger(__name__)


def _page(code: int):
    def handler(error):
        if code == 500:
            db.session.rollback()
            log.exception("server error", exc_info=getattr(error, "original_exception", error))
        return render_template("errors/error.html", code=code), code

    return handler


def _csrf_error(error):
    log.warning("CSRF refused: %s", error.description)
    return render_template("errors/error.html", code=400, csrf=True), 400


def is_disk_full(error: BaseException | None) -> bool:
    """SQLite's 'database or disk is full', PostgreSQL's disk_full (SQLSTATE 53100), also
    when it caused the error raised (SQLite rolls back on SQLITE_FULL, so the savepoint's
    rollback fails next with "no such savepoint")."""
    seen = 0
    while error is not None and seen < 10:
        orig = getattr(error, "orig", None) or error
        if "disk is full" in str(orig).lower() or getattr(orig, "sqlstate", "") == "53100":
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _database_unavailable(error):
    """The database is unreachable (a restart), full, or its connection dropped: answer 503
    with what the person sent, so that nothing typed is lost, and a button to send it again.
    The page reads nothing from the database (it may still be down): the language comes
    from what is already loaded, the pool reconnects on the next request (pool_pre_ping)."""
    user = g.get("_login_user")
    locale = getattr(user, "__dict__", {}).get("locale") or session.get("locale") or "fr"
    with contextlib.suppress(Exception):
        db.session.rollback()
    full = is_disk_full(error)
    log.error("database unavailable (%s): %s", "full" if full else "connection", error)
    fields = []
    if request.method == "POST":
        fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    token = request.form.get("csrf_token", "") if request.method == "POST" else ""
    # Rendered without the context processors: Flask-Login's loads the user (a query).
    template = current_app.jinja_env.get_template("errors/unavailable.html")
    with force_locale(locale):
        page = template.render(
            full=full, fields=fields, token=token, locale=locale, request=request
        )
    return page, 503, {"Retry-After": "10"}


def _end_session_quietly(_exc) -> None:
    """Registered after Flask-SQLAlchemy's teardown, so it runs first: when the server has
    gone away, closing the session fails; the connection is dropped from the pool instead
    of the error escaping to gunicorn as a bare 500."""
    try:
        db.session.remove()
    except Exception:
        log.warning("database session closed on a dead connection", exc_info=True)
        with contextlib.suppress(Exception):
            db.session.invalidate()
        with contextlib.suppress(Exception):
            db.session.remove()


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _page(code))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)
    app.teardown_appcontext(_end_session_quietly)
