"""Meeting changes. Functions flush; callers commit (through coordination.web.writes.perform).

Who may do what (no association leads the others):
- any delegate of a member association plans meetings, edits them, records swaps,
  writes the minutes (the note-taker by default), adds decisions and action items and
  orders the agenda (the facilitator usually does it, but the facilitator may have no
  account or be absent: every member may move an item, and every change is visible);
- delegates of invited guest associations see their meetings, propose agenda items and
  say who comes.

One module per part of a meeting's life, along the seams the views follow:

- common: log_change, MeetingError / MinutesConflict, the per-meeting writer lock;
- planning: the next regular meeting, the rotation's proposal, swaps, plan / edit / status;
- participants: who takes part, their delegates, inviting guest associations;
- agenda: proposing and ordering items; attendance: who comes;
- minutes: minutes, decisions, action items; speakers: the guest-speaker state machine;
- feeds: private calendar feeds;
- minutes_history: the minutes' revisions and the approval item on the next meeting's
  agenda; approval: approving the minutes there (models in meetings/models_minutes.py).

This package re-exports what callers use: `from coordination.meetings import operations`
then `operations.plan_meeting(...)`. The page reads are in meetings/reads.py and
meetings/page.py; the pure rotation rules in meetings/rotation.py.
"""

from coordination.meetings.operations.agenda import (
    ITEM_FIELDS,
    agenda_items,
    agenda_open,
    item_change_refusal,
    may_change_item,
    move_item,
    propose_item,
    update_item,
    urgent_open,
    withdraw_item,
)
from coordination.meetings.operations.approval import (
    MinutesChanged,
    approval_round,
    approve_minutes,
    may_approve_on,
)
from coordination.meetings.operations.attendance import attendance, set_attendance
from coordination.meetings.operations.common import (
    MeetingError,
    MinutesConflict,
    lock_meeting,
    log_change,
)
from coordination.meetings.operations.feeds import (
    feed_of,
    feed_of_token,
    feed_user,
    issue_feed,
    revoke_feed,
)
from coordination.meetings.operations.minutes import (
    add_action,
    record_decision,
    save_minutes,
    set_action_status,
)
from coordination.meetings.operations.participants import (
    delegates_of,
    invite_guest_association,
    participating_ids,
    uninvite_guest_association,
)
from coordination.meetings.operations.planning import (
    MEETING_FIELDS,
    NextMeeting,
    default_place,
    held_refusal,
    next_meeting,
    next_regular,
    plan_meeting,
    propose_roles,
    record_swap,
    rotation_inputs,
    set_status,
    upcoming_and_past,
    update_meeting,
)
from coordination.meetings.operations.speakers import (
    GUEST_FIELDS,
    TRANSITIONS,
    change_speaker_status,
    invite_speaker,
    update_speaker,
)

# The calendar feed (views_calendar) reads its meetings through operations, as before.
from coordination.meetings.reads import meetings_for_association

__all__ = [
    "GUEST_FIELDS",
    "ITEM_FIELDS",
    "MEETING_FIELDS",
    "TRANSITIONS",
    "MeetingError",
    "MinutesChanged",
    "MinutesConflict",
    "NextMeeting",
    "add_action",
    "agenda_items",
    "approval_round",
    "approve_minutes",
    "agenda_open",
    "attendance",
    "change_speaker_status",
    "default_place",
    "delegates_of",
    "feed_of",
    "feed_of_token",
    "feed_user",
    "invite_guest_association",
    "invite_speaker",
    "item_change_refusal",
    "issue_feed",
    "lock_meeting",
    "log_change",
    "may_approve_on",
    "may_change_item",
    "meetings_for_association",
    "held_refusal",
    "move_item",
    "next_meeting",
    "next_regular",
    "participating_ids",
    "plan_meeting",
    "propose_item",
    "propose_roles",
    "record_decision",
    "record_swap",
    "revoke_feed",
    "rotation_inputs",
    "save_minutes",
    "set_action_status",
    "set_attendance",
    "set_status",
    "uninvite_guest_association",
    "update_item",
    "update_meeting",
    "update_speaker",
    "upcoming_and_past",
    "urgent_open",
    "withdraw_item",
]
