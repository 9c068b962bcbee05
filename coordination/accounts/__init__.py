"""Delegates' accounts: login, sessions, throttling, invitations, profile."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from coordination.extensions import login_manager

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    from coordination.accounts import (  # noqa: F401
        cli,
        devices,
        generate,
        models,
        sessions,
        views,
        views_data,
        views_second_factor,
    )
    from coordination.web.feature import DemoData, register_feature

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are server-side (accounts.sessions)
    login_manager.user_loader(sessions.load_user)
    app.cli.add_command(cli.user_cli)
    app.add_template_filter(devices.describe_device, "device")
    register_feature(
        app,
        bp,
        log_actions={"account.second_factor_reset": _l("Second factor reset (lost phone)")},
        demo=DemoData(5, generate=generate.generate),
    )
