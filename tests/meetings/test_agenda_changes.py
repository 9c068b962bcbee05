"""Agenda items: proposed in the delegate's own association (no choice), corrected or
withdrawn by their proposer or the meeting's facilitator until the meeting starts; a
withdrawn item leaves the agenda and the collective's history keeps a trace."""

from datetime import timedelta

import pytest

from coordination.coalitions.models import LogEntry
from coordination.extensions import db as _db
from coordination.meetings import operations
from coordination.meetings.models import AgendaItem, GuestInvitation
from coordination.meetings.operations import MeetingError


@pytest.fixture
def agenda(db, world, plan):
    """(meeting with the third delegate as facilitator, an item the second proposed)."""
    first, second, third = world.delegates
    meeting = plan(world.coalition, first, days=10, facilitator_id=third.id)
    item = operations.propose_item(meeting, second, title="Colis d'hiver", topic="Aide")
    return meeting, item


def test_the_proposer_and_the_facilitator_correct_an_item_others_cannot(db, world, agenda):
    first, second, third = world.delegates
    meeting, item = agenda
    operations.update_item(item, meeting, second, title="Colis d'hiver 2027", duration_minutes=20)
    assert (item.title, item.duration_minutes) == ("Colis d'hiver 2027", 20)
    operations.update_item(item, meeting, third, topic="Aide alimentaire")
    assert item.topic == "Aide alimentaire"
    with pytest.raises(MeetingError, match="proposé ce point|proposed this item"):
        operations.update_item(item, meeting, first, title="Autre chose")
    assert item.title == "Colis d'hiver 2027"
    entries = db.session.query(LogEntry).filter_by(action="meeting.item_updated").all()
    assert len(entries) == 2 and "title, duration_minutes" in entries[0].summary


def test_once_the_meeting_has_started_items_can_no_longer_change(db, world, agenda):
    meeting, item = agenda
    during = meeting.starts_at + timedelta(minutes=10)
    with pytest.raises(MeetingError):
        operations.update_item(item, meeting, world.delegates[1], title="Trop tard", now=during)
    with pytest.raises(MeetingError):
        operations.withdraw_item(item, meeting, world.delegates[1], now=during)
    assert db.session.get(AgendaItem, item.id) is not None


def test_withdrawing_deletes_the_item_and_leaves_a_trace(db, world, agenda):
    meeting, item = agenda
    invitation = operations.invite_speaker(
        meeting,
        world.delegates[0],
        organisation="CAF fictive",
        topic="Aide",
        agenda_item_id=item.id,
    )
    with pytest.raises(MeetingError):
        operations.withdraw_item(item, meeting, world.delegates[0])
    operations.withdraw_item(item, meeting, world.delegates[1])
    _db.session.expire_all()
    assert operations.agenda_items(meeting.id) == []
    assert _db.session.get(GuestInvitation, invitation.id).agenda_item_id is None
    trace = db.session.query(LogEntry).filter_by(action="meeting.item_withdrawn").one()
    assert "Colis d'hiver" in trace.summary and world.associations[1].name in trace.summary
    assert trace.user_id == world.delegates[1].id


def test_the_form_offers_no_association_choice(db, world, agenda, login_as):
    meeting, _item = agenda
    c = login_as(world.delegates[0])
    url = f"/c/{world.coalition.id}/meetings/{meeting.id}/agenda/new"
    page = c.get(url).get_data(as_text=True)
    assert "proposer_association_id" not in page
    assert f"Proposé au nom de {world.associations[0].name}." in page


def test_correct_and_withdraw_through_the_pages(db, world, agenda, login_as):
    meeting, item = agenda
    item_id = item.id
    show = f"/c/{world.coalition.id}/meetings/{meeting.id}"
    edit = f"{show}/agenda/{item.id}/edit"
    withdraw = f"{show}/agenda/{item.id}/withdraw"
    stranger = login_as(world.delegates[0])
    assert edit not in stranger.get(show).get_data(as_text=True)  # not theirs: no links
    refused = stranger.post(edit, {"title": "Pris", "duration_minutes": "15"}, token_from=edit)
    assert refused.status_code == 400
    assert "Seule la personne qui a proposé ce point" in refused.get_data(as_text=True)
    assert stranger.get(withdraw).status_code == 409

    c = login_as(world.delegates[1])
    page = c.get(show).get_data(as_text=True)
    assert f'href="{edit}"' in page and f'href="{withdraw}"' in page
    form = c.get(edit).get_data(as_text=True)
    assert 'value="Colis d&#39;hiver"' in form and "Corriger un point" in form
    r = c.post(
        edit,
        {"title": "Colis d'hiver 2027", "topic": "Aide", "duration_minutes": "25", "links": ""},
        token_from=edit,
    )
    assert r.status_code == 302
    assert "Colis d&#39;hiver 2027" in c.get(show).get_data(as_text=True)
    confirmation = c.get(withdraw).get_data(as_text=True)
    assert "Retirer « Colis d&#39;hiver 2027 » de l’ordre du jour ?" in confirmation
    assert "L’historique du collectif en garde une trace" in confirmation
    assert db.session.get(AgendaItem, item.id) is not None  # the page changed nothing
    r = c.post(withdraw, {}, token_from=withdraw)
    assert r.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(AgendaItem, item_id) is None
    assert "Colis d&#39;hiver 2027" not in c.get(show).get_data(as_text=True)
    log = c.get(f"/c/{world.coalition.id}/log").get_data(as_text=True)
    assert "Point retiré de l’ordre du jour" in log and "Colis d&#39;hiver 2027" in log


def test_item_pages_are_404_across_collectives(db, world, agenda, plan, login_as):
    meeting, item = agenda
    c = login_as(world.outsider)
    theirs = plan(world.other_coalition, world.outsider)
    own = f"/c/{world.other_coalition.id}/meetings/{theirs.id}/agenda/{item.id}"
    paths = [f"/c/{world.coalition.id}/meetings/{meeting.id}/agenda/{item.id}/edit"]
    paths += [f"{own}/edit", f"{own}/withdraw"]
    assert {c.get(path).status_code for path in paths} == {404}
    token_page = f"/c/{world.other_coalition.id}/meetings/{theirs.id}"
    assert {c.post(p, {"title": "X"}, token_from=token_page).status_code for p in paths} == {404}
    assert db.session.get(AgendaItem, item.id).title == "Colis d'hiver"
