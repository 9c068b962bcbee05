"""Safe defaults on the meeting pages: marking a meeting held and cancelling it go through
the shared confirmation page (GET shows what will happen and changes nothing; POST does
it), held is refused before the start, closing a date poll names who has not answered,
and the guest speaker's status list offers the next steps first and pre-selects nothing."""

import re
from datetime import timedelta

import pytest

from coordination.coalitions.models import LogEntry
from coordination.db import utcnow
from coordination.meetings import operations, polls
from coordination.meetings.models import CANCELLED, HELD, PLANNED
from coordination.meetings.operations import MeetingError
from tests.meetings.conftest import at


def _url(meeting, tail=""):
    return f"/c/{meeting.coalition_id}/meetings/{meeting.id}{tail}"


def test_marking_held_before_the_start_is_refused_with_an_explanation(db, world, plan, app):
    first = world.delegates[0]
    meeting = plan(world.coalition, first, days=10)
    with app.test_request_context(), pytest.raises(MeetingError) as refused:
        operations.set_status(meeting, HELD, first)
    with app.test_request_context():
        assert "une fois commencée" in str(
            refused.value.message if hasattr(refused.value, "message") else refused.value
        )
    assert meeting.status == PLANNED
    operations.set_status(meeting, HELD, first, now=meeting.starts_at + timedelta(minutes=5))
    assert meeting.status == HELD


def test_the_held_page_explains_the_refusal_and_offers_no_button(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0], days=10)
    c = login_as(world.delegates[1])
    page = c.get(_url(meeting))
    text = page.get_data(as_text=True)
    assert _url(meeting, "/held") not in text  # no "Mark as held" before the start
    assert "Une fois la réunion commencée" in text
    confirmation = c.get(_url(meeting, "/held"))
    assert confirmation.status_code == 409
    body = confirmation.get_data(as_text=True)
    assert "elle pourra être marquée comme tenue une fois commencée" in body
    assert "Marquer la réunion comme tenue</button>" not in body
    posted = c.post(_url(meeting, "/held"), {}, token_from=_url(meeting))
    assert posted.status_code == 409
    db.session.expire_all()
    assert meeting.status == PLANNED


def test_marking_held_says_what_happens_and_how_to_undo(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0], starts_at=utcnow() - timedelta(hours=3))
    c = login_as(world.delegates[1])
    assert f'href="{_url(meeting, "/held")}"' in c.get(_url(meeting)).get_data(as_text=True)
    page = c.get(_url(meeting, "/held")).get_data(as_text=True)
    assert "Marquer la réunion du" in page and "comme tenue ?" in page
    assert "Son ordre du jour se ferme" in page and "Remettre en planifiée" in page
    assert re.search(r'<form method="post" novalidate', page)  # works without JavaScript
    assert "data-confirm" not in page
    db.session.expire_all()
    assert meeting.status == PLANNED
    r = c.post(_url(meeting, "/held"), {}, token_from=_url(meeting, "/held"))
    assert r.status_code == 302
    db.session.expire_all()
    assert meeting.status == HELD
    assert db.session.query(LogEntry).filter_by(action="meeting.held").count() == 1


def test_cancelling_goes_through_its_confirmation(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0], days=10)
    c = login_as(world.delegates[1])
    show = c.get(_url(meeting)).get_data(as_text=True)
    assert f'href="{_url(meeting, "/cancel")}"' in show
    page = c.get(_url(meeting, "/cancel")).get_data(as_text=True)
    assert "Annuler la réunion du" in page and "La rotation ne la compte plus" in page
    assert 'class="button danger">Annuler la réunion</button>' in page
    db.session.expire_all()
    assert meeting.status == PLANNED
    # Without the token nothing happens; the page comes back.
    assert c.client.post(_url(meeting, "/cancel"), data={}).status_code == 400
    r = c.post(_url(meeting, "/cancel"), {}, token_from=_url(meeting, "/cancel"))
    assert r.status_code == 302 and r.headers["Location"].endswith(_url(meeting))
    db.session.expire_all()
    assert meeting.status == CANCELLED
    # A cancelled meeting: the page explains, and "set back to planned" undoes it.
    assert c.get(_url(meeting, "/cancel")).status_code == 409
    c.post(_url(meeting, "/status"), {"status": "planned"}, token_from=_url(meeting))
    db.session.expire_all()
    assert meeting.status == PLANNED


def test_confirmation_pages_are_404_across_collectives(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0], starts_at=utcnow() - timedelta(hours=3))
    c = login_as(world.outsider)
    own = f"/c/{world.other_coalition.id}/meetings/{meeting.id}"
    for tail in ("/held", "/cancel", "/poll/close"):
        assert c.get(_url(meeting, tail)).status_code == 404
        assert c.get(own + tail).status_code == 404
        assert (
            c.post(own + tail, {}, token_from=f"/c/{world.other_coalition.id}").status_code == 404
        )
    db.session.expire_all()
    assert meeting.status == PLANNED


def test_closing_a_poll_names_the_associations_that_have_not_answered(db, world, plan, login_as):
    first, second, third = world.delegates
    meeting = plan(world.coalition, first, starts_at=None)
    poll = polls.open_poll(meeting, first, [at(2027, 3, 2, 17), at(2027, 3, 9, 17)])
    s1, s2 = (s.id for s in polls.slots_of(poll))
    polls.answer(poll, second, {s1: "yes", s2: "no"})
    waiting = sorted(a.name for a in world.associations if a.id != second.association_id)
    assert polls.not_answered(poll) == waiting
    c = login_as(first)
    poll_page = c.get(_url(meeting, "/poll")).get_data(as_text=True)
    assert re.search(r'<form method="get" action="[^"]*/poll/close"', poll_page)
    page = c.get(_url(meeting, f"/poll/close?slot_id={s2}")).get_data(as_text=True)
    assert "mardi 9 mars 2027, 18:00" in page  # the date chosen, in words
    assert "2 associations n’ont pas encore répondu" in page
    for name in waiting:
        assert f"<li>{name}</li>" in page
    assert "un sondage fermé ne peut pas être rouvert" in page
    db.session.expire_all()
    assert poll.is_open  # the page changed nothing
    r = c.post(
        _url(meeting, "/poll/close"), {"slot_id": str(s2)}, token_from=_url(meeting, "/poll/close")
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert not poll.is_open and meeting.starts_at == at(2027, 3, 9, 17)
    assert c.get(_url(meeting, "/poll/close")).status_code == 409  # closed: explained


def test_speaker_status_list_offers_next_steps_first_and_chooses_nothing(db, world, plan, login_as):
    meeting = plan(world.coalition, world.delegates[0])
    invitation = operations.invite_speaker(
        meeting, world.delegates[0], organisation="OFII fictif", topic="Accueil"
    )
    operations.change_speaker_status(invitation, "invited", world.delegates[0])
    c = login_as(world.delegates[1])
    url = f"/c/{world.coalition.id}/speakers/{invitation.id}"
    page = c.get(url).get_data(as_text=True)
    select = re.search(r'<select[^>]*name="status".*?</select>', page, re.S)[0]
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select)
    assert [label for _attrs, label in options] == [
        "— choisir —",
        "confirmé",
        "a décliné",
        "annulé",
    ]
    assert not any("selected" in attrs for attrs, _label in options)
    assert "required" in select
    # Pressing the button without choosing changes nothing.
    r = c.post(url + "/status", {"status": ""}, token_from=url, follow_redirects=True)
    assert "Choisissez le nouveau statut." in r.get_data(as_text=True)
    db.session.expire_all()
    assert invitation.status == "invited"
