"""The directory feature (being built: see its issue)."""

from flask import Blueprint, Flask

bp = Blueprint("directory", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
