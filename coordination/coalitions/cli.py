"""Operator commands: create a coalition with its founding associations."""

import click
from flask.cli import AppGroup

from coordination.coalitions import operations
from coordination.extensions import db

coalition_cli = AppGroup("coalition", help="Coalitions and associations.")


@coalition_cli.command("create")
@click.option("--name", required=True, help="Name of the coalition.")
@click.option("--territory", default="")
@click.option(
    "--association",
    "associations",
    multiple=True,
    required=True,
    help="Founding association's name (repeat); created if new.",
)
def create(name, territory, associations):
    """Create a coalition; its founding associations are its equal members."""
    founders = []
    for label in associations:
        found = operations.association_by_name(label)
        founders.append(found or operations.create_association(label, label[:40]))
    coalition = operations.create_coalition(name, founders, territory=territory)
    db.session.commit()
    click.echo(
        f"Created coalition {coalition.id}: {coalition.name} "
        f"({len(founders)} founding associations)"
    )


@coalition_cli.command("list")
def list_():
    """List coalitions and their member associations."""
    import sqlalchemy as sa

    from coordination.coalitions.models import Coalition

    for coalition in db.session.scalars(sa.select(Coalition).order_by(Coalition.id)):
        names = [m.association.name for m in operations.active_memberships(coalition.id)]
        click.echo(f"{coalition.id}\t{coalition.name}\t{', '.join(names)}")
