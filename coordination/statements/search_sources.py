"""The statements' search source: a statement is found by its title, recipient, purpose
and current text (members only, like the statement pages). Every save changes the
statement row (its current revision number), so the index follows each revision."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.db import columns_of
from coordination.search.registry import indexed, register_source, watch_parent
from coordination.statements.models import Statement, StatementRevision

STATEMENT = "statement"


def register() -> None:
    register_source(
        indexed(
            kind=STATEMENT,
            label=_l("Statement"),
            model=Statement,
            rows=sa.select(
                *columns_of(Statement, "id coalition_id title recipient purpose"),
                StatementRevision.body,
            ).outerjoin(
                StatementRevision,
                sa.and_(
                    StatementRevision.statement_id == Statement.id,
                    StatementRevision.number == Statement.current_number,
                ),
            ),
            title=lambda r: r.title,
            body=lambda r: (r.recipient, r.purpose, r.body),
            endpoint="statements.show",
            url=lambda r: {"statement_id": r.id},
            watch={StatementRevision: watch_parent("statement_id")},
            order=55,
        )
    )
