"""Operator commands for accounts (an operator has the command line, never a web super-user)."""

import click
from flask.cli import AppGroup

from coordination.accounts import operations, sessions
from coordination.accounts.passwords import hash_password, password_problem
from coordination.extensions import db

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
