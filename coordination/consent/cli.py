"""Commands for collective decisions."""

import click
from flask.cli import AppGroup

from coordination.consent import service
from coordination.extensions import db

consent_cli = AppGroup("consent", help="Collective decisions.")


@consent_cli.command("settle")
def settle():
    """Close the decisions whose deadline has passed."""
    count = service.settle_due()
    db.session.commit()
    click.echo(f"{count} decision(s) settled.")
