"""Calendar files as calendar programs read them: vobject (the parser of many CalDAV
programs), icalendar and the `ics` library all place meetings at the Paris hour on both
sides of the daylight-saving changes; the event carries the access notes."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import ics
import pytest
import vobject
from icalendar import Calendar

PARIS = ZoneInfo("Europe/Paris")
# 29 March 2027: the day after summer time starts; 30 October 2027: the eve of its end.
DAYS = [(2027, 3, 29), (2027, 10, 30), (2027, 1, 12), (2027, 11, 2)]


@pytest.fixture
def feed(db, world, plan, login_as):
    first = world.delegates[0]
    for y, m, d in DAYS:
        plan(
            world.coalition,
            first,
            starts_at=datetime(y, m, d, 10, 0, tzinfo=PARIS).astimezone(UTC),
            duration_minutes=90,
            title=f"Réunion du {d}/{m}",
            place="Maison des associations\n3 rue Haute",
            access_notes="Accessible en fauteuil roulant, boucle magnétique à l'accueil",
        )
    response = login_as(world.delegates[1]).get(f"/c/{world.coalition.id}/meetings.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return response.get_data(as_text=True)


def _by_day(starts):
    return {(s.year, s.month, s.day): s for s in starts}


def _check(starts):
    days = _by_day([s.astimezone(PARIS) for s in starts])
    assert sorted(days) == sorted(DAYS)
    for start in days.values():
        assert (start.hour, start.minute) == (10, 0), start


def test_vobject_reads_the_paris_hour_in_summer_and_winter(feed):
    cal = vobject.readOne(feed)
    starts = [event.dtstart.value for event in cal.vevent_list]
    _check(starts)
    summer = _by_day(starts)[(2027, 3, 29)]
    assert summer.utcoffset().total_seconds() == 2 * 3600  # not +01:00


def test_icalendar_reads_the_paris_hour(feed):
    cal = Calendar.from_ical(feed)
    _check([event.decoded("dtstart") for event in cal.walk("VEVENT")])


def test_ics_library_reads_the_paris_hour(feed):
    cal = ics.Calendar(feed)
    _check([event.begin.datetime for event in cal.events])


def test_the_time_zone_is_the_conventional_one_with_yearly_rules(feed):
    [vtimezone] = Calendar.from_ical(feed).walk("VTIMEZONE")
    assert str(vtimezone["tzid"]) == "Europe/Paris"
    parts = {p.name: p for p in vtimezone.subcomponents}
    assert set(parts) == {"DAYLIGHT", "STANDARD"}
    daylight, standard = parts["DAYLIGHT"], parts["STANDARD"]
    assert daylight.decoded("dtstart").time().hour == 2  # 02:00 -> 03:00
    assert standard.decoded("dtstart").time().hour == 3  # 03:00 -> 02:00
    for part, month in ((daylight, 3), (standard, 10)):
        rule = part["rrule"]
        assert (rule["FREQ"], rule["BYMONTH"], rule["BYDAY"]) == (["YEARLY"], [month], ["-1SU"])
    assert "RDATE" not in feed
    assert feed.count("BEGIN:DAYLIGHT") == 1


def test_the_event_carries_the_access_notes(feed):
    for event in Calendar.from_ical(feed).walk("VEVENT"):
        description = str(event["description"])
        assert "Accès : Accessible en fauteuil roulant" in description
        assert "boucle magnétique" in description


def test_private_address_as_webcal_link_with_copy_button_and_qr_code(db, world, login_as):
    c = login_as(world.delegates[0])
    page = c.post("/meetings/calendar", {}, token_from="/meetings/calendar").get_data(as_text=True)
    url = re.search(r'value="(http[^"]+/meetings/feed/[^"]+\.ics)"', page).group(1)
    webcal = "webcal://" + url.split("://", 1)[1]
    assert f'href="{webcal}"' in page
    assert re.search(r'<button[^>]+data-copy="feed-url"', page)
    # The QR code: an image of our own origin, only for the feed's owner, never cached.
    qr = re.search(r'<img class="qr-code" src="([^"]+/qr\.svg)" alt="[^"]+"', page).group(1)
    assert "<svg" not in page
    image = c.get(qr)
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert image.headers["Cache-Control"] == "no-store"
    assert 'xmlns="http://www.w3.org/2000/svg"' in image.get_data(as_text=True)
    assert login_as(world.delegates[1]).get(qr).status_code == 404
    assert "<script>" not in page and "onclick" not in page  # CSP: no inline script
    assert '/static/js/copy.js"' in page
