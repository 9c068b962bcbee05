import pytest

from coordination.statements import operations


@pytest.fixture
def world(make):
    return make.world(n_members=3)


BODY = """First paragraph about food aid.

Second paragraph: we ask for stable funding.

Third paragraph, with our signatures.
"""


@pytest.fixture
def draft(world):
    """draft(**fields) -> a statement of the world's coalition, revision 1 by delegate 0."""

    def _draft(by=None, **fields):
        fields.setdefault("title", "Pour une aide alimentaire stable")
        fields.setdefault("recipient", "Conseil départemental (fictif)")
        fields.setdefault("purpose", "Maintenir la subvention")
        fields.setdefault("body", BODY)
        return operations.create_statement(world.coalition, by=by or world.delegates[0], **fields)

    return _draft


def edit(statement, by, base=None, **changes):
    """Save an edit on `base` (a revision; the current one by default)."""
    base = base or operations.current_revision(statement)
    values = {**operations.values_of(base), **changes}
    return operations.save(statement, by=by, base_revision_id=base.id, **values)
