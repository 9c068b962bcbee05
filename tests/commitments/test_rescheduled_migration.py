"""Migration 0014_commitment_rescheduled: existing follow-ups are kept as they are (no
date moved), and the overdue reminders already created take the new key naming the due
date, so that none is sent a second time after the upgrade."""

# ruff: noqa: F811  (the imported fixtures are parameters of the tests)

import sqlalchemy as sa
from alembic.command import downgrade, upgrade

from coordination.extensions import db
from tests.test_migrations import (  # noqa: F401  (fixtures)
    CORE_SEED,
    _alembic_config,
    empty_database_url,
    migration_app,
    seed,
)

BEFORE = [
    "INSERT INTO institution (id, coalition_id, kind, name, territory, notes, created_at)"
    " VALUES (1, 1, 'cpam', 'CPAM', '', '', '2026-01-01')",
    "INSERT INTO commitment (id, coalition_id, institution_id, promised_by, title, details,"
    " promised_on, context, due_on, status, updated_at, created_at) VALUES (1, 1, 1, '',"
    " 'Rouvrir', '', '2026-01-05', '', '2026-02-15', 'pending', '2026-01-05', '2026-01-05')",
    "INSERT INTO commitment_follow_up (id, coalition_id, commitment_id, happened_on, note,"
    " new_status, author_id, created_at) VALUES (1, 1, 1, '2026-01-20', 'Relance', NULL, 1,"
    " '2026-01-20')",
    "INSERT INTO notification (id, key, kind, user_id, coalition_id, object_type, object_id,"
    " occasion, context, mode, created_at) VALUES (1,"
    " 'commitment.overdue/commitment:1/u1/overdue-2026-02-16', 'commitment.overdue', 1, 1,"
    " 'commitment', 1, 'overdue-2026-02-16', '{}', 'immediate', '2026-02-16'),"
    " (2, 'commitment.due/commitment:1/u1/due-2026-02-15', 'commitment.due', 1, 1,"
    " 'commitment', 1, 'due-2026-02-15', '{}', 'immediate', '2026-02-08')",
]


def test_follow_ups_are_kept_and_overdue_reminders_renamed(migration_app):
    config = _alembic_config(migration_app)
    with migration_app.app_context():
        downgrade(config, "base")
        upgrade(config, "0001_core")
        seed(CORE_SEED)
        upgrade(config, "0013_campaigns")
        seed(BEFORE)
        upgrade(config, "0014_commitment_rescheduled")
        with db.engine.connect() as conn:
            step = conn.execute(
                sa.text("SELECT note, new_status, old_due_on, new_due_on FROM commitment_follow_up")
            ).one()
            reminders = conn.execute(
                sa.text("SELECT key, occasion FROM notification ORDER BY id")
            ).all()
        assert tuple(step) == ("Relance", None, None, None)
        assert [tuple(r) for r in reminders] == [
            (
                "commitment.overdue/commitment:1/u1/overdue-2026-02-16/due-2026-02-15",
                "overdue-2026-02-16/due-2026-02-15",
            ),
            ("commitment.due/commitment:1/u1/due-2026-02-15", "due-2026-02-15"),
        ]
        downgrade(config, "base")
