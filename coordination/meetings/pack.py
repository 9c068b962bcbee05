"""The meeting pack ("dossier de séance"): one printable document per meeting, for the
delegates who come with paper. Chapters, each starting on a new page:

1. cover: collectif, date and time, place with access notes, host, facilitator,
   note-taker;
2. the agenda, with times (the running clock from the start) and proposers;
3. the minutes to approve (the previous meeting's, and any other whose approval is on
   this agenda) with their decisions and their state;
4. the open action items of earlier meetings;
5. guest speakers and what they will present;
6. the chapters other features register (meetings/sections.py: statements awaiting
   sign-off, commitments coming due…);
7. the attendance sheet to sign: each taking-part association with its quota of lines
   (the names announced printed, the other lines blank), then lines for guests.

Built from the lean reads (reads.py, minutes_reads.py): a fixed number of queries
whatever the meeting holds.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from coordination.coalitions.models import MEMBER
from coordination.meetings import minutes_reads, reads
from coordination.meetings.models import CAME, CONFIRMED, DECLINED, GUEST_CANCELLED
from coordination.meetings.sections import pack_sections

GUEST_LINES = 4  # blank lines for guests who were not announced


@dataclass(slots=True)
class TimedItem:
    item: reads.AgendaRow
    starts_at: datetime | None  # None while the meeting has no date


@dataclass(slots=True)
class SheetLine:
    name: str  # "" for a blank line


@dataclass(slots=True)
class SheetGroup:
    name: str
    is_guest: bool
    lines: list[SheetLine]


def timed_agenda(meeting, items) -> list[TimedItem]:
    """Each item with the time it should start, the items taken in order from the start."""
    clock = meeting.starts_at
    timed = []
    for item in items:
        timed.append(TimedItem(item, clock))
        if clock is not None:
            clock = clock + timedelta(minutes=item.duration_minutes or 0)
    return timed


def attendance_sheet(participants, attendance: dict, quota: int, speakers) -> list[SheetGroup]:
    """One group per taking-part association (members, then invited guests) with `quota`
    lines at least: the people announced first, then blank lines; then the guest
    speakers expected and blank lines for other guests."""
    groups = []
    for p in sorted(participants, key=lambda p: (p.role != "member", p.name)):
        names = attendance.get(p.association_id, [])
        lines = [SheetLine(n) for n in names]
        lines += [SheetLine("") for _ in range(max(quota - len(names), 0))]
        groups.append(SheetGroup(p.name, p.role != "member", lines))
    expected = [
        s
        for s in speakers
        if s.status not in (DECLINED, GUEST_CANCELLED) and (s.person or s.organisation)
    ]
    guests = [
        SheetLine(f"{s.person} ({s.organisation})" if s.person else s.organisation)
        for s in expected
    ]
    guests += [SheetLine("") for _ in range(GUEST_LINES)]
    groups.append(SheetGroup("", True, guests))
    return groups


def context(coalition, meeting) -> dict:
    """Everything the pack shows; `meeting` is reads.meeting_row()'s row. An invited guest
    association gets it without the minutes (members only, as on the meeting page)."""
    is_member = coalition.viewer_role == MEMBER
    items = reads.agenda(meeting.id)
    people = reads.people(coalition.id, meeting.id)
    speakers = reads.speakers(meeting.id)
    follow_up, _own = reads.action_items(meeting, own=False)
    return {
        "coalition": coalition,
        "meeting": meeting,
        "agenda": timed_agenda(meeting, items),
        "planned_minutes": sum(i.duration_minutes for i in items),
        "is_member": is_member,
        "earlier": minutes_reads.earlier_minutes(meeting) if is_member else [],
        "follow_up": follow_up,
        "speakers": [s for s in speakers if s.status not in (DECLINED, GUEST_CANCELLED)],
        "confirmed": (CONFIRMED, CAME),
        "sections": pack_sections(coalition, meeting),
        "sheet": attendance_sheet(
            people["participants"], people["attendance"], coalition.attendance_quota, speakers
        ),
    }
