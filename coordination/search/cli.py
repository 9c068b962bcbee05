"""`flask search reindex`: rebuild the search index from the data (after a bulk change)."""

import click
from flask.cli import AppGroup

from coordination.extensions import db
from coordination.search import indexing

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
@click.option("--kind", "kinds", multiple=True, help="Only these kinds (repeatable).")
def reindex(kinds):
    """Rebuild the documents of every registered source, and drop orphans."""
    counts = indexing.reindex_all(db.session, list(kinds) or None)
    db.session.commit()
    for kind, count in counts.items():
        click.echo(f"{kind}: {count}")
