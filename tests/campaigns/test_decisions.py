"""A campaign's launch and its closing are collective decisions by consent: proposed by a
member delegate, answered by each member association, applied when they pass."""

from datetime import date, timedelta

import pytest

from coordination.campaigns import operations, reads, steps
from coordination.campaigns.models import ACTIVE, NEGOTIATION, PREPARING, SUSPENDED, WON
from coordination.campaigns.operations import CampaignError
from coordination.coalitions.models import GUEST, Membership
from coordination.consent import service as consent
from coordination.consent.models import AGREE, BLOCKED, OBJECT, PASSED
from coordination.db import utcnow


def test_a_campaign_starts_in_preparation_and_is_launched_when_every_member_agrees(
    db, directory, campaign
):
    first, second = directory.world.delegates
    assert campaign.status == PREPARING and campaign.started_on is None
    decision = operations.propose_launch(campaign, by=first, started_on=date(2026, 2, 2))
    assert decision.subject_type == "Campaign" and decision.subject_id == campaign.id
    consent.answer(decision, by=first, value=AGREE)
    assert decision.status == "open" and campaign.status == PREPARING  # one still to answer
    consent.answer(decision, by=second, value=AGREE)
    assert decision.status == PASSED
    assert campaign.status == ACTIVE and campaign.started_on == date(2026, 2, 2)


def test_one_objection_blocks_the_launch(db, directory, campaign):
    first, second = directory.world.delegates
    decision = operations.propose_launch(campaign, by=first)
    consent.answer(decision, by=second, value=OBJECT, reason="Attendons la réunion de mars.")
    assert decision.status == BLOCKED and campaign.status == PREPARING
    # A new proposal is possible once the first is settled.
    assert operations.propose_launch(campaign, by=second).status == "open"


def test_only_one_open_decision_per_campaign_and_only_from_preparation(db, directory, campaign):
    first = directory.world.delegates[0]
    operations.propose_launch(campaign, by=first)
    with pytest.raises(CampaignError):
        operations.propose_closing(campaign, by=first, outcome=WON)
    with pytest.raises(CampaignError):
        operations.propose_launch(campaign, by=first)


def test_closing_as_won_by_consent_writes_the_outcome_and_ends_the_story(db, directory, running):
    first, second = directory.world.delegates
    assert running.status == ACTIVE
    with pytest.raises(CampaignError):
        operations.propose_launch(running, by=first)
    with pytest.raises(CampaignError):
        operations.propose_closing(running, by=first, outcome="maybe")
    decision = operations.propose_closing(
        running, by=first, outcome=WON, note="Accueil rouvert le mardi et le jeudi."
    )
    for delegate in (first, second):
        consent.answer(decision, by=delegate, value=AGREE)
    assert running.status == WON and running.closed_on is not None
    assert running.outcome_note == "Accueil rouvert le mardi et le jeudi."
    with pytest.raises(CampaignError):
        steps.record_step(running, by=first, kind=NEGOTIATION, on=date(2026, 3, 1), title="Encore")


def test_a_closing_passes_at_its_deadline_without_objection(db, directory, running):
    decision = operations.propose_closing(running, by=directory.member, outcome="abandoned")
    consent.settle_due(utcnow() + timedelta(days=60))
    assert decision.status == PASSED and running.status == "abandoned"


def test_suspend_and_resume_need_no_decision(db, directory, running):
    operations.suspend(running, by=directory.member)
    assert running.status == SUSPENDED
    with pytest.raises(CampaignError):
        operations.suspend(running, by=directory.member)
    operations.resume(running, by=directory.member)
    assert running.status == ACTIVE


def test_guests_join_members_lead(db, make, directory, running):
    guest = make.association(name="Épicerie solidaire fictive")
    db.session.add(
        Membership(coalition_id=directory.coalition.id, association_id=guest.id, role=GUEST)
    )
    db.session.flush()
    with pytest.raises(CampaignError):
        operations.join(running, by=directory.member)
    operations.join(running, by=make.delegate(guest))
    names = [(p.name, p.guest) for p in reads.participants(running)]
    assert ("Épicerie solidaire fictive", True) in names
    assert sum(1 for _n, g in names if not g) == 2


def test_a_decision_of_another_coalition_cannot_touch_the_campaign(db, directory, running, make):
    """The effect checks the decision's coalition against the campaign's."""
    world = directory.world
    other = world.other_coalition
    decision = consent.open_decision(
        other,
        operations.CLOSE,
        "Fermer",
        by=world.outsider,
        payload={"campaign_id": running.id, "outcome": WON},
    )
    consent.answer(decision, by=world.outsider, value=AGREE)
    assert decision.status == PASSED and running.status == ACTIVE
