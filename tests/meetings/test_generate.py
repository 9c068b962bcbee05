"""The large fictional dataset includes meetings, agenda items, action items, attendance."""

import sqlalchemy as sa

from coordination.demo.generate import generate
from coordination.meetings.models import AgendaItem, Meeting


def test_generated_meetings_are_coherent(db):
    counts = generate(scale=0.02, seed=3)
    assert counts["meeting"] == 2 * 50
    assert counts["agenda_item"] == 8 * counts["meeting"]
    assert counts["action_item"] > 0 and counts["attendance"] > 0
    mismatched = db.session.scalar(
        sa.select(sa.func.count(AgendaItem.id))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.coalition_id != AgendaItem.coalition_id)
    )
    assert mismatched == 0
