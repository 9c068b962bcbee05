"""What every feature shares: scoping, Markdown, PDF, security headers, errors, filters."""

from flask import Blueprint, Flask
from flask_babel import get_locale
from wtforms.csrf.core import CSRFTokenField
from wtforms.widgets import HiddenInput

from coordination.web import (
    errors,
    filters,
    formatting,
    instrumentation,
    panels,
    security,
    todo,
    urls,
)
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
        todo_when=todo.when_text,
        todo_url=todo.todo_url,
    )
    app.register_blueprint(bp)
    app.register_blueprint(formatting.bp)
    urls.warn_if_unset(app)


class _HiddenInputWithoutId(HiddenInput):
    """The CSRF token's hidden input, without id="csrf_token": a page with several forms
    would repeat that id (invalid HTML); nothing refers to the token by id."""

    def __call__(self, field, **kwargs):
        kwargs["id"] = False
        return super().__call__(field, **kwargs)


CSRFTokenField.widget = _HiddenInputWithoutId()
