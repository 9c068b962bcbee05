"""Search: one box over everything a delegate's coalitions hold. Features register their
objects as sources (registry.py); documents are kept in step after every flush
(indexing.py); SQLite FTS5 or PostgreSQL full-text search answers (backends.py)."""

import sqlalchemy as sa
from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("search", __name__)


def init_app(app: Flask) -> None:
    from coordination.search import alembic_hooks, backends, cli, indexing, models, views  # noqa: F401
    from coordination.web.panels import register_coalition_link

    table = models.SearchDocument.__table__
    if not sa.event.contains(table, "after_create", _after_create):
        sa.event.listen(table, "after_create", _after_create)
        sa.event.listen(table, "before_drop", _before_drop)
    from coordination.coalitions.transparency import register_action

    register_action("search.synonym_added", _l("Search word added"))
    register_action("search.synonym_removed", _l("Search word removed"))
    indexing.install()
    alembic_hooks.install()
    register_coalition_link("search", _l("Search"), "search.coalition", order=90, guests=True)
    app.register_blueprint(bp)
    app.cli.add_command(cli.search_cli)


def _after_create(target, connection, **kw):
    """`create_all` (tests) builds the full-text structures too; production migrates."""
    from coordination.search.backends import create_structures

    create_structures(connection)


def _before_drop(target, connection, **kw):
    from coordination.search.backends import drop_structures

    drop_structures(connection)
