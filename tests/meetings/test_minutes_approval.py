"""Minutes approved at the next meeting: the automatic agenda item (once, even when the
next meeting moves, another is planned in between, or it is cancelled), the approval as
a decision, corrections as revisions compared word by word, changes after approval, and
the state shown on the page, in print and in the PDF."""

from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from coordination.coalitions.models import GUEST, LogEntry, Membership
from coordination.db import utcnow
from coordination.meetings import minutes_reads, operations
from coordination.meetings.models import CANCELLED, HELD, AgendaItem, MeetingDecision
from coordination.meetings.models_minutes import MinutesApproval, MinutesRevision
from coordination.meetings.operations import MeetingError, MinutesChanged
from coordination.meetings.operations.minutes_history import place_pending_items

TEXT = "## Tour de table\n\nLes délais de la CAF restent longs.\n"


def _approval_items(db, coalition_id):
    return db.session.scalars(
        sa.select(AgendaItem)
        .where(AgendaItem.coalition_id == coalition_id, AgendaItem.title.like("Approbation%"))
        .order_by(AgendaItem.id)
    ).all()


@pytest.fixture
def held(db, world, plan):
    """A meeting held 10 days ago, with its minutes, and the next one in 20 days."""
    first = world.delegates[0]
    past = plan(world.coalition, first, days=-10)
    operations.set_status(past, HELD, first)
    nxt = plan(world.coalition, first, days=20)
    operations.save_minutes(past, first, TEXT, 0)
    return past, nxt


def test_saving_minutes_puts_their_approval_first_on_the_next_agenda(db, world, plan, held):
    past, nxt = held
    first = world.delegates[0]
    operations.propose_item(nxt, first, title="Colis d'hiver")
    [item] = _approval_items(db, world.coalition.id)
    assert item.meeting_id == nxt.id and item.proposed_by_id is None
    assert item.title.startswith("Approbation du compte rendu du ")
    assert [i.id for i in operations.agenda_items(nxt.id)][0] == item.id  # it opens the meeting
    revision = db.session.scalars(sa.select(MinutesRevision)).one()
    assert (revision.number, revision.text, revision.author_id) == (1, TEXT.strip(), first.id)
    state = minutes_reads.minutes_state(past.id)
    assert state.is_draft and state.at_meeting_id == nxt.id
    assert db.session.scalars(
        sa.select(LogEntry.action).where(LogEntry.action == "meeting.minutes_approval_planned")
    ).all() == ["meeting.minutes_approval_planned"]


def test_the_item_is_added_once_even_if_the_next_meeting_moves(db, world, plan, held):
    past, nxt = held
    first = world.delegates[0]
    operations.save_minutes(past, first, TEXT + "\nAjout.", past.minutes_version)  # saved again
    operations.update_meeting(nxt, first, starts_at=nxt.starts_at + timedelta(days=7))
    # Another meeting planned between the two: the item stays where people saw it.
    plan(world.coalition, first, days=5)
    place_pending_items(world.coalition.id, first)
    items = _approval_items(db, world.coalition.id)
    assert [(i.meeting_id, i.title) for i in items] == [(nxt.id, items[0].title)]
    assert db.session.scalar(sa.select(sa.func.count(MinutesApproval.id))) == 1


def test_a_cancelled_next_meeting_hands_the_item_to_the_following_one(db, world, plan, held):
    past, nxt = held
    first = world.delegates[0]
    later = plan(world.coalition, first, days=50)
    operations.set_status(nxt, CANCELLED, first)
    [item] = _approval_items(db, world.coalition.id)
    assert item.meeting_id == later.id
    assert minutes_reads.minutes_state(past.id).at_meeting_id == later.id


def test_minutes_written_before_the_next_meeting_is_planned(db, world, plan):
    first = world.delegates[0]
    past = plan(world.coalition, first, days=-10)
    operations.save_minutes(past, first, TEXT, 0)
    assert _approval_items(db, world.coalition.id) == []
    nxt = plan(world.coalition, first, days=30)
    assert [i.meeting_id for i in _approval_items(db, world.coalition.id)] == [nxt.id]


