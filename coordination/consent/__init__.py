"""Collective decisions by consent: the reusable service and its pages."""

from flask import Blueprint, Flask

bp = Blueprint("consent", __name__)


def init_app(app: Flask) -> None:
    from coordination.consent import cli, models, todo, views  # noqa: F401

    todo.register()
    from coordination.coalitions import transparency
    from coordination.consent.service import ANSWER_LABELS

    transparency.register_summary("decision.answered", transparency.last_word(ANSWER_LABELS))
    app.register_blueprint(bp)
    app.cli.add_command(cli.consent_cli)
