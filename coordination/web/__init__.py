"""What every feature shares: scoping, Markdown, PDF, security headers, errors, filters."""

from flask import Blueprint, Flask
from flask_babel import get_locale

from coordination.web import errors, filters, instrumentation, panels, security, urls
from coordination.web.requests import CleanRequest

bp = Blueprint("web", __name__)


def init_app(app: Flask) -> None:
    app.request_class = CleanRequest
    security.init_app(app)
    instrumentation.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        coalition_links=panels.coalition_links,
        header_links=panels.header_links,
    )
    app.register_blueprint(bp)
    urls.warn_if_unset(app)
