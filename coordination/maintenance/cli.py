"""`flask backup`: a consistent copy of the database, safe while the app serves;
`flask backup verify FILE` counts every table of a copy against the database;
`flask backup restore FILE` fills a fresh instance's empty database from a copy."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from coordination.extensions import db
from coordination.maintenance import backup as backups


def _uri() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


@click.group("backup", invoke_without_command=True)
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: instance/backups/concertation-<UTC time>.db or .dump).",
)
@click.pass_context
@with_appcontext
def backup(ctx, target):
    """Back up the database online: SQLite's backup API, or pg_dump for PostgreSQL."""
    if ctx.invoked_subcommand is not None:
        return
    uri = _uri()
    folder = Path(current_app.instance_path) / "backups"
    try:
        if backups.is_postgresql(uri):
            target = target or backups.default_target(folder, suffix=".dump")
            written = backups.backup_postgresql(uri, target)
        else:
            source = backups.sqlite_path(uri)
            if source is None:
                raise click.ClickException("Only SQLite and PostgreSQL (pg_dump) are supported.")
            written = backups.backup_sqlite(source, target or backups.default_target(folder))
    except FileExistsError as error:
        raise click.ClickException(f"{error} already exists") from error
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {written}")


@backup.command("verify")
@click.argument("copy", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify_command(copy):
    """Open COPY and count every table against this instance's database."""
    try:
        result = backups.verify(copy, db.engine, _uri())
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    for name, rows in result.copy.items():
        click.echo(f"{name}: {rows}")
    if not result.ok:
        for line in result.differences:
            click.echo(f"DIFFERENT {line}", err=True)
        raise click.ClickException(f"{len(result.differences)} table(s) differ from the source")
    click.echo(f"OK: {len(result.copy)} tables, {result.rows} rows, as in the source")


@backup.command("restore")
@click.argument("copy", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(copy):
    """Fill this (fresh, empty) instance's database from COPY."""
    uri = _uri()
    if not backups.is_empty(db.engine):
        raise click.ClickException("The database is not empty: restore into a fresh instance.")
    db.engine.dispose()
    try:
        if backups.is_postgresql(uri):
            backups.restore_postgresql(copy, uri)
        else:
            backups.restore_sqlite(copy, backups.sqlite_path(uri))
    except (RuntimeError, FileExistsError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {copy}")
