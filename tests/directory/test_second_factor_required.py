"""A coalition decides, by consent, that its directory's details need the second factor."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from coordination.coalitions import operations as coalitions
from coordination.coalitions.models import LogEntry
from coordination.consent import service as consent
from tests.accounts.totp import code_for, code_step, csrf, enrol, password_step
from tests.conftest import LoggedInClient
from tests.factories import TEST_PASSWORD

T0 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _decide(db, directory, value: bool):
    coalition = directory.coalition
    decision = coalitions.propose_settings(
        coalition, {"directory_second_factor": value}, by=directory.member
    )
    for delegate in directory.world.delegates:
        consent.answer(decision, by=delegate, value="agree")
    consent.settle(decision)
    db.session.commit()
    return decision


def test_the_requirement_is_a_collective_decision_in_the_log(db, directory):
    coalition = directory.coalition
    decision = coalitions.propose_settings(
        coalition, {"directory_second_factor": True}, by=directory.member
    )
    db.session.commit()
    assert coalition.directory_second_factor is False  # not before everyone answered
    consent.answer(decision, by=directory.world.delegates[0], value="agree")
    consent.answer(decision, by=directory.world.delegates[1], value="agree")
    consent.settle(decision)
    db.session.commit()
    assert coalition.directory_second_factor is True
    _decide(db, directory, False)
    assert coalition.directory_second_factor is False
    entries = db.session.scalars(
        sa.select(LogEntry.summary).where(
            LogEntry.coalition_id == coalition.id, LogEntry.action == "coalition.settings_changed"
        )
    ).all()
    assert entries == ["directory_second_factor = True", "directory_second_factor = False"]


def test_the_settings_page_offers_it_and_states_each_period(db, directory, login_as):
    page = login_as(directory.member).get(f"/c/{directory.coalition.id}/settings")
    text = page.get_data(as_text=True)
    assert 'name="directory_second_factor"' in text
    assert 'name="access_log_months" type="number" value="12"' in text or 'value="12"' in text
    assert "gardée 12 mois, les notifications 6 mois, les connexions 90 jours" in text


def test_without_the_factor_lists_show_but_details_and_exports_ask_for_it(
    app, db, directory, login_as
):
    _decide(db, directory, True)
    client = login_as(directory.member)
    cid, contact = directory.coalition.id, directory.contact
    listing = client.get(f"/c/{cid}/directory/contacts")
    assert listing.status_code == 200 and contact.name in listing.get_data(as_text=True)
    for path in (
        f"/c/{cid}/directory/contacts/{contact.id}",
        f"/c/{cid}/directory/contacts/{contact.id}/edit",
        f"/c/{cid}/directory/export",
        f"/c/{cid}/directory/import",
        f"/c/{cid}/situations",  # situations are the directory's protected data too
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/second-factor/needed?next="), path
    needed = client.get(f"/second-factor/needed?next=/c/{cid}/directory/contacts/{contact.id}")
    text = needed.get_data(as_text=True)
    assert "Installer l’application" in text and contact.phone not in text
    # The POST of an export is refused the same way, nothing exported.
    export = client.post(f"/c/{cid}/directory/export", {"format": "csv", "purpose": "x"})
    assert export.status_code == 302


def test_a_login_with_the_code_opens_the_details(app, db, directory, clock):
    _decide(db, directory, True)
    enrol(db, directory.member)
    client = app.test_client()
    password_step(client, directory.member, TEST_PASSWORD)
    clock.shift(timedelta(seconds=30))
    code_step(client, code_for(directory.member))
    page = client.get(f"/c/{directory.coalition.id}/directory/contacts/{directory.contact.id}")
    assert page.status_code == 200 and directory.contact.phone in page.get_data(as_text=True)


def test_a_session_older_than_the_enrolment_types_a_code_once(app, db, directory, clock):
    _decide(db, directory, True)
    client = LoggedInClient(app.test_client(), directory.member)
    password_step(client.client, directory.member, TEST_PASSWORD)  # no factor yet: one step
    enrol(db, directory.member)  # e.g. set up on another device
    cid, contact = directory.coalition.id, directory.contact
    target = f"/c/{cid}/directory/contacts/{contact.id}"
    assert client.get(target).status_code == 302
    needed = f"/second-factor/needed?next={target}"
    token = csrf(client.get(needed).get_data(as_text=True))
    wrong = client.client.post(needed, data={"code": "000000", "csrf_token": token})
    assert wrong.status_code == 400
    clock.shift(timedelta(seconds=30))
    right = client.client.post(
        needed, data={"code": code_for(directory.member), "next": target, "csrf_token": token}
    )
    assert right.headers["Location"] == target
    assert client.get(target).status_code == 200


def test_enrolling_from_the_request_brings_the_delegate_back(app, db, directory, login_as):
    _decide(db, directory, True)
    client = login_as(directory.member)
    cid, contact = directory.coalition.id, directory.contact
    target = f"/c/{cid}/directory/contacts/{contact.id}"
    start = client.post(f"/profile/second-factor/start?next={target}")
    assert start.headers["Location"].startswith("/profile/second-factor/setup?next=")
    done = client.post(start.headers["Location"], {"code": code_for(directory.member)}).get_data(
        as_text=True
    )
    assert f'href="{target}"' in done  # "I have kept them" leads back to the contact
    assert client.get(target).status_code == 200
