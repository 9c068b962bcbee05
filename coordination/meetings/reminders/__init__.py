"""Reminder kinds of the meetings feature (see coordination/notifications/registry.py).

All times are Paris wall-clock times (NOTIFICATIONS_REMINDER_TIME, 9:00), whatever the
season: `timing` counts local calendar days, so a reminder stays at 9:00 across the
summer and winter time changes. Recipients are the active delegates of the associations
taking part: the coalition's member associations, and the guest associations invited to
that meeting.

- meeting.week: a planned meeting, 9:00 seven days before its day (at once for a meeting
  planned or moved less than a week ahead, until the day-before reminder takes over);
- meeting.tomorrow: 9:00 the day before (at once if planned later than that);
- meeting.agenda_closing: 9:00 two days before — the agenda closes when the meeting
  starts; urgent items stay possible;
- meeting.poll_waiting: an open date poll that the association has not answered for
  every date: once when it opens, and once 9:00 two days before its first proposed date
  (a poll has no deadline of its own and its meeting no date yet: after the first date,
  that option is gone);
- action.due / action.overdue: an open action item, 9:00 the day before its due date;
  then 9:00 the day after it, and weekly while it stays open. To the delegate in charge,
  or to the association's delegates when no (active) delegate is named.

Only planned meetings with a date and no open poll are reminded. The occasion of a meeting
reminder holds its start time: a moved meeting is a new occasion (its new date is
reminded) and the old date's reminders are never due again. A reminder already created
but not yet sent (daily digest) is written with the meeting's state at sending time: the
template says it was cancelled or moved instead of repeating stale details.

Each `due()` runs a fixed number of queries, whatever the number of meetings or items.

The package: recipients.py (who is reminded), meetings_due.py (meetings and date polls),
actions_due.py (action items); this module declares the kinds (register()).
"""

from collections.abc import Callable

from flask import Flask
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from coordination.meetings.reminders.actions_due import (
    action_state,
    due_action_due,
    due_action_overdue,
    weekly_overdue_day,
)
from coordination.meetings.reminders.meetings_due import (
    _label,
    due_agenda_closing,
    due_poll_waiting,
    due_tomorrow,
    due_week,
    meeting_state,
    poll_state,
)
from coordination.meetings.reminders.recipients import delegates_by_association, participants
from coordination.notifications.mail import external_url
from coordination.notifications.registry import FeatureReminders, due_on_title, object_link
from coordination.notifications.timing import iso_datetime

__all__ = [
    "delegates_by_association",
    "due_action_due",
    "due_action_overdue",
    "due_agenda_closing",
    "due_poll_waiting",
    "due_tomorrow",
    "due_week",
    "participants",
    "register",
    "weekly_overdue_day",
]

WEEK = "meeting.week"
TOMORROW = "meeting.tomorrow"
AGENDA_CLOSING = "meeting.agenda_closing"
POLL_WAITING = "meeting.poll_waiting"
ACTION_DUE = "action.due"
ACTION_OVERDUE = "action.overdue"


# --- titles, links, registration --------------------------------------------------------


def _date(value) -> str:
    return format_date(iso_datetime(value), "full")


def _time(value) -> str:
    return format_time(iso_datetime(value), "short")


def _meeting_title(message) -> Callable[[dict], str]:
    """A meeting reminder's title: the lazy `message` with the meeting's %(date)s,
    %(time)s and %(name)s (a message may leave out the time)."""
    return lambda ctx: (
        str(message)
        % {
            "date": _date(ctx["starts_at"]),
            "time": _time(ctx["starts_at"]),
            "name": _label(ctx),
        }
    )


def meeting_pack_url(ctx: dict) -> str:
    """The absolute link of a reminded meeting's pack (to print), for the e-mails."""
    return external_url(
        "meetings.pack_page", coalition_id=ctx["coalition_id"], meeting_id=ctx["meeting_id"]
    )


def register(app: Flask) -> None:
    """Declare the meetings' reminder kinds and the helpers their templates use."""
    app.add_template_global(meeting_state, "meeting_reminder_state")
    app.add_template_global(meeting_pack_url)
    app.add_template_global(poll_state, "poll_reminder_state")
    app.add_template_global(action_state, "action_reminder_state")
    kinds = FeatureReminders(
        "meetings/reminders",
        first_order=20,
        link=object_link("meetings.show", "meeting_id"),
        prefix="meeting",
    )
    kinds.add(
        WEEK,
        label=_l("A meeting is a week away"),
        description=_l(
            "Seven days before, at 9:00, with the place and the agenda so far (at once for "
            "a meeting planned less than a week ahead)."
        ),
        due=due_week,
        title=_meeting_title(_l("Meeting on %(date)s: %(name)s")),
    )
    kinds.add(
        TOMORROW,
        label=_l("A meeting takes place tomorrow"),
        description=_l("The day before, at 9:00, with the place, the video link and the agenda."),
        due=due_tomorrow,
        title=_meeting_title(_l("Reminder: meeting on %(date)s at %(time)s — %(name)s")),
    )
    kinds.add(
        AGENDA_CLOSING,
        label=_l("The agenda of a meeting closes soon"),
        description=_l(
            "Two days before the meeting, at 9:00: items can be proposed until it starts."
        ),
        due=due_agenda_closing,
        title=_meeting_title(_l("Agenda open until %(date)s, %(time)s: %(name)s")),
        link=object_link("meetings.new_item", "meeting_id"),
    )
    kinds.add(
        POLL_WAITING,
        label=_l("A date poll waits for your association's answer"),
        description=_l(
            "When the poll opens, and two days before its first proposed date, at 9:00, "
            "while your association has not answered every date."
        ),
        due=due_poll_waiting,
        title=lambda ctx: _("Choose the date of the meeting: %(name)s", name=_label(ctx)),
        link=object_link("meetings.poll", "meeting_id"),
    )
    kinds.add(
        ACTION_DUE,
        label=_l("An action item is due tomorrow"),
        description=_l(
            "The day before its due date, at 9:00: to the delegate in charge, or to the "
            "association's delegates when nobody is named."
        ),
        due=due_action_due,
        title=due_on_title(_l("Action item due on %(date)s: %(what)s"), "what"),
    )
    kinds.add(
        ACTION_OVERDUE,
        label=_l("An action item is overdue"),
        description=_l("The day after its due date, at 9:00, then every week while it is open."),
        due=due_action_overdue,
        title=due_on_title(_l("Action item overdue since %(date)s: %(what)s"), "what"),
    )
