"""The consent rule, through the service (no HTTP)."""

from datetime import timedelta

import pytest

from coordination.coalitions import operations as coalitions
from coordination.coalitions.models import GUEST, Membership
from coordination.consent import service
from coordination.consent.models import BLOCKED, OPEN, PASSED
from coordination.db import utcnow


@pytest.fixture
def world(make):
    return make.world(n_members=3)


def _proposal(world, **kwargs):
    new = {"name": "Association des Nouveaux Voisins", "short_name": "ANV"}
    return coalitions.propose_admission(world.coalition, by=world.delegates[0], new=new, **kwargs)


def _is_member(db, coalition, name):
    return any(
        m.association.name == name and m.role == "member"
        for m in coalitions.active_memberships(coalition.id)
    )


def test_pure_outcome_rule():
    now = utcnow()
    later = now + timedelta(days=1)
    all_agree = service.tally({1, 2, 3}, {1: "agree", 2: "agree", 3: "agree"})
    assert service.outcome(all_agree, later, now) == PASSED
    one_missing = service.tally({1, 2, 3}, {1: "agree", 2: "abstain"})
    assert service.outcome(one_missing, later, now) == OPEN
    assert service.outcome(one_missing, now, now) == PASSED  # deadline reached
    objection = service.tally({1, 2, 3}, {1: "agree", 2: "object"})
    assert service.outcome(objection, now, now) == BLOCKED
    outsider = service.tally({1, 2}, {1: "agree", 2: "agree", 9: "object"})
    assert service.outcome(outsider, later, now) == PASSED


def test_all_agree_passes_and_admits(db, world):
    decision = _proposal(world)
    for delegate in world.delegates:
        service.answer(decision, by=delegate, value="agree")
    assert decision.status == PASSED
    assert _is_member(db, world.coalition, "Association des Nouveaux Voisins")


def test_abstentions_do_not_block(db, world):
    decision = _proposal(world)
    service.answer(decision, by=world.delegates[0], value="agree")
    service.answer(decision, by=world.delegates[1], value="abstain")
    assert decision.status == OPEN
    service.answer(decision, by=world.delegates[2], value="abstain")
    assert decision.status == PASSED


def test_one_objection_blocks(db, world):
    decision = _proposal(world)
    service.answer(decision, by=world.delegates[0], value="agree")
    service.answer(decision, by=world.delegates[1], value="object", reason="Pas encore rencontrés")
    assert decision.status == BLOCKED
    assert not _is_member(db, world.coalition, "Association des Nouveaux Voisins")
    with pytest.raises(service.DecisionError):
        service.answer(decision, by=world.delegates[2], value="agree")


def test_objection_needs_a_reason(db, world):
    decision = _proposal(world)
    with pytest.raises(service.DecisionError):
        service.answer(decision, by=world.delegates[0], value="object", reason="  ")


def test_deadline_passes_without_objection(db, world):
    decision = _proposal(world)
    service.answer(decision, by=world.delegates[0], value="agree")
    assert service.settle(decision) == OPEN
    after = decision.deadline + timedelta(seconds=1)
    assert service.settle_due(now=after) == 1
    assert decision.status == PASSED
    assert _is_member(db, world.coalition, "Association des Nouveaux Voisins")


def test_deadline_with_an_objection_stays_blocked(db, world):
    decision = _proposal(world)
    service.answer(decision, by=world.delegates[0], value="object", reason="Non")
    assert service.settle_due(now=decision.deadline + timedelta(days=1)) == 0
    assert decision.status == BLOCKED


def test_member_joining_mid_decision_gets_a_voice(db, make, world):
    decision = _proposal(world)
    for delegate in world.delegates[:2]:
        service.answer(decision, by=delegate, value="agree")
    newcomer = make.association()
    db.session.add(Membership(coalition_id=world.coalition.id, association_id=newcomer.id))
    db.session.flush()
    newcomer_delegate = make.delegate(newcomer)
    service.answer(decision, by=world.delegates[2], value="agree")
    assert decision.status == OPEN  # the newcomer has not answered yet
    assert decision.id in [
        d.id for d in service.awaiting_association(newcomer.id, [world.coalition.id])
    ]
    service.answer(decision, by=newcomer_delegate, value="agree")
    assert decision.status == PASSED


def test_member_leaving_mid_decision_no_longer_counts(db, world):
    decision = _proposal(world)
    service.answer(decision, by=world.delegates[0], value="agree")
    service.answer(decision, by=world.delegates[1], value="agree")
    leaving = coalitions.membership_of(world.coalition.id, world.associations[2].id)
    leaving.left_on = utcnow().date()
    db.session.flush()
    assert service.settle(decision) == PASSED


