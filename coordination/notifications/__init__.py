"""Reminders and notifications: reminder kinds, in-app notifications, e-mails sent exactly
once (at once or in a daily digest), and the one scheduler process that runs the jobs."""

from flask import Blueprint, Flask

bp = Blueprint("notifications", __name__)

DEFAULTS = {
    "NOTIFICATIONS_SWEEP_MINUTES": 5,
    "NOTIFICATIONS_DIGEST_TIME": "07:00",  # local (Paris) time of the daily digest
    "NOTIFICATIONS_DAILY_TIME": "06:30",  # the daily reminder kinds (staleness)
    "NOTIFICATIONS_REMINDER_TIME": "09:00",  # "two days before, at 9:00"
    "NOTIFICATIONS_DEADLINE_DAYS": 2,
    "NOTIFICATIONS_MAX_ATTEMPTS": 6,
    "NOTIFICATIONS_RETRY_SECONDS": 300,  # 5 min, then 10, 20, 40, 80
    "NOTIFICATIONS_SEND_LEASE_SECONDS": 600,
    "NOTIFICATIONS_BATCH": 50,
    "SCHEDULER_LEASE_SECONDS": 90,
    "SCHEDULER_MISFIRE_GRACE_SECONDS": 600,
}


def init_app(app: Flask) -> None:
    from coordination.notifications import cli, decisions, models, operations, views  # noqa: F401
    from coordination.notifications.demo import register_demo
    from coordination.notifications.mail import fromiso
    from coordination.web.panels import register_header_link

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    decisions.register()
    register_demo()
    register_header_link(20, "notifications/_header_link.html")
    app.add_template_filter(fromiso, "fromiso")
    app.jinja_env.globals["unread_notifications"] = operations.current_unread_count
    app.register_blueprint(bp)
    app.cli.add_command(cli.scheduler_cli)
    app.cli.add_command(cli.notifications_cli)
