"""`flask backup`: a consistent copy of the SQLite database, safe while the app serves."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from coordination.maintenance.backup import backup_sqlite, default_target, sqlite_path


@click.command("backup")
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: instance/backups/concertation-<UTC time>.db).",
)
@with_appcontext
def backup(target):
    """Back up the SQLite database online (for PostgreSQL, use pg_dump)."""
    source = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if source is None:
        raise click.ClickException(
            "The database is not SQLite: use pg_dump (see README, 'Backups')."
        )
    target = target or default_target(Path(current_app.instance_path) / "backups")
    try:
        written = backup_sqlite(source, target)
    except FileExistsError as error:
        raise click.ClickException(f"{error} already exists") from error
    click.echo(f"Backup written to {written}")
