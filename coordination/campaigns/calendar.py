"""A campaign's calendar file: one entry for each dated step ahead — the next negotiation
meetings and actions (at their hour, else all day), the due dates of its pending promises.
Written as the meetings' calendars are (meetings/ical.py: Europe/Paris with its VTIMEZONE),
with stable UIDs so that importing it again updates the entries in place."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import url_for
from icalendar import Event

from coordination.campaigns.timeline import Entry
from coordination.db import utcnow
from coordination.meetings.ical import calendar_of
from coordination.timezone import PARIS
from coordination.web.urls import base_url

STEP_HOURS = 2  # a timed step's assumed length


def event_of(entry: Entry, campaign, link: str) -> Event:
    event = Event()
    event.add("uid", f"{entry.uid}@concertation")
    event.add("dtstamp", utcnow())
    if entry.at is not None:
        start = datetime.combine(entry.on, entry.at, PARIS)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=STEP_HOURS))
    else:
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
    event.add("summary", f"{entry.label} — {entry.title}")
    event.add("description", "\n".join([campaign.name, *entry.lines, link]))
    event.add("url", link)
    return event


def calendar_of_campaign(coalition, campaign, entries: Iterable[Entry]) -> bytes:
    link = base_url() + url_for(
        "campaigns.show", coalition_id=coalition.id, campaign_id=campaign.id
    )
    return calendar_of(
        (event_of(entry, campaign, link) for entry in entries),
        f"{campaign.name} — {coalition.name}",
    )
