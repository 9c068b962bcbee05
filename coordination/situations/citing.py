"""Citing figures in a statement: the frozen block goes into a draft statement as a new
revision, through the statements' own drafting operation (so the block is in the
revision history like any edit, and an adopted statement never changes afterwards)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.extensions import db
from coordination.situations.operations import SituationError
from coordination.statements import operations as statements
from coordination.statements.models import DRAFT, Statement


def draft_choices(coalition_id: int) -> list[tuple[int, str]]:
    """(id, title) of the collectif's draft statements, the latest changed first."""
    return [
        (row.id, row.title)
        for row in db.session.execute(
            sa.select(Statement.id, Statement.title)
            .where(Statement.coalition_id == coalition_id, Statement.status == DRAFT)
            .order_by(Statement.updated_at.desc(), Statement.id.desc())
        )
    ]


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
