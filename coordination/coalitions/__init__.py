"""Coalitions of equal associations, memberships, and the transparency log."""

from flask import Blueprint, Flask

bp = Blueprint("coalitions", __name__)


def init_app(app: Flask) -> None:
    from coordination.coalitions import cli, models, operations, transparency, views  # noqa: F401

    operations.register_decision_kinds()
    from coordination.coalitions.forms import SettingsForm

    labels = transparency.labels_of(SettingsForm, operations.SETTING_FIELDS)
    transparency.register_summary("coalition.settings_changed", transparency.field_names(labels))
    app.add_template_global(transparency.summary_text, "log_summary")
    app.add_template_global(transparency.via_label, "via_label")
    app.register_blueprint(bp)
    app.cli.add_command(cli.coalition_cli)
