"""iCalendar files: one per meeting, one feed per coalition or per delegate.

Times are written in Europe/Paris with its VTIMEZONE, so calendars show the right hour
across daylight-saving changes. UIDs are stable: a re-imported meeting updates in place.
"""

from collections.abc import Iterable
from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event

from coordination.db import utcnow
from coordination.meetings.models import CANCELLED, Meeting
from coordination.timezone import PARIS
from coordination.web.urls import base_url


def _summary(meeting: Meeting, coalition_name: str) -> str:
    title = meeting.title or _("Meeting")
    return f"{title} — {coalition_name}"


def event_for(meeting: Meeting, coalition_name: str, agenda_titles: Iterable[str] = ()) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@concertation")
    event.add("dtstamp", utcnow())
    start = meeting.starts_at.astimezone(PARIS)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", _summary(meeting, coalition_name))
    if meeting.place:
        event.add("location", " — ".join(line for line in meeting.place.splitlines() if line))
    link = base_url() + url_for(
        "meetings.show", coalition_id=meeting.coalition_id, meeting_id=meeting.id
    )
    lines = [f"- {t}" for t in agenda_titles]
    if meeting.video_url:
        lines.append(_("Video link: %(url)s", url=meeting.video_url))
    lines.append(link)
    event.add("description", "\n".join(lines))
    event.add("url", link)
    event.add("status", "CANCELLED" if meeting.status == CANCELLED else "CONFIRMED")
    return event


def calendar_of(events: Iterable[Event], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Concertation//meetings//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
