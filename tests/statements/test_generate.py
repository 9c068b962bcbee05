"""The statements part of the large fictional dataset stays coherent."""

import sqlalchemy as sa

from coordination.consent.models import Decision
from coordination.demo.generate import generate
from coordination.statements.models import (
    ADOPTED,
    CONSULTATION,
    DRAFT,
    SENT,
    Statement,
    StatementRevision,
)


def test_generated_statements_are_coherent(db):
    counts = generate(scale=0.05, seed=3)
    assert counts["statement"] >= 5 * 50 * 0.05 * 0.9
    assert counts["statement_revision"] >= 6 * counts["statement"]
    statements = db.session.scalars(sa.select(Statement)).all()
    assert {s.status for s in statements} <= {DRAFT, CONSULTATION, ADOPTED, SENT}
    # Each statement's current number is its last revision; past drafts have a decision.
    last = dict(
        db.session.execute(
            sa.select(
                StatementRevision.statement_id, sa.func.max(StatementRevision.number)
            ).group_by(StatementRevision.statement_id)
        ).all()
    )
    for s in statements:
        assert last[s.id] == s.current_number
        if s.status == DRAFT:
            assert s.decision_id is None
        else:
            decision = db.session.get(Decision, s.decision_id)
            assert decision.payload["statement_id"] == s.id
            assert (decision.status == "open") == (s.status == CONSULTATION)
