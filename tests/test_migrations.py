"""Migrations on the engine under test: one head, up from empty, down to base, and the
migrated schema matches the models. SQLite batch rebuilds must not lose child rows."""

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.command import downgrade, upgrade
from alembic.config import Config
from alembic.script import ScriptDirectory

from coordination import PROJECT_ROOT, create_app
from coordination.extensions import db


@pytest.fixture(scope="module")
def empty_database_url(tmp_path_factory):
    """A fresh, empty database of the same engine as the test run."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        from coordination.config import _database_url

        base = sa.engine.make_url(_database_url(tmp_path_factory.getbasetemp()))
        name = f"migrations_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield base.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('migrations') / 'm.db'}"


@pytest.fixture(scope="module")
def migration_app(empty_database_url):
    return create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "x"}
    )


def _alembic_config(app):
    config = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


# An association, a coalition, a user (id 1 each), as revision 0001_core has them: the
# rows other migration tests build on.
CORE_SEED = [
    "INSERT INTO association (id, name, short_name, venue_name, address, access_notes,"
    " can_host, created_at) VALUES (1, 'A', 'A', '', '', '', true, '2026-01-01')",
    "INSERT INTO coalition (id, name, territory, description, cadence_months,"
    " attendance_quota, decision_days, stale_contact_months, guests_see_directory,"
    " public_statements, created_at) VALUES (1, 'C', '', '', 3, 2, 14, 6, false,"
    " false, '2026-01-01')",
    'INSERT INTO "user" (id, association_id, email, name, phone, password_hash, locale,'
    " active, created_at) VALUES (1, 1, 'a@x.example', 'A', '', 'h', 'fr', true,"
    " '2026-01-01')",
]


def seed(statements) -> None:
    """Run raw INSERTs in one transaction (rows written as a past revision has its tables)."""
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def test_single_head():
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_matches_models_then_downgrade_to_base(migration_app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    config = _alembic_config(migration_app)
    with migration_app.app_context():
        upgrade(config, "head")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(config, "base")
        with db.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade(config, "head")
        downgrade(config, "base")


def test_each_step_up_and_down(migration_app):
    config = _alembic_config(migration_app)
    script = ScriptDirectory.from_config(config)
    revisions = list(reversed(list(script.walk_revisions())))
    with migration_app.app_context():
        for revision in revisions:
            upgrade(config, revision.revision)
            downgrade(config, revision.down_revision or "base")
            upgrade(config, revision.revision)
        downgrade(config, "base")


def test_upgrade_keeps_seeded_rows(migration_app):
    """Later revisions rebuild tables on SQLite (batch mode); rows of every core table,
    including children with ON DELETE CASCADE, must all survive up to head."""
    config = _alembic_config(migration_app)
    with migration_app.app_context():
        upgrade(config, "0001_core")
        rows = [
            *CORE_SEED,
            "INSERT INTO membership (coalition_id, association_id, role, since)"
            " VALUES (1, 1, 'member', '2026-01-01')",
            "INSERT INTO user_session (user_id, key_hash, created_at, last_seen_at, user_agent,"
            " ip) VALUES (1, 'k', '2026-01-01', '2026-01-01', '', '')",
        ]
        seed(rows)
        upgrade(config, "head")
        with db.engine.connect() as conn:
            for table in ("association", "coalition", "membership", '"user"', "user_session"):
                assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 1
        downgrade(config, "base")
