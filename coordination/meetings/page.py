"""The meeting page's context (and its printable agenda and minutes): what the page and
its tables show, from the lean reads of meetings/reads.py (a fixed number of queries,
whatever the meeting holds), and the texts and links its tables repeat on every row.
"""

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, url_for
from flask_babel import format_date, format_time, get_locale

from coordination.coalitions.models import MEMBER
from coordination.meetings import minutes_reads, operations, reads


@dataclass(slots=True)
class PollSummary:
    is_open: bool
    slot_count: int


def row_url(endpoint: str, key: str, **values):
    """The link of each row of a table: `row_url(...)(n)` is url_for(endpoint, **values,
    key=n). (A cached splice of one url_for's text, RowUrl, saved under 2 % of the meeting
    page: benchmarks/profile_pages.py on the demo, December 2026.)"""
    return lambda n: url_for(endpoint, **values, **{key: n})


@lru_cache(maxsize=4096)
def _when(starts_at, locale: str, zone: str) -> str:
    # The key names everything the text depends on; format_date and format_time read the
    # same language and zone from the request.
    return f"{format_date(starts_at, 'full')}, {format_time(starts_at, 'short')}"


def when_text():
    """The text of the `when` macro (meetings/_macros.html) for a meeting's start, for the
    many dates of a table: the request's language is looked up once, and each text is
    memoised by date, language and time zone (so it is never stale)."""
    locale, zone = str(get_locale()), current_app.config["DISPLAY_TIMEZONE"]
    return lambda starts_at: _when(starts_at, locale, zone)


def add_meeting_links(follow_up, coalition_id: int) -> None:
    """Give each follow-up row the `url` and `when` (None if undated) of the meeting that
    decided it, for the page's table: worked out once per meeting, not per row in the
    template."""
    url = row_url("meetings.show", "meeting_id", coalition_id=coalition_id)
    when = when_text()
    meetings: dict[int, tuple] = {}
    for row in follow_up:
        decided = meetings.get(row.meeting_id)
        if decided is None:
            decided = meetings[row.meeting_id] = (
                url(row.meeting_id),
                when(row.starts_at) if row.starts_at else None,
            )
        row.url, row.when = decided


def context(coalition, meeting) -> dict:
    """Everything the meeting page and its printable agenda and minutes show; `meeting`
    comes from reads.meeting_row()."""
    is_member = coalition.viewer_role == MEMBER
    items = reads.agenda(meeting.id)
    follow_up, actions = reads.action_items(meeting, own=is_member)
    minutes_state, approved_here = (
        minutes_reads.page_minutes(meeting.id) if is_member else (None, [])
    )
    poll = None
    if meeting.poll_id is not None:
        poll = PollSummary(is_open=meeting.poll_closed_at is None, slot_count=meeting.poll_slots)
    return {
        "coalition": coalition,
        "meeting": meeting,
        "items": items,
        "planned_minutes": sum(i.duration_minutes for i in items),
        "follow_up": follow_up,
        **reads.people(coalition.id, meeting.id),
        "decisions": reads.decisions(meeting.id) if is_member else [],
        "minutes_state": minutes_state,  # members only, as the minutes
        "approved_here": approved_here,  # minutes approved at this meeting
        "actions": actions,
        "speakers": reads.speakers(meeting.id),
        "poll": poll,
        "agenda_open": operations.agenda_open(meeting),
        "held_refusal": operations.held_refusal(meeting) if meeting.status == "planned" else None,
        "urgent_open": operations.urgent_open(meeting),
        "may_change_item": operations.may_change_item,
        "is_member": is_member,
    }
