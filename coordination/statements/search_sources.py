"""The statements' search source: a statement is found by its title, recipient, purpose
and current text (members only, like the statement pages). Every save changes the
statement row (its current revision number), so the index follows each revision."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.db import columns_of
from coordination.search.registry import Document, Source, register_source
from coordination.statements.models import Statement, StatementRevision

STATEMENT = "statement"


def statement_documents(session, ids):
    rows = session.execute(
        sa.select(
            *columns_of(Statement, "id coalition_id title recipient purpose"),
            StatementRevision.body,
        )
        .outerjoin(
            StatementRevision,
            sa.and_(
                StatementRevision.statement_id == Statement.id,
                StatementRevision.number == Statement.current_number,
            ),
        )
        .where(Statement.id.in_(ids))
    ).all()
    return [
        Document.of(
            r,
            STATEMENT,
            "statements.show",
            r.title,
            r.recipient,
            r.purpose,
            r.body,
            statement_id=r.id,
        )
        for r in rows
    ]


def _statement_ids(revisions):
    return [r.statement_id for r in revisions]


def register() -> None:
    register_source(
        Source(
            kind=STATEMENT,
            label=_l("Statement"),
            model=Statement,
            build=statement_documents,
            watch={StatementRevision: _statement_ids},
            order=55,
        )
    )
