"""The shared read helpers: who did it (coalitions/reads.with_who_did_it) and what waits
for an association's answer (consent/reads.awaiting_rows)."""

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import Association, LogEntry
from coordination.coalitions.reads import with_who_did_it
from coordination.consent import reads as consent_reads
from tests.conftest import count_queries


def test_who_did_it_adds_two_labelled_names_through_outer_joins():
    stmt = with_who_did_it(
        sa.select(LogEntry.action), LogEntry.user_id, LogEntry.association_id, "who", "where"
    )
    assert list(stmt.selected_columns.keys()) == ["action", "who", "where"]
    sql = str(stmt)
    assert 'LEFT OUTER JOIN "user" ON "user".id = log_entry.user_id' in sql
    assert "LEFT OUTER JOIN association ON association.id = log_entry.association_id" in sql


def test_who_did_it_takes_aliases_for_a_second_person():
    user, association = sa.orm.aliased(User), sa.orm.aliased(Association)
    stmt = with_who_did_it(
        sa.select(LogEntry.action),
        LogEntry.user_id,
        LogEntry.association_id,
        user=user,
        association=association,
    )
    assert list(stmt.selected_columns.keys()) == ["action", "user_name", "association"]
    assert "AS user_1" in str(stmt) and "AS association_1" in str(stmt)


def test_nothing_awaits_without_coalitions_and_no_query_is_run(db):
    with count_queries() as statements:
        rows = consent_reads.awaiting_rows(
            consent_reads.AwaitingDecision, consent_reads.AWAITING, 1, []
        )
    assert rows == [] and statements == []
