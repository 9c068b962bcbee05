"""A statement's sign-off, a date poll and attendance, answered from the e-mail: the link is
read from the message the SMTP server received; opening it changes nothing; confirming
records the answer through the feature's own operation, with "by the e-mail link" in the
coalition's history."""

import re

import sqlalchemy as sa

from coordination.coalitions.models import LogEntry
from coordination.consent.models import DecisionAnswer
from coordination.meetings.models import Attendance, PollAnswer, PollSlot
from coordination.statements import signoff
from coordination.statements.models import ADOPTED
from tests.answers.conftest import answer, link_in, opened, text_of


def _log(db, action):
    db.session.expire_all()
    return db.session.scalars(sa.select(LogEntry).where(LogEntry.action == action)).all()


def test_a_sign_off_is_given_from_the_email(app, db, world, statement_in_consultation, mailed):
    statement = statement_in_consultation
    delegate = world.delegates[2]
    [message] = mailed(delegate.email)
    assert "Nous sommes d’accord" in text_of(message)  # the shortcuts say what they choose
    url = link_in(message, "signoff")
    client = app.test_client()

    page = opened(client, db, url)
    assert "Pour une aide alimentaire stable" in page
    assert "<strong>stable</strong>" in page  # the statement's current text, formatted
    assert "Conseil départemental (fictif)" in page
    assert db.session.scalars(sa.select(DecisionAnswer)).all() == []

    for member in (0, 1):  # the other associations co-sign on the site
        signoff.answer(statement, by=world.delegates[member], value="agree")
    db.session.commit()
    response = answer(client, url, {"answer": "agree"})
    assert response.status_code == 302
    db.session.expire_all()
    [row] = db.session.scalars(
        sa.select(DecisionAnswer).where(DecisionAnswer.user_id == delegate.id)
    ).all()
    assert (row.answer, row.via) == ("agree", "email")
    assert db.session.get(type(statement), statement.id).status == ADOPTED  # the same rules
    assert any(e.via == "email" for e in _log(db, "decision.answered"))


def test_a_date_poll_is_answered_from_the_email(app, db, world, poll, mailed, login_as):
    delegate = world.delegates[1]
    [message] = mailed(delegate.email)
    url = link_in(message, "poll")
    client = app.test_client()
    page = opened(client, db, url)
    slots = db.session.scalars(
        sa.select(PollSlot).where(PollSlot.poll_id == poll.id).order_by(PollSlot.starts_at)
    ).all()
    for slot in slots:
        assert f'name="slot-{slot.id}"' in page
    assert db.session.scalars(sa.select(PollAnswer)).all() == []

    response = answer(client, url, {f"slot-{slots[0].id}": "yes"})  # one date left out
    assert response.status_code == 400
    assert "pour chaque date" in response.get_data(as_text=True)

    data = {f"slot-{slots[0].id}": "yes", f"slot-{slots[1].id}": "maybe"}
    assert answer(client, url, data).status_code == 302
    db.session.expire_all()
    got = {
        a.slot_id: (a.answer, a.user_id, a.association_id)
        for a in db.session.scalars(sa.select(PollAnswer))
    }
    association = world.associations[1].id
    assert got == {
        slots[0].id: ("yes", delegate.id, association),
        slots[1].id: ("maybe", delegate.id, association),
    }
    [entry] = _log(db, "meeting.poll_answered")
    assert entry.via == "email" and entry.user_id == delegate.id
    log = login_as(world.delegates[0]).get(f"/c/{world.coalition.id}/log").get_data(as_text=True)
    assert "Réponse au sondage de date" in log and "par le lien du courriel" in log
    # A second click shows the answers given, which can be changed.
    again = client.get(url).get_data(as_text=True)
    assert re.search(rf'name="slot-{slots[1].id}" value="maybe" checked', again)


def test_attendance_is_given_from_the_email(app, db, world, make, meeting, mailed):
    colleague = make.delegate(world.associations[1], name="Collègue Fictive")
    db.session.commit()
    delegate = world.delegates[1]
    [message] = mailed(delegate.email)
    assert f"Dire qui vient pour {world.associations[1].name}" in text_of(message)
    url = link_in(message, "attendance")
    client = app.test_client()
    page = opened(client, db, url)
    assert "Salle des fêtes fictive" in page and "Collègue Fictive" in page
    assert db.session.scalars(sa.select(Attendance)).all() == []

    data = {"delegates": [str(delegate.id), str(colleague.id)], "extra_names": "A\nB"}
    response = answer(client, url, data)  # four people: over the quota of two
    assert response.status_code == 400
    assert "au plus 2" in response.get_data(as_text=True)

    data = {"delegates": [str(delegate.id)], "extra_names": "Bénévole Fictif"}
    assert answer(client, url, data).status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Attendance).order_by(Attendance.id)).all()
    assert [(r.user_id, r.extra_name) for r in rows] == [
        (delegate.id, ""),
        (None, "Bénévole Fictif"),
    ]
    [entry] = _log(db, "meeting.attendance_set")
    assert entry.via == "email"
