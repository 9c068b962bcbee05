"""`flask demo load`: the fictional demo world."""

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from coordination.coalitions.models import Coalition
from coordination.demo import data
from coordination.extensions import db

demo_cli = AppGroup("demo", help="Demo data (fictional people only).")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database has coalitions.")
def load(if_empty):
    """Create two demo coalitions with their associations and delegates."""
    if db.session.scalar(sa.select(sa.func.count(Coalition.id))):
        if if_empty:
            click.echo("The database already has data; demo not loaded.")
            return
        raise click.ClickException("The database is not empty; use a fresh database.")
    data.load()
    db.session.commit()
    click.echo(f"Demo loaded. Every demo account's password: {data.DEMO_PASSWORD}")
    for _key, name, email, _locale in data.DELEGATES:
        click.echo(f"  {email}  ({name})")
