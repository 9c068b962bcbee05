"""Coalitions of equal associations, memberships, and the transparency log."""

from flask import Blueprint, Flask

bp = Blueprint("coalitions", __name__)


def init_app(app: Flask) -> None:
    from coordination.coalitions import cli, models, operations, views  # noqa: F401

    operations.register_decision_kinds()
    app.register_blueprint(bp)
    app.cli.add_command(cli.coalition_cli)