def test_approval_from_the_day_of_the_meeting_by_a_member_delegate(db, world, plan, held, make):
    past, nxt = held
    first, second, _ = world.delegates
    with pytest.raises(MeetingError, match="jour de la réunion"):
        operations.approve_minutes(past, nxt, second, base_number=1)
    on_the_day = nxt.starts_at - timedelta(hours=1)
    guest_association = make.association()
    guest = make.delegate(guest_association)
    db.session.add(
        Membership(coalition_id=world.coalition.id, association_id=guest_association.id, role=GUEST)
    )
    db.session.flush()
    with pytest.raises(MeetingError, match="associations membres"):
        operations.approve_minutes(past, nxt, guest, base_number=1, now=on_the_day)
    with pytest.raises(MeetingError):  # not the meeting that has the item
        operations.approve_minutes(past, past, second, base_number=1, now=on_the_day)
    with pytest.raises(MinutesChanged):
        operations.approve_minutes(past, nxt, second, base_number=0, now=on_the_day)

    done = operations.approve_minutes(past, nxt, second, base_number=1, now=on_the_day)
    assert (done.revision_number, done.approved_by_id, done.approved_at) == (
        1,
        second.id,
        on_the_day,
    )
    decision = db.session.get(MeetingDecision, done.decision_id)
    assert decision.meeting_id == nxt.id and decision.text.startswith("Le compte rendu du ")
    assert decision.text.endswith("est approuvé.")
    state = minutes_reads.minutes_state(past.id)
    assert state.is_approved and state.approved_by_name == second.name
    with pytest.raises(MeetingError):  # approved once: the round is closed
        operations.approve_minutes(past, nxt, first, base_number=1, now=on_the_day)


def test_corrections_agreed_at_the_meeting_become_a_revision(db, world, held):
    past, nxt = held
    second = world.delegates[1]
    corrected = TEXT.replace("restent longs", "restent très longs (trois mois)")
    operations.approve_minutes(past, nxt, second, base_number=1, text=corrected, now=nxt.starts_at)
    revisions = db.session.scalars(
        sa.select(MinutesRevision).order_by(MinutesRevision.number)
    ).all()
    assert [(r.number, r.author_id, r.corrected_at_meeting_id) for r in revisions] == [
        (1, world.delegates[0].id, None),
        (2, second.id, nxt.id),
    ]
    assert past.minutes == corrected.strip()
    state = minutes_reads.minutes_state(past.id)
    assert state.is_approved and state.number == 2
    decision = db.session.scalars(
        sa.select(MeetingDecision.text).where(MeetingDecision.meeting_id == nxt.id)
    ).one()
    assert "corrections" in decision


def test_a_change_after_approval_needs_a_new_one(db, world, plan, held):
    past, nxt = held
    first, second, _ = world.delegates
    operations.approve_minutes(past, nxt, second, base_number=1, now=nxt.starts_at)
    operations.set_status(nxt, HELD, first, now=nxt.starts_at)
    again = plan(world.coalition, first, days=60)
    operations.save_minutes(past, first, TEXT + "\nUn oubli.", past.minutes_version)
    state = minutes_reads.minutes_state(past.id)
    assert not state.is_approved and state.changed_since and state.number == 2
    assert state.at_meeting_id == again.id
    assert [i.meeting_id for i in _approval_items(db, world.coalition.id)] == [nxt.id, again.id]
    assert "meeting.minutes_back_to_draft" in db.session.scalars(sa.select(LogEntry.action)).all()


