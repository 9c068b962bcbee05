"""iCalendar files: one per meeting, one feed per coalition or per delegate.

Times are written in Europe/Paris with its VTIMEZONE, so calendars show the right hour
across daylight-saving changes: the conventional definition with yearly rules (summer time
from the last Sunday of March at 02:00, winter time from the last Sunday of October at
03:00), as calendar programs write it; a list of dates ending in 2038 made programs that
do not read lists (vobject-based ones) place summer meetings an hour off. UIDs are
stable: a re-imported meeting updates in place.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from coordination.db import utcnow
from coordination.meetings.models import CANCELLED, Meeting
from coordination.timezone import PARIS
from coordination.web.urls import base_url

TZID = "Europe/Paris"


def paris_vtimezone() -> Timezone:
    """Europe/Paris as calendar programs write it (EU rules since 1996)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    tz.add_component(_change(TimezoneDaylight(), "CEST", 1, 2, datetime(1970, 3, 29, 2, 0, 0)))
    tz.add_component(_change(TimezoneStandard(), "CET", 2, 1, datetime(1970, 10, 25, 3, 0, 0)))
    return tz


def _change(part, name: str, hours_from: int, hours_to: int, first: datetime):
    """One yearly change of Paris time: on the last Sunday of `first`'s month."""
    part.add("tzname", name)
    part.add("tzoffsetfrom", timedelta(hours=hours_from))
    part.add("tzoffsetto", timedelta(hours=hours_to))
    part.add("dtstart", first)
    part.add("rrule", {"freq": "yearly", "bymonth": first.month, "byday": "-1su"})
    return part


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
    if meeting.access_notes:
        lines.append(_("Access: %(notes)s", notes=" ".join(meeting.access_notes.split())))
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
    cal.add("x-wr-timezone", TZID)
    cal.add_component(paris_vtimezone())
    for event in events:
        cal.add_component(event)
    return cal.to_ical()
