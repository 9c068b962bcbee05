"""iCalendar: a meeting's .ics, the coalition feed, the private feed (token, revocable)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from coordination.meetings import operations
from coordination.meetings.models import CalendarFeed
from tests.meetings.conftest import at


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_meeting_ics_has_paris_time_and_vtimezone(db, world, plan, login_as):
    first = world.delegates[0]
    meeting = plan(
        world.coalition,
        first,
        starts_at=at(2027, 7, 6, 7, 30),
        duration_minutes=150,
        place="Maison de l'Entraide\n8 place du Marché",
        title="Réunion d'été",
    )
    operations.propose_item(meeting, first, title="Colis d'été")
    c = login_as(world.delegates[1])
    cal = parse(c.get(f"/c/{world.coalition.id}/meetings/{meeting.id}.ics"))
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2027, 7, 6, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert str(event["dtstart"].params["TZID"]) == "Europe/Paris"
    assert event.decoded("dtend") - start == timedelta(minutes=150)
    assert "Réunion d'été" in str(event["summary"])
    assert "8 place du Marché" in str(event["location"])
    assert "Colis d'été" in str(event["description"])
    assert str(event["uid"]) == f"meeting-{meeting.id}@concertation"
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_coalition_feed_lists_meetings_with_a_date(db, world, plan, login_as):
    first = world.delegates[0]
    plan(world.coalition, first, starts_at=at(2027, 1, 12))
    plan(world.coalition, first, starts_at=None)  # no date yet: not in the feed
    plan(world.other_coalition, world.outsider, starts_at=at(2027, 1, 13))
    cal = parse(login_as(first).get(f"/c/{world.coalition.id}/meetings.ics"))
    assert len(cal.walk("VEVENT")) == 1


def test_private_feed_token_shown_once_works_without_login_and_can_be_revoked(
    db, world, plan, login_as, client
):
    first = world.delegates[0]
    plan(world.coalition, first, starts_at=at(2027, 2, 2))
    plan(world.other_coalition, world.outsider, starts_at=at(2027, 2, 3))
    c = login_as(first)
    page = c.post("/meetings/calendar", {}, token_from="/meetings/calendar").get_data(as_text=True)
    url = re.search(r'value="(http[^"]+/meetings/feed/[^"]+\.ics)"', page).group(1)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.query(CalendarFeed).filter_by(user_id=first.id).one()
    assert token not in stored.token_hash  # only a hash is kept
    assert token not in c.get("/meetings/calendar").get_data(as_text=True)  # shown once
    feed_path = f"/meetings/feed/{token}.ics"
    cal = parse(client.get(feed_path))
    assert len(cal.walk("VEVENT")) == 1  # only the delegate's coalitions
    assert client.get("/meetings/feed/not-a-token.ics").status_code == 404
    c.post("/meetings/calendar/revoke", {}, token_from="/meetings/calendar")
    assert client.get(feed_path).status_code == 404


def test_replacing_the_address_stops_the_old_one(db, world, client):
    first = world.delegates[0]
    old = operations.issue_feed(first)
    new = operations.issue_feed(first)
    assert operations.feed_user(old) is None
    assert operations.feed_user(new).id == first.id
    first.active = False
    assert operations.feed_user(new) is None
