"""Statements are found by the shared search, follow each revision, stay in their coalition."""

import pytest

from coordination.search import service
from coordination.search.backends import create_structures
from tests.statements.conftest import edit


@pytest.fixture(autouse=True)
def fts_ready(db):
    create_structures(db.session.connection())


def found(user, query):
    viewer = service.viewer_for(user.association_id)
    return [(h.kind, h.title) for h in service.search(viewer, query, per_page=50).hits]


def test_statements_are_found_by_their_current_text(db, world, draft):
    statement = draft(title="Aide alimentaire", recipient="Préfecture de Brie")
    assert ("statement", "Aide alimentaire") in found(world.delegates[1], "prefecture")
    assert ("statement", "Aide alimentaire") in found(world.delegates[1], "paragraph")
    edit(statement, world.delegates[2], body="Nous demandons des tickets-services.\n")
    assert ("statement", "Aide alimentaire") in found(world.delegates[0], "tickets")
    assert found(world.delegates[0], "paragraph") == []  # the old text left the index
    assert found(world.outsider, "tickets") == []  # another coalition finds nothing


def test_a_search_result_opens_the_statement(db, world, draft, login_as):
    statement = draft(title="Hébergement d'hiver")
    page = login_as(world.delegates[1]).get(
        f"/search?q=hebergement&coalition_id={world.coalition.id}"
    )
    assert f"/c/{world.coalition.id}/statements/{statement.id}" in page.get_data(as_text=True)
