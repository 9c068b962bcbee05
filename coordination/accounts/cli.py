"""Operator commands for accounts (an operator has the command line, never a web super-user)."""

import logging

import click
from flask.cli import AppGroup

from coordination.accounts import operations, retention, second_factor, sessions
from coordination.accounts.passwords import hash_password, password_problem
from coordination.extensions import db

log = logging.getLogger("coordination.auth")

user_cli = AppGroup("user", help="Manage delegates' accounts.")


@user_cli.command("create")
@click.option("--association-id", type=int, required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.password_option()
def create(association_id, email, name, password):
    """Create a delegate account for an association."""
    if problem := password_problem(password, email=email, name=name):
        raise click.ClickException(problem)
    if operations.find_by_email(email):
        raise click.ClickException("This e-mail address already has an account.")
    user = operations.create_delegate(association_id, email, name, password)
    db.session.commit()
    click.echo(f"Created delegate {user.id} <{user.email}>")


@user_cli.command("set-password")
@click.option("--email", required=True)
@click.password_option()
def set_password(email, password):
    """Set a delegate's password and end all their sessions."""
    user = operations.find_by_email(email)
    if user is None:
        raise click.ClickException("No such delegate.")
    if problem := password_problem(password, email=email, name=user.name):
        raise click.ClickException(problem)
    user.password_hash = hash_password(password)
    sessions.end_other_sessions(user, keep_key=None)
    db.session.commit()
    click.echo("Password changed; sessions ended.")


@user_cli.command("reset-second-factor")
@click.option("--email", required=True)
def reset_second_factor(email):
    """A lost phone, when no colleague of the association can: remove a delegate's
    authenticator application (written in the coalitions' transparency logs)."""
    user = operations.find_by_email(email)
    if user is None:
        raise click.ClickException("No such delegate.")
    try:
        second_factor.reset_for(user, by=None)
    except second_factor.SecondFactorError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    log.warning("second factor reset user=%s by=command line", user.id)
    click.echo("Second factor removed; sessions ended. The reset is in the transparency logs.")


@user_cli.command("retention")
def run_retention():
    """Delete now what is past its retention period (the scheduler does it daily)."""
    report = retention.purge_expired()
    db.session.commit()
    click.echo(str(report))
