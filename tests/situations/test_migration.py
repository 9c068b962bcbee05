"""The directory's interaction notes become situations (migration 0009), with seeded rows,
on the engine under test (SQLite, PostgreSQL): nothing is lost, and the downgrade gives
the notes back."""

from datetime import date

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

SEED = [
    *CORE_SEED,
    "INSERT INTO institution (id, coalition_id, kind, name, territory, notes, created_at)"
    " VALUES (1, 1, 'cpam', 'CPAM fictive', '', '', '2026-01-01')",
    "INSERT INTO office (id, coalition_id, institution_id, name, address, public_phone,"
    " appointment_rules, accessibility, created_at)"
    " VALUES (1, 1, 1, 'Accueil', '', '', '', '', '2026-01-01')",
    "INSERT INTO contact (id, coalition_id, institution_id, office_id, kind, name, role, phone,"
    " email, can_unblock, channel, reach_hours, notes, last_checked_on, updated_at, created_at)"
    " VALUES (1, 1, 1, 1, 'person', 'P', '', '', '', '', 'phone', '', '', '2026-01-01',"
    " '2026-01-01', '2026-01-01')",
]
NOTE = (
    "INSERT INTO interaction_note (id, coalition_id, contact_id, office_id, occurred_on,"
    " case_type, details, outcome, resolution_days, author_id, author_association_id,"
    " created_at) VALUES ({id}, 1, {contact}, 1, '{day}', '{case}', '{details}', '{outcome}',"
    " {days}, 1, 1, '2026-03-01')"
)
NOTES = [
    dict(id=1, contact=1, day="2026-02-01", case="ame", details="Dossier relancé",
         outcome="resolved", days=21),
    dict(id=2, contact="NULL", day="2026-02-10", case="minimum_income", details="",
         outcome="partly", days="NULL"),
    dict(id=3, contact=1, day="2026-02-15", case="housing", details="Sans suite",
         outcome="unresolved", days=40),
    dict(id=4, contact="NULL", day="2026-02-20", case="asylum", details="En attente",
         outcome="waiting", days="NULL"),
]  # fmt: skip


def _day(value):
    """SQLite gives dates back as text through a plain SQL query."""
    return value if isinstance(value, date) or value is None else date.fromisoformat(value)


def _rows(conn, sql):
    return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_notes_become_situations_and_come_back(migration_app):  # noqa: F811
    config = _alembic_config(migration_app)
    with migration_app.app_context():
        upgrade(config, "0008_search_synonyms")
        seed(SEED + [NOTE.format(**n) for n in NOTES])
        upgrade(config, "0012_situations")
        with db.engine.connect() as conn:
            assert "interaction_note" not in sa.inspect(conn).get_table_names()
            rows = _rows(
                conn,
                "SELECT theme, institution_id, office_id, contact_id, opened_on, summary,"
                " outcome, closed_on, delay_known, association_id, followed_by_id"
                " FROM situation ORDER BY id",
            )
            steps = _rows(conn, "SELECT kind, happened_on FROM situation_step ORDER BY id")
        rows = [(*r[:4], _day(r[4]), r[5], r[6], _day(r[7]), bool(r[8]), *r[9:]) for r in rows]
        d = date
        assert rows == [
            (
                "ame",
                1,
                1,
                1,
                d(2026, 2, 1),
                "Dossier relancé",
                "resolved",
                d(2026, 2, 22),
                True,
                1,
                1,
            ),
            ("rsa", 1, 1, None, d(2026, 2, 10), "", "partly", d(2026, 2, 10), False, 1, 1),
            (
                "housing",
                1,
                1,
                1,
                d(2026, 2, 15),
                "Sans suite",
                "refused",
                d(2026, 3, 27),
                True,
                1,
                1,
            ),
            ("asylum", 1, 1, None, d(2026, 2, 20), "En attente", None, None, True, 1, 1),
        ]
        assert [(k, _day(d)) for k, d in steps] == [
            ("closed", date(2026, 2, 22)),
            ("closed", date(2026, 2, 10)),
            ("closed", date(2026, 3, 27)),
        ]
        downgrade(config, "0008_search_synonyms")
        with db.engine.connect() as conn:
            notes = _rows(
                conn,
                "SELECT case_type, details, outcome, resolution_days FROM interaction_note"
                " ORDER BY id",
            )
        assert notes == [
            ("ame", "Dossier relancé", "resolved", 21),
            ("minimum_income", "", "partly", None),
            ("housing", "Sans suite", "unresolved", 40),
            ("asylum", "En attente", "waiting", None),
        ]
        downgrade(config, "base")
