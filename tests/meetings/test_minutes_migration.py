"""Migration 0010_meeting_pack carries existing minutes over: each as revision 1; those
whose next meeting was held count as approved there (no one named); the others stay
drafts. On the engine under test (SQLite or PostgreSQL)."""

import sqlalchemy as sa
from alembic.command import downgrade, upgrade

from coordination.extensions import db
from tests import test_migrations
from tests.test_migrations import CORE_SEED, _alembic_config, seed

# The fresh database of the migration tests (same engine as the run).
empty_database_url = test_migrations.empty_database_url
migration_app = test_migrations.migration_app


def _meeting(mid, starts_at, status, minutes):
    edited = f"'{starts_at}', 1" if minutes else "NULL, NULL"
    return (
        "INSERT INTO meeting (id, coalition_id, title, starts_at, duration_minutes, place,"
        " access_notes, video_url, status, minutes, minutes_version, minutes_updated_at,"
        " minutes_updated_by_id, created_at) VALUES"
        f" ({mid}, 1, 'R', '{starts_at}', 150, '', '', '', '{status}', '{minutes}',"
        f" {1 if minutes else 0}, {edited}, '2026-01-01')"
    )


def test_existing_minutes_become_revision_one_and_the_old_ones_count_as_approved(
    migration_app,
):
    config = _alembic_config(migration_app)
    with migration_app.app_context():
        upgrade(config, "0008_search_synonyms")
        rows = CORE_SEED + [
            _meeting(1, "2026-01-10 13:00:00", "held", "CR janvier"),
            _meeting(2, "2026-02-10 13:00:00", "cancelled", ""),
            _meeting(3, "2026-04-10 13:00:00", "held", "CR avril"),  # after a cancelled one
            _meeting(4, "2026-07-10 13:00:00", "held", "CR juillet"),  # next one not held
            _meeting(5, "2026-10-10 13:00:00", "planned", ""),
        ]
        seed(rows)
        upgrade(config, "head")
        with db.engine.connect() as conn:
            revisions = conn.execute(
                sa.text(
                    "SELECT meeting_id, number, text, author_id FROM minutes_revision"
                    " ORDER BY meeting_id"
                )
            ).all()
            approvals = conn.execute(
                sa.text(
                    "SELECT meeting_id, at_meeting_id, revision_number, approved_by_id,"
                    " approved_at IS NOT NULL FROM minutes_approval ORDER BY meeting_id"
                )
            ).all()
        assert [tuple(r) for r in revisions] == [
            (1, 1, "CR janvier", 1),
            (3, 1, "CR avril", 1),
            (4, 1, "CR juillet", 1),
        ]
        # January's minutes: the next meeting not cancelled (April) was held. April's: July
        # was held. July's: the next meeting is still planned, a draft to approve there.
        assert [tuple(a) for a in approvals] == [(1, 3, 1, None, True), (3, 4, 1, None, True)]
        downgrade(config, "base")
