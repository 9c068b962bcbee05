"""The meeting page's lean reads (coordination/meetings/reads.py): what each returns, in a
fixed number of queries."""

from datetime import date

import sqlalchemy as sa
from flask import url_for

from coordination.coalitions.models import GUEST, Membership
from coordination.meetings import operations, page, polls, reads
from coordination.meetings.models import HELD
from tests.conftest import count_queries
from tests.meetings.conftest import at


def _guest(db, make, coalition):
    association = make.association()
    db.session.add(Membership(coalition_id=coalition.id, association_id=association.id, role=GUEST))
    db.session.flush()
    return association


def test_meeting_row_names_the_people_and_the_poll(db, world, plan, make):
    first, second, _ = world.delegates
    meeting = plan(
        world.coalition,
        first,
        host_association_id=second.association_id,
        facilitator_id=first.id,
        note_taker_id=second.id,
    )
    operations.save_minutes(meeting, second, "Compte rendu", meeting.minutes_version)
    row = reads.meeting_row(world.coalition.id, meeting.id)
    assert (row.id, row.title, row.starts_at, row.status) == (
        meeting.id,
        meeting.title,
        meeting.starts_at,
        meeting.status,
    )
    assert row.host_name == world.associations[1].name
    assert (row.facilitator_name, row.note_taker_name) == (first.name, second.name)
    assert row.minutes_updated_by_name == second.name
    assert row.poll_id is None and row.invited is None
    # Another coalition's meeting is not found.
    assert reads.meeting_row(world.other_coalition.id, meeting.id) is None

    undated = plan(world.coalition, first, starts_at=None)
    poll = polls.open_poll(undated, first, [at(2027, 5, 4), at(2027, 5, 11), at(2027, 5, 18)])
    row = reads.meeting_row(world.coalition.id, undated.id)
    assert (row.poll_id, row.poll_closed_at, row.poll_slots) == (poll.id, None, 3)
    assert row.host_name is None and row.facilitator_name is None


def test_meeting_row_tells_whether_a_guest_association_is_invited(db, world, plan, make):
    guest = _guest(db, make, world.coalition)
    invited = plan(world.coalition, world.delegates[0])
    other = plan(world.coalition, world.delegates[0], days=40)
    operations.invite_guest_association(invited, guest.id, world.delegates[0])
    assert reads.meeting_row(world.coalition.id, invited.id, guest.id).invited
    assert not reads.meeting_row(world.coalition.id, other.id, guest.id).invited


def test_agenda_rows_follow_the_order_with_proposers_and_links(db, world, plan):
    first, second, _ = world.delegates
    meeting = plan(world.coalition, first)
    a = operations.propose_item(meeting, first, title="A", links="https://example.org/a")
    operations.propose_item(meeting, second, title="B", duration_minutes=30)
    operations.move_item(a, "down", first)
    rows = reads.agenda(meeting.id)
    orm = operations.agenda_items(meeting.id)
    assert [r.id for r in rows] == [i.id for i in orm]
    assert [r.proposer_name for r in rows] == [i.proposer_association.name for i in orm]
    assert [r.proposed_by_name for r in rows] == [second.name, first.name]
    assert [r.link_list for r in rows] == [i.link_list for i in orm]
    assert [r.duration_minutes for r in rows] == [30, 15]


def test_people_in_one_query(db, world, plan, make):
    first, second, _ = world.delegates
    meeting = plan(world.coalition, first)
    invited = _guest(db, make, world.coalition)
    not_invited = _guest(db, make, world.coalition)
    gone = _guest(db, make, world.coalition)
    operations.invite_guest_association(meeting, gone.id, first)
    operations.invite_guest_association(meeting, invited.id, first)
    membership = db.session.scalars(
        sa.select(Membership).where(Membership.association_id == gone.id)
    ).one()
    membership.left_on = date(2026, 1, 1)
    db.session.flush()
    guest_delegate = make.delegate(invited)
    operations.set_attendance(meeting, first, user_ids=[first.id], extra_names=["Zoé"], quota=2)
    operations.set_attendance(meeting, guest_delegate, user_ids=[], extra_names=["X"], quota=2)
    with count_queries() as q:
        people = reads.people(world.coalition.id, meeting.id)
    assert len(q) == 1
    by_name = sorted(
        [(a.id, a.name) for a in world.associations] + [(invited.id, invited.name)],
        key=lambda pair: pair[1],
    )
    assert [(p.association_id, p.name) for p in people["participants"]] == by_name
    # Every invited association, even one no longer a guest, in the order of invitation.
    assert [g.association_id for g in people["invited"]] == [gone.id, invited.id]
    assert [g.association_id for g in people["guest_choices"]] == [not_invited.id]
    assert people["attendance"] == {
        first.association_id: [first.name, "Zoé"],
        invited.id: ["X"],
    }
    assert second.association_id not in people["attendance"]


