"""What every meeting operation shares: the transparency log entry (alone, or with the row
it logs), the refused-change error (MeetingError, MinutesConflict) and the per-meeting
writer lock."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import operations as coalitions
from coordination.coalitions import transparency
from coordination.errors import Refused
from coordination.extensions import db
from coordination.meetings.models import Meeting


def log_change(coalition_id: int, action: str, summary: str, **kwargs):
    """A transparency log entry, flushed like every other change here."""
    entry = transparency.record(coalition_id, action, summary, **kwargs)
    db.session.flush()
    return entry


def add_logged(row, action: str, summary: str, *, by, obj=None):
    """`coalitions.operations.add_logged` (insert `row`, log `action`), the log entry
    flushed like every other change here."""
    coalitions.add_logged(row, action, summary, by=by, obj=obj)
    db.session.flush()
    return row


class MeetingError(Refused):
    """A refused change, with a message for the user."""


class MinutesConflict(MeetingError):
    def __init__(self, current: Meeting):
        super().__init__(
            _l("Someone saved the minutes while you were writing. Your text is kept below.")
        )
        self.current = current


def lock_meeting(meeting_id: int) -> None:
    """Writers of one meeting's agenda or attendance wait for each other (PostgreSQL: row
    lock until commit; SQLite writers are serial already). Without it two requests read
    the same last position, or each delete-then-insert the same attendance rows."""
    db.session.execute(sa.select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())