def test_guest_and_outsider_cannot_block(db, make, world):
    guest = make.association()
    db.session.add(Membership(coalition_id=world.coalition.id, association_id=guest.id, role=GUEST))
    db.session.flush()
    decision = _proposal(world)
    with pytest.raises(service.DecisionError):
        service.answer(decision, by=make.delegate(guest), value="agree")
    with pytest.raises(service.DecisionError):
        service.answer(decision, by=world.outsider, value="object", reason="x")


def test_guests_may_cosign_when_invited_but_not_object(db, make, world):
    guest = make.association()
    db.session.add(Membership(coalition_id=world.coalition.id, association_id=guest.id, role=GUEST))
    db.session.flush()
    guest_delegate = make.delegate(guest)
    decision = service.open_decision(
        world.coalition,
        "coalition.settings",
        "Cosign",
        by=world.delegates[0],
        payload={"changes": {}},
        guests_may_answer=True,
    )
    with pytest.raises(service.DecisionError):
        service.answer(decision, by=guest_delegate, value="object", reason="x")
    service.answer(decision, by=guest_delegate, value="agree")
    assert guest.id in service.tally_of(decision).guests_agreed
    assert guest.id not in service.tally_of(decision).electorate


def test_removed_association_does_not_decide_its_own_removal(db, world):
    target = world.associations[2]
    decision = coalitions.propose_removal(
        world.coalition, target, by=world.delegates[0], reason="Plus d'activité depuis deux ans"
    )
    with pytest.raises(service.DecisionError):
        service.answer(decision, by=world.delegates[2], value="object", reason="Non")
    service.answer(decision, by=world.delegates[0], value="agree")
    service.answer(decision, by=world.delegates[1], value="agree")
    assert decision.status == PASSED
    assert coalitions.membership_of(world.coalition.id, target.id) is None


def test_reopen_keeps_earlier_answers_and_asks_again(db, world):
    decision = _proposal(world)
    service.answer(decision, by=world.delegates[0], value="agree")
    service.reopen(decision, by=world.delegates[1], note="Texte modifié")
    assert decision.round == 2
    assert service.current_answers(decision) == {}
    assert (
        len(
            db.session.scalars(
                db.select(service.DecisionAnswer).filter_by(decision_id=decision.id)
            ).all()
        )
        == 1
    )


def test_settings_change_applies_only_when_passed(db, world):
    decision = coalitions.propose_settings(
        world.coalition, {"attendance_quota": 3}, by=world.delegates[0]
    )
    assert world.coalition.attendance_quota == 2
    for delegate in world.delegates:
        service.answer(decision, by=delegate, value="agree")
    assert world.coalition.attendance_quota == 3


def test_every_step_is_in_the_transparency_log(db, world):
    from coordination.coalitions.models import LogEntry

    decision = _proposal(world)
    for delegate in world.delegates:
        service.answer(decision, by=delegate, value="agree")
    actions = [
        e.action
        for e in db.session.scalars(
            db.select(LogEntry).filter_by(coalition_id=world.coalition.id).order_by(LogEntry.id)
        )
    ]
    assert actions[-6:] == [
        "decision.opened",
        "decision.answered",
        "decision.answered",
        "decision.answered",
        "decision.passed",
        "membership.admitted",
    ]


def test_an_association_admitted_is_not_missing_on_its_own_admission(db, world, login_as):
    """Once admitted (the decision closed), the new association had no vote on it: the
    decision page never lists it as "n'a pas encore répondu"."""
    decision = _proposal(world)
    for delegate in world.delegates:
        service.answer(decision, by=delegate, value="agree")
    assert decision.status == PASSED
    t = service.tally_of(decision)
    assert t.missing == frozenset()
    assert t.electorate == {d.association_id for d in world.delegates}
    page = login_as(world.delegates[0]).get(f"/c/{world.coalition.id}/decisions/{decision.id}")
    assert "pas encore répondu" not in page.get_data(as_text=True)


def test_a_later_member_is_not_missing_on_a_closed_decision(db, world, make):
    """A decision closed before an association joined: the newcomer had no vote on it.
    One admitted while a decision is open is asked, and counts (see the module's rule)."""
    earlier = service.open_decision(
        world.coalition,
        "coalition.settings",
        "Avant l'arrivée",
        by=world.delegates[0],
        payload={"changes": {}},
        now=utcnow() - timedelta(days=3),
    )
    for delegate in world.delegates:
        service.answer(earlier, by=delegate, value="agree")
    newcomer = make.association()
    db.session.add(Membership(coalition_id=world.coalition.id, association_id=newcomer.id))
    db.session.flush()
    assert newcomer.id not in service.tally_of(earlier).electorate
    still_open = service.open_decision(
        world.coalition, "coalition.settings", "En cours", by=world.delegates[0], payload={}
    )
    assert newcomer.id in service.tally_of(still_open).missing  # asked while it is open
