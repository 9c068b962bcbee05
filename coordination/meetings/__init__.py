"""Meetings: cadence, fair rotation of host / facilitator / note-taker, date polls, open
agenda, attendance, minutes and action items, guest speakers, iCal.

Where things are:

- models.py: the tables; rotation.py: the pure rotation rules (property-tested);
- operations/: every change, one module per part of a meeting's life (planning,
  participants, agenda, attendance, minutes, speakers, feeds; common: log_change,
  MeetingError, the writer lock); polls.py: date polls. They flush, never commit;
- reads.py: the read layer (every pre-built statement, rows as slots dataclasses);
  page.py: the meeting page's context built from it;
- access.py: who may see a meeting — the public API other features use (with
  sections.py, for the sections they add to the meeting page);
- views*.py: thin views (load and authorise, validate, call an operation through
  coordination.web.writes.perform, flash, redirect); forms.py; ical.py;
- reminders/: the reminder kinds (meetings, date polls, action items);
- search_sources.py, home.py (home panel), demo.py.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("meetings", __name__)

ACTIONS = {
    "meeting.planned": _l("Meeting planned"),
    "meeting.updated": _l("Meeting changed"),
    "meeting.held": _l("Meeting held"),
    "meeting.cancelled": _l("Meeting cancelled"),
    "meeting.replanned": _l("Meeting planned again"),
    "meeting.poll_opened": _l("Date poll opened"),
    "meeting.date_set": _l("Meeting date set"),
    "meeting.poll_answered": _l("Date poll answered"),
    "meeting.attendance_set": _l("Who comes: attendance given"),
    "meeting.swap_recorded": _l("Rotation swap recorded"),
    "meeting.guest_association_invited": _l("Guest association invited to a meeting"),
    "meeting.guest_association_uninvited": _l("Guest association no longer invited"),
    "meeting.item_proposed": _l("Agenda item proposed"),
    "meeting.urgent_item_added": _l("Urgent agenda item added"),
    "meeting.item_updated": _l("Agenda item corrected"),
    "meeting.item_withdrawn": _l("Agenda item withdrawn"),
    "meeting.minutes_saved": _l("Minutes saved"),
    "meeting.minutes_approval_planned": _l("Approval of the minutes put on the agenda"),
    "meeting.minutes_approved": _l("Minutes approved"),
    "meeting.minutes_back_to_draft": _l("Approved minutes changed: to be approved again"),
    "meeting.decision_recorded": _l("Decision recorded in the minutes"),
    "meeting.action_added": _l("Action item added"),
    "meeting.action_status": _l("Action item status changed"),
    "meeting.speaker_added": _l("Guest speaker added"),
    "meeting.speaker_status": _l("Guest speaker status changed"),
}


def init_app(app: Flask) -> None:
    from coordination.meetings import (  # noqa: F401
        demo,
        home,
        models,
        models_minutes,
        reminders,
        search_sources,
        todo,
        views,
        views_agenda,
        views_calendar,
        views_pack,
        views_planning,
        views_speakers,
        views_status,
    )
    from coordination.web.feature import DemoData, register_feature
    from coordination.web.panels import register_coalition_link, register_home_panel

    _register_summaries()
    register_coalition_link("meetings", _l("Meetings"), "meetings.index", order=10, guests=True)
    register_home_panel(10, "meetings/_home_panel.html", home.panel_context)
    search_sources.register()
    todo.register()
    reminders.register(app)
    register_feature(app, bp, log_actions=ACTIONS, demo=DemoData(10, demo.load, demo.generate))


def _register_summaries() -> None:
    """The log says which fields of a meeting changed, by their labels."""
    from coordination.coalitions import transparency
    from coordination.meetings.forms import MeetingForm
    from coordination.meetings.operations.planning import MEETING_FIELDS

    labels = transparency.labels_of(MeetingForm, MEETING_FIELDS)
    transparency.register_summary("meeting.updated", transparency.field_names(labels))
