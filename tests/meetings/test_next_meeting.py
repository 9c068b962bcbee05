"""THE next meeting (operations.next_meeting): its date at the collective's cadence after
the latest meeting held or planned, the rotation's roles counting planned meetings, the
sentence that explains it — and the planning form, the meetings list and the rotation page
showing the same proposal over a simulated history."""

import re
from datetime import UTC, datetime, timedelta

from coordination.db import utcnow
from coordination.meetings import operations
from coordination.meetings.models import CANCELLED, HELD
from coordination.timezone import add_months, to_local
from tests.meetings.conftest import at

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_after_the_last_meeting_held_at_the_cadence_and_the_same_paris_time(db, world, plan, app):
    world.coalition.cadence_months = 2
    first = world.delegates[0]
    older = plan(world.coalition, first, starts_at=at(2026, 8, 10, 13, 0))
    last = plan(world.coalition, first, starts_at=at(2026, 11, 13, 13, 0))  # 14:00 Paris
    for meeting in (older, last):
        operations.set_status(meeting, HELD, first, now=NOW)
    proposal = operations.next_meeting(world.coalition, now=NOW)
    assert proposal.starts_at == at(2027, 1, 13, 13, 0)  # two months later, 14:00 Paris
    assert proposal.after_id == last.id and proposal.reason.code == "after_held"
    with app.test_request_context():
        assert str(proposal.reason) == (
            "Le collectif se réunit tous les 2 mois ; sa dernière réunion s’est tenue le "
            "13 novembre 2026."
        )


def test_the_cadence_keeps_the_paris_wall_clock_time_across_the_time_change(db, world, plan):
    world.coalition.cadence_months = 2
    meeting = plan(world.coalition, world.delegates[0], starts_at=at(2027, 2, 10, 13, 0))
    assert to_local(meeting.starts_at).hour == 14  # winter time
    proposal = operations.next_meeting(world.coalition, now=NOW)
    assert proposal.starts_at == at(2027, 4, 10, 12, 0)  # 14:00 in Paris, summer time
    assert proposal.reason.code == "after_planned"


def _plan_as_proposed(world, plan, proposal, starts_at):
    return plan(
        world.coalition,
        world.delegates[0],
        starts_at=starts_at,
        host_association_id=proposal.host_id,
        facilitator_id=proposal.facilitator_id,
        note_taker_id=proposal.note_taker_id,
    )


def test_a_planned_meeting_counts_its_date_and_its_host_turn(db, world, plan):
    before = operations.next_meeting(world.coalition, now=NOW)
    planned = _plan_as_proposed(world, plan, before, NOW + timedelta(days=15))
    after = operations.next_meeting(world.coalition, now=NOW)
    assert after.after_id == planned.id and after.reason.code == "after_planned"
    assert to_local(after.starts_at).date() == add_months(to_local(planned.starts_at).date(), 3)
    # The planned meeting's host has had its turn: the next one is somebody else.
    assert after.host_id is not None and after.host_id != before.host_id
    assert after.facilitator_id != before.facilitator_id


def test_cancelled_meetings_do_not_count_and_a_passed_date_rolls_on(db, world, plan):
    first = world.delegates[0]
    held = plan(world.coalition, first, starts_at=at(2026, 1, 20, 13, 0))
    operations.set_status(held, HELD, first, now=NOW)
    cancelled = plan(world.coalition, first, starts_at=NOW + timedelta(days=10))
    operations.set_status(cancelled, CANCELLED, first, now=NOW)
    proposal = operations.next_meeting(world.coalition, now=NOW)
    # 20 April, 20 July, 20 October have passed: 20 January 2027 is the next regular date.
    assert proposal.starts_at == at(2027, 1, 20, 13, 0)
    assert proposal.after_id == held.id and proposal.reason.code == "caught_up"


def test_without_any_meeting_the_date_is_left_to_choose(db, world, app):
    proposal = operations.next_meeting(world.coalition, now=NOW)
    assert proposal.starts_at is None and proposal.reason.code == "first"
    assert proposal.host_id in {a.id for a in world.associations}
    with app.test_request_context():
        assert "choisissez la date de la première" in str(proposal.reason)


def _card(html: str) -> str:
    """The proposal's card as text (the plan button aside), to compare pages."""
    found = re.search(r'<section class="card next-meeting".*?</ul>', html, re.S)
    assert found, "no next-meeting card on the page"
    text = re.sub(r"<[^>]+>", " ", found[0])
    return re.sub(r"\s+", " ", text).strip()


def _form_values(html: str) -> dict:
    field = re.search(r'<input[^>]*name="starts_at"[^>]*>', html)[0]
    starts = re.search(r'value="([^"]*)"', field)
    values = {"starts_at": starts[1] if starts else None}
    for name in ("host_association_id", "facilitator_id", "note_taker_id"):
        select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)[0]
        chosen = re.search(r'<option selected value="(\d+)"', select)
        values[name] = int(chosen[1]) if chosen else None
    return values


def test_the_form_the_list_and_the_rotation_page_show_the_same_proposal(db, world, plan, login_as):
    """Over a simulated history (held meetings, then meetings planned by accepting each
    proposal), the three pages agree with each other and with next_meeting at every step;
    the hosts go round every association."""
    first = world.delegates[0]
    cid = world.coalition.id
    c = login_as(world.delegates[1])
    for months_ago in (9, 6, 3):
        meeting = plan(world.coalition, first, starts_at=utcnow() - timedelta(days=30 * months_ago))
        operations.set_status(meeting, HELD, first)
    hosts = []
    for _step in range(4):
        proposal = operations.next_meeting(world.coalition)
        form = c.get(f"/c/{cid}/meetings/new").get_data(as_text=True)
        listing = c.get(f"/c/{cid}/meetings").get_data(as_text=True)
        rotation = c.get(f"/c/{cid}/rotation").get_data(as_text=True)
        assert _card(form) == _card(listing) == _card(rotation)
        host_name = next(a.name for a in world.associations if a.id == proposal.host_id)
        assert host_name in _card(form) and str(proposal.reason.months) in _card(form)
        values = _form_values(form)
        assert values == {
            "starts_at": to_local(proposal.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "host_association_id": proposal.host_id,
            "facilitator_id": proposal.facilitator_id,
            "note_taker_id": proposal.note_taker_id,
        }
        # Plan it as proposed: the next proposal follows it.
        planned = _plan_as_proposed(world, plan, proposal, proposal.starts_at)
        hosts.append(proposal.host_id)
        assert operations.next_meeting(world.coalition).after_id == planned.id
    assert set(hosts[:3]) == {a.id for a in world.associations}  # one turn each
    assert hosts[3] == hosts[0]
