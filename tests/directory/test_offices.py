"""Offices through their pages: weekly hours, exceptions, "open now" on the page."""

from datetime import date, time, timedelta

import sqlalchemy as sa
import time_machine

from coordination.directory import operations
from coordination.directory.hours import PARIS
from coordination.directory.models import OpeningException, OpeningSlot


def office_url(d):
    return f"/c/{d.coalition.id}/directory/offices/{d.office.id}"


def test_weekly_hours_form(db, directory, login_as):
    client = login_as(directory.member)
    url = office_url(directory) + "/hours"
    form = client.get(url).get_data(as_text=True)
    assert 'value="08:30"' in form
    bad = client.post(
        url,
        {
            "slots-0-weekday": "0",
            "slots-0-opens": "14:00",
            "slots-0-closes": "09:00",
            "slots-1-weekday": "2",
            "slots-1-opens": "",
            "slots-1-closes": "12:00",
        },
        token_from=url,
    )
    assert bad.status_code == 200  # re-rendered with the messages and the input kept
    text = bad.get_data(as_text=True)
    assert "L’heure de fermeture doit venir après l’heure d’ouverture." in text
    assert "Remplissez le jour" in text and 'value="14:00"' in text
    ok = client.post(
        url,
        {
            "slots-0-weekday": "0",
            "slots-0-opens": "09:00",
            "slots-0-closes": "12:00",
            "slots-1-weekday": "",
            "slots-1-opens": "",
            "slots-1-closes": "",
            "slots-2-weekday": "4",
            "slots-2-opens": "14:00",
            "slots-2-closes": "16:30",
        },
        token_from=url,
    )
    assert ok.status_code == 302
    slots = db.session.execute(
        sa.select(OpeningSlot.weekday, OpeningSlot.opens, OpeningSlot.closes)
        .where(OpeningSlot.office_id == directory.office.id)
        .order_by(OpeningSlot.weekday)
    ).all()
    assert [tuple(s) for s in slots] == [(0, time(9), time(12)), (4, time(14), time(16, 30))]


def test_exceptions_through_the_page(db, directory, login_as):
    client = login_as(directory.member)
    url = office_url(directory)
    first = operations.local_today() + timedelta(days=10)
    bad = client.post(
        url + "/exceptions",
        {
            "label": "Travaux",
            "first_day": first.isoformat(),
            "last_day": (first - timedelta(days=1)).isoformat(),
            "closed": "1",
        },
        token_from=url,
    )
    assert bad.status_code == 400
    assert "Le dernier jour tombe avant le premier." in bad.get_data(as_text=True)
    special = client.post(
        url + "/exceptions",
        {
            "label": "Horaires d'été",
            "first_day": first.isoformat(),
            "last_day": (first + timedelta(days=30)).isoformat(),
            "closed": "0",
        },
        token_from=url,
    )
    assert special.status_code == 400  # special hours need their times
    ok = client.post(
        url + "/exceptions",
        {
            "label": "Travaux",
            "first_day": first.isoformat(),
            "last_day": (first + timedelta(days=4)).isoformat(),
            "closed": "1",
        },
        token_from=url,
    )
    assert ok.status_code == 302
    exception = db.session.scalars(sa.select(OpeningException)).one()
    assert "Travaux" in client.get(url).get_data(as_text=True)
    removed = client.post(url + f"/exceptions/{exception.id}/delete", token_from=url)
    assert removed.status_code == 302
    assert db.session.scalars(sa.select(OpeningException)).all() == []


def test_the_page_says_whether_it_is_open_now(db, directory, login_as):
    # Tuesday 3 March 2026 at 9:00 in Paris: open (slots Tuesday 8:30–12:00).
    with time_machine.travel("2026-03-03T09:00:00+01:00", tick=False):
        page = login_as(directory.member).get(office_url(directory)).get_data(as_text=True)
        assert "Ouvert en ce moment" in page and "jusqu’à 12:00" in page
    # Wednesday: closed, next opening Thursday 13:30.
    with time_machine.travel("2026-03-04T09:00:00+01:00", tick=False):
        page = login_as(directory.member).get(office_url(directory)).get_data(as_text=True)
        assert "Fermé en ce moment" in page
        assert "jeudi 5 mars 2026 à 13:30" in page
    operations.add_exception(
        directory.office,
        first_day=date(2026, 3, 3),
        last_day=date(2026, 3, 3),
        closed=True,
        label="Grève",
        by=directory.member,
    )
    with time_machine.travel("2026-03-03T09:00:00+01:00", tick=False):
        page = login_as(directory.member).get(office_url(directory)).get_data(as_text=True)
        assert "Fermé en ce moment" in page and "Grève" in page


def test_english_pages_render(db, directory, login_as):
    client = login_as(directory.member)
    url = office_url(directory)
    token = client.csrf_token(url)
    client.client.post("/language", data={"locale": "en", "csrf_token": token, "next": url})
    page = client.get(url).get_data(as_text=True)
    assert "Opening hours" in page and "Tuesday" in page
    assert PARIS.key == "Europe/Paris"
