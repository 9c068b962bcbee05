"""Coalitions of equal associations, memberships, and the transparency log."""

from flask import Blueprint, Flask

bp = Blueprint("coalitions", __name__)


def init_app(app: Flask) -> None:
    from coordination.coalitions import cli, models, operations, views  # noqa: F401
    from coordination.coalitions.transparency import via_label

    operations.register_decision_kinds()
    app.add_template_global(via_label, "via_label")
    app.register_blueprint(bp)
    app.cli.add_command(cli.coalition_cli)
