"""Error pages in the user's language, for the codes people actually meet."""

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

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


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _page(code))
    app.register_error_handler(CSRFError, _csrf_error)
