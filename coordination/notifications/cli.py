"""`flask scheduler run|status` and `flask notifications sweep|digest`."""

import click
from flask import current_app
from flask.cli import AppGroup

from coordination.notifications import lock, tasks

scheduler_cli = AppGroup("scheduler", help="The one process that runs the periodic jobs.")
notifications_cli = AppGroup("notifications", help="Reminders and e-mails, by hand.")


@scheduler_cli.command("run")
def run():
    """Run the scheduler in the foreground (reminders, digests, decisions). Only one
    scheduler works at a time: a second one waits, idle, until the first stops."""
    from coordination.notifications.scheduler import ReminderScheduler

    scheduler = ReminderScheduler(current_app._get_current_object())
    click.echo(f"Scheduler {scheduler.holder} started; stop it with Ctrl-C.")
    scheduler.run_forever()


@scheduler_cli.command("status")
def status():
    """Which scheduler holds the lock, and until when."""
    row = lock.current()
    if row is None:
        click.echo("No scheduler has run yet.")
        return
    click.echo(
        f"Held by {row.holder} since {row.acquired_at:%Y-%m-%d %H:%M:%S} UTC; "
        f"last heartbeat {row.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC; "
        f"lease until {row.expires_at:%Y-%m-%d %H:%M:%S} UTC."
    )


@notifications_cli.command("sweep")
def sweep():
    """Run one sweep now: settle due decisions, create due reminders, send due e-mails."""
    report = tasks.sweep()
    click.echo(str(report))
    if report.failed_steps:
        raise SystemExit(1)


@notifications_cli.command("digest")
@click.option("--force", is_flag=True, help="Build today's digests even before their hour.")
def digest(force):
    """Build the daily digests (from their hour on, or now with --force) and send them."""
    report = tasks.digest(force=force)
    click.echo(str(report))
    if report.failed_steps:
        raise SystemExit(1)
