import sqlalchemy as sa

from coordination.search.models import SearchDocument


def test_reindex_command(app, db, directory):
    db.session.execute(sa.delete(SearchDocument))
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--kind", "contact"])
    assert result.exit_code == 0, result.output
    assert "contact: 1" in result.output
    kinds = set(db.session.scalars(sa.select(SearchDocument.kind)))
    assert kinds == {"contact"}
