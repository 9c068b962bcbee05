"""Search fixtures. `create_all` builds the full-text structures through the documents
table's `after_create` hook; `fts_ready` calls the (idempotent) creation again, so a test
module can rely on it even if the schema was made another way."""

import pytest

from coordination.search.backends import create_structures


@pytest.fixture(autouse=True)
def fts_ready(db):
    create_structures(db.session.connection())


from tests.directory.conftest import directory, world  # noqa: E402, F401  (shared fixtures)
