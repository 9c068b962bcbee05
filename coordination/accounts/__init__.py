"""Delegates' accounts: login, sessions, throttling, invitations, profile."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from coordination.extensions import login_manager

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    from coordination.accounts import cli, devices, models, sessions, views, views_data  # noqa: F401

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are server-side (accounts.sessions)
    login_manager.user_loader(sessions.load_user)
    app.register_blueprint(bp)
    app.cli.add_command(cli.user_cli)
    app.add_template_filter(devices.describe_device, "device")
