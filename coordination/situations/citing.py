"""Citing figures in a statement: the frozen block goes into a draft statement as a new
revision, through the statements' own drafting operation (so the block is in the
revision history like any edit, and an adopted statement never changes afterwards)."""

import functools

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.db import read_rows
from coordination.situations.operations import SituationError
from coordination.statements import operations as statements
from coordination.statements.models import DRAFT, Statement


@functools.cache
def _drafts_statement() -> sa.Select:
    return (
        sa.select(Statement.id, Statement.title)
        .where(
            Statement.coalition_id == sa.bindparam("coalition_id", type_=sa.Integer),
            Statement.status == DRAFT,
        )
        .order_by(Statement.updated_at.desc(), Statement.id.desc())
    )


def draft_choices(coalition_id: int) -> list[tuple[int, str]]:
    """(id, title) of the collectif's draft statements, the latest changed first."""
    return [tuple(row) for row in read_rows(_drafts_statement(), {"coalition_id": coalition_id})]


def cite(statement: Statement, *, by, block: str):
    """Add `block` at the end of the statement's text, as a new revision."""
    if statement.status != DRAFT:
        raise SituationError(_l("Figures can only be cited in a draft statement."))
    current = statements.current_revision(statement)
    values = statements.values_of(current)
    body = values["body"].rstrip("\n")
    values["body"] = f"{body}\n\n{block}" if body.strip() else block
    result = statements.save(
        statement,
        by=by,
        base_revision_id=current.id,
        summary=str(_l("Figures of the situations cited")),
        **values,
    )
    if result.conflict is not None:  # pragma: no cover - the base is the current revision
        raise SituationError(_l("The statement changed meanwhile; cite the figures again."))
    return result.revision
