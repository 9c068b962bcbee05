"""Date polls: one answer per association and slot, the best slot, closing sets the date."""

from datetime import UTC, datetime

import pytest

from coordination.meetings import polls
from coordination.meetings.operations import MeetingError
from coordination.meetings.polls import SlotCount, best
from tests.meetings.conftest import at


def sc(i, day, yes, maybe, no):
    return SlotCount(i, datetime(2027, 3, day, 14, tzinfo=UTC), yes, maybe, no)


def test_best_slot_most_yes_then_fewest_no_then_most_if_needed_then_earliest():
    assert best([sc(1, 1, 2, 0, 1), sc(2, 2, 3, 0, 1)]).slot_id == 2  # most yes
    assert best([sc(1, 1, 3, 0, 2), sc(2, 2, 3, 0, 1)]).slot_id == 2  # then fewest no
    assert best([sc(1, 1, 3, 0, 1), sc(2, 2, 3, 1, 1)]).slot_id == 2  # then most if needed
    assert best([sc(1, 5, 3, 1, 1), sc(2, 2, 3, 1, 1)]).slot_id == 2  # then earliest
    assert best([]) is None


def test_each_association_has_one_answer_per_slot_any_delegate_may_change_it(db, world, plan, make):
    first, second, third = world.delegates
    colleague = make.delegate(world.associations[0])
    meeting = plan(world.coalition, first, starts_at=None)
    poll = polls.open_poll(meeting, first, [at(2027, 3, 2), at(2027, 3, 9), at(2027, 3, 16)])
    s1, s2, s3 = (s.id for s in polls.slots_of(poll))
    polls.answer(poll, first, {s1: "yes", s2: "no", s3: "maybe"})
    polls.answer(poll, colleague, {s1: "no", s2: "yes", s3: "yes"})  # same association
    polls.answer(poll, second, {s1: "yes", s2: "yes", s3: "no"})
    polls.answer(poll, third, {s1: "no", s2: "yes", s3: "maybe"})
    answers = polls.answers_of(poll)
    assert len(answers) == 9  # 3 associations × 3 slots, not 4 delegates × 3
    counts = {c.slot_id: c for c in polls.count(polls.slots_of(poll), answers)}
    assert (counts[s2].yes, counts[s2].no) == (3, 0)
    assert polls.best(counts.values()).slot_id == s2

    polls.close(poll, s2, second)
    assert meeting.starts_at == at(2027, 3, 9)
    assert not poll.is_open
    with pytest.raises(MeetingError):
        polls.answer(poll, first, {s1: "yes"})
    with pytest.raises(MeetingError):
        polls.close(poll, s1, first)


def test_outsiders_and_bad_values_are_refused(db, world, plan):
    meeting = plan(world.coalition, world.delegates[0], starts_at=None)
    poll = polls.open_poll(meeting, world.delegates[0], [at(2027, 3, 2)])
    (slot,) = polls.slots_of(poll)
    with pytest.raises(MeetingError):
        polls.answer(poll, world.outsider, {slot.id: "yes"})
    with pytest.raises(MeetingError):
        polls.answer(poll, world.delegates[1], {slot.id: "perhaps"})
    with pytest.raises(MeetingError):
        polls.open_poll(meeting, world.delegates[0], [at(2027, 4, 2)])  # one poll per meeting
    with pytest.raises(MeetingError):
        polls.close(poll, 999999, world.delegates[0])


def test_poll_through_the_pages(db, world, plan, login_as):
    first, second, _third = world.delegates
    meeting = plan(world.coalition, first, starts_at=None)
    url = f"/c/{world.coalition.id}/meetings/{meeting.id}/poll"
    c = login_as(first)
    bad = c.post(url, {"slot_1": "pas une date"}, token_from=url)
    assert bad.status_code == 400
    assert "pas une date" in bad.get_data(as_text=True)
    r = c.post(url, {"slot_1": "2027-03-02T14:00", "slot_2": "2027-03-09T09:30"}, token_from=url)
    assert r.status_code == 302
    poll = polls.poll_of(meeting)
    s1, s2 = (s.id for s in polls.slots_of(poll))
    page = c.get(url).get_data(as_text=True)
    assert "mardi 9 mars 2027, 09:30" in page  # Paris time, French
    c2 = login_as(second)
    incomplete = c2.post(url + "/answer", {f"slot-{s1}": "yes"}, token_from=url)
    assert incomplete.status_code == 400
    c2.post(url + "/answer", {f"slot-{s1}": "no", f"slot-{s2}": "yes"}, token_from=url)
    c.post(url + "/answer", {f"slot-{s1}": "maybe", f"slot-{s2}": "yes"}, token_from=url)
    page = c.get(url).get_data(as_text=True)
    assert "meilleure date" in page.lower()
    r = c.post(url + "/close", {"slot_id": s2}, token_from=url)
    assert r.status_code == 302
    db.session.expire_all()
    assert meeting.starts_at == datetime(2027, 3, 9, 8, 30, tzinfo=UTC)  # 09:30 in Paris