def test_the_approval_pages_and_the_printed_state(db, world, held, login_as):
    past, nxt = held
    second = world.delegates[1]
    cid = world.coalition.id
    c = login_as(second)
    page = c.get(f"/c/{cid}/meetings/{past.id}").get_data(as_text=True)
    assert "Brouillon : à approuver" in page
    assert f"/c/{cid}/meetings/{past.id}/minutes/approve" in page
    assert f"/c/{cid}/meetings/{past.id}/minutes/approve" in c.get(
        f"/c/{cid}/meetings/{nxt.id}"
    ).get_data(as_text=True)
    form = c.get(f"/c/{cid}/meetings/{past.id}/minutes/approve").get_data(as_text=True)
    assert "à partir du jour de la réunion" in form  # before the day: no form
    assert "Enregistrer l’approbation" not in form and "Enregistrer l'approbation" not in form
    # On the day: approve with a correction, through the form.
    nxt.starts_at = utcnow() + timedelta(minutes=30)
    db.session.flush()
    corrected = TEXT.replace("restent longs", "restent très longs")
    response = c.post(
        f"/c/{cid}/meetings/{past.id}/minutes/approve",
        data={"minutes": corrected, "base_number": "1"},
        token_from=f"/c/{cid}/meetings/{past.id}/minutes/approve",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"].endswith(f"/meetings/{nxt.id}#decisions-h")
    shown = c.get(f"/c/{cid}/meetings/{past.id}").get_data(as_text=True)
    assert "Approuvé le" in shown and second.name in shown
    editing = c.get(f"/c/{cid}/meetings/{past.id}/minutes").get_data(as_text=True)
    assert "redevient un brouillon" in editing  # a change needs a new approval
    printed = c.get(f"/c/{cid}/meetings/{past.id}/minutes/print").get_data(as_text=True)
    assert "Approuvé le" in printed
    pdf = c.get(f"/c/{cid}/meetings/{past.id}/minutes.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.data)).pages)
    assert "Approuvé le" in text
    # The two versions compared word by word.
    diff = c.get(f"/c/{cid}/meetings/{past.id}/minutes/revisions").get_data(as_text=True)
    assert "<ins>" in diff and "très" in diff and "Version 2" in diff
    assert "corrections convenues à la réunion du" in diff
    assert c.get(f"/c/{cid}/meetings/{past.id}/minutes/revisions?from=1&to=9").status_code == 404
    # Nothing waits any more: the approval page is gone.
    assert c.get(f"/c/{cid}/meetings/{past.id}/minutes/approve").status_code == 404


def test_approval_routes_of_another_coalition_answer_404(db, world, held, login_as):
    past, _nxt = held
    c = login_as(world.outsider)
    for path in ("minutes/approve", "minutes/revisions", "pack", "pack.pdf"):
        assert c.get(f"/c/{world.coalition.id}/meetings/{past.id}/{path}").status_code == 404
        other = world.other_coalition.id
        assert c.get(f"/c/{other}/meetings/{past.id}/{path}").status_code == 404


def test_changed_after_approval_with_no_meeting_planned_then_one_is(db, world, plan, held):
    past, nxt = held
    first, second, _ = world.delegates
    operations.approve_minutes(past, nxt, second, base_number=1, now=nxt.starts_at)
    operations.set_status(nxt, HELD, first, now=nxt.starts_at)
    nxt.starts_at = utcnow() - timedelta(days=1)  # the approving meeting took place
    db.session.flush()
    operations.save_minutes(past, first, TEXT + "\nUn oubli.", past.minutes_version)
    state = minutes_reads.minutes_state(past.id)
    assert state.changed_since and state.at_meeting_id is None  # no meeting ahead yet
    later = plan(world.coalition, first, days=40)
    assert minutes_reads.minutes_state(past.id).at_meeting_id == later.id
    assert [i.meeting_id for i in _approval_items(db, world.coalition.id)] == [nxt.id, later.id]


def test_minutes_written_after_the_next_meeting_was_held_go_to_the_one_planned(db, world, plan):
    first = world.delegates[0]
    past = plan(world.coalition, first, days=-40)
    between = plan(world.coalition, first, days=-10)
    operations.set_status(between, HELD, first)
    ahead = plan(world.coalition, first, days=30)
    operations.save_minutes(past, first, TEXT, 0)
    assert [i.meeting_id for i in _approval_items(db, world.coalition.id)] == [ahead.id]


def test_a_stale_approval_keeps_the_typed_text_and_shows_the_minutes_now(db, world, held, login_as):
    past, nxt = held
    cid = world.coalition.id
    nxt.starts_at = utcnow() + timedelta(minutes=30)
    db.session.flush()
    c = login_as(world.delegates[1])
    url = f"/c/{cid}/meetings/{past.id}/minutes/approve"
    response = c.post(
        url, data={"minutes": "Mon texte corrigé", "base_number": "0"}, token_from=url
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Mon texte corrigé" in page and "Les délais de la CAF restent longs." in page
    assert "Le compte rendu a changé pendant votre lecture" in page
    assert minutes_reads.minutes_state(past.id).is_draft
