"""The statements feature (being built: see its issue)."""

from flask import Blueprint, Flask

bp = Blueprint("statements", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