def test_action_items_follow_up_and_own(db, world, plan):
    first, second, _ = world.delegates
    earlier = plan(world.coalition, first, days=-90)
    operations.set_status(earlier, HELD, first)
    late = operations.add_action(
        earlier,
        first,
        what="Écrire à la CAF",
        association_id=second.association_id,
        assignee_id=second.id,
        due_on=date(2026, 12, 1),
    )
    undated_due = operations.add_action(
        earlier, first, what="Sans échéance", association_id=first.association_id
    )
    soon = operations.add_action(
        earlier,
        first,
        what="Bientôt",
        association_id=first.association_id,
        due_on=date(2026, 11, 1),
    )
    meeting = plan(world.coalition, first, days=10)
    undated = plan(world.coalition, first, starts_at=None)
    own = operations.add_action(
        meeting, first, what="Celle-ci", association_id=first.association_id
    )
    # The soonest due first, undated last; the meeting's own items in the order added.
    follow_up, actions = reads.action_items(earlier, own=True)
    assert follow_up == []
    assert [r.id for r in actions] == [late.id, undated_due.id, soon.id]
    follow_up, actions = reads.action_items(undated, own=True)
    assert [r.id for r in follow_up] == [soon.id, late.id, undated_due.id, own.id]
    assert actions == []
    follow_up, actions = reads.action_items(meeting, own=True)
    assert [r.id for r in follow_up] == [soon.id, late.id, undated_due.id]
    assert [r.id for r in actions] == [own.id]
    row = follow_up[1]
    assert (row.association_name, row.assignee_name, row.starts_at) == (
        world.associations[1].name,
        second.name,
        earlier.starts_at,
    )
    # The undated meeting gets the open items of every other meeting, its own included.
    follow_up, _ = reads.action_items(undated, own=False)
    assert {r.id for r in follow_up} == {late.id, undated_due.id, soon.id, own.id}
    _, actions = reads.action_items(meeting, own=False)
    assert actions == []


def test_decisions_and_speakers(db, world, plan):
    first, _, third = world.delegates
    meeting = plan(world.coalition, first)
    operations.record_decision(meeting, first, "Première")
    operations.record_decision(meeting, first, "Seconde")
    assert reads.decisions(meeting.id) == ["Première", "Seconde"]
    item = operations.propose_item(meeting, first, title="Logement")
    operations.invite_speaker(
        meeting, first, organisation="Org", topic="T", agenda_item_id=item.id, delegate_id=third.id
    )
    operations.invite_speaker(meeting, first, organisation="Sans point", topic="U")
    rows = reads.speakers(meeting.id)
    assert [(r.organisation, r.item_title, r.delegate_name) for r in rows] == [
        ("Org", "Logement", third.name),
        ("Sans point", None, None),
    ]


def test_row_urls_are_those_of_url_for(app, db):
    with app.test_request_context():
        url = page.row_url("meetings.move_item", "item_id", coalition_id=12, meeting_id=345)
        for n in (1, 12, 345, 99999):
            assert url(n) == url_for(
                "meetings.move_item", coalition_id=12, meeting_id=345, item_id=n
            )
        show = page.row_url("meetings.show", "meeting_id", coalition_id=7)
        assert show(70) == url_for("meetings.show", coalition_id=7, meeting_id=70)


def test_follow_up_dates_read_as_the_when_macro(db, world, plan, login_as):
    first = world.delegates[0]
    earlier = plan(world.coalition, first, days=-30)
    operations.add_action(earlier, first, what="Suivre", association_id=first.association_id)
    meeting = plan(world.coalition, first, days=30)
    c = login_as(first)
    page_html = c.get(f"/c/{world.coalition.id}/meetings/{meeting.id}").get_data(as_text=True)
    macro = c.get(f"/c/{world.coalition.id}/meetings").get_data(as_text=True)
    link = f'href="/c/{world.coalition.id}/meetings/{earlier.id}">'
    when = page_html.split('id="followup-h"')[1].split(link)[1].split("</a>")[0]
    assert f"{link}{when}</a>" in macro
