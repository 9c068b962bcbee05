"""Autogenerate must not propose to drop the SQLite FTS5 table and its shadow tables:
they are created by raw DDL (migration 0004_directory, or `create_structures` in tests),
have no model, and are kept in step by triggers. A comparator registered with Alembic's
global registry removes those drops from every comparison (`flask db migrate` and
`alembic.autogenerate.compare_metadata` alike)."""

import re

from alembic.autogenerate.compare import comparators
from alembic.operations import ops
from alembic.util import DispatchPriority, PriorityDispatchResult

FTS_TABLES = re.compile(r"^search_fts(_(config|data|docsize|idx|content))?$")


def _keep_fts_tables(autogen_context, upgrade_ops, schemas):
    upgrade_ops.ops[:] = [
        op
        for op in upgrade_ops.ops
        if not (isinstance(op, ops.DropTableOp) and FTS_TABLES.match(op.table_name))
    ]
    return PriorityDispatchResult.CONTINUE


_installed: list[bool] = []


def install() -> None:
    if _installed:
        return
    _installed.append(True)
    comparators.dispatch_for("schema", qualifier="sqlite", priority=DispatchPriority.LAST)(
        _keep_fts_tables
    )
