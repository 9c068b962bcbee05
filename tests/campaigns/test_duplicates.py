"""A campaign never holds the same thing twice (operations.refuse_duplicate): the same
target, the same statement, the same commitment, the same kind of action."""

from datetime import date

import pytest

from coordination.campaigns import steps
from coordination.campaigns.operations import CampaignError, add_target
from coordination.commitments import operations as commitments
from coordination.statements import operations as statements


def test_the_same_target_twice_is_refused(db, directory, campaign):
    with pytest.raises(CampaignError):
        add_target(
            campaign,
            by=directory.member,
            institution_id=directory.institution.id,
            role=" La directrice ",
        )
    other = add_target(
        campaign, by=directory.member, institution_id=directory.institution.id, role="Le maire"
    )
    assert other.role == "Le maire"


def test_the_same_statement_twice_is_refused(db, directory, campaign):
    text = statements.create_statement(
        directory.coalition, by=directory.member, title="Déclaration", body="Texte."
    )
    steps.attach_statement(campaign, by=directory.member, statement_id=text.id)
    with pytest.raises(CampaignError):
        steps.attach_statement(campaign, by=directory.member, statement_id=text.id)


def test_a_commitment_belongs_to_one_campaign(db, directory, campaign):
    commitment = commitments.create_commitment(
        directory.coalition,
        by=directory.member,
        title="Réouverture",
        institution_id=directory.institution.id,
        promised_on=date(2026, 1, 20),
    )
    steps.link(campaign, commitment)
    with pytest.raises(CampaignError):
        steps.link(campaign, commitment)


def test_the_same_kind_of_action_twice_is_refused(db, directory):
    steps.add_action_type(directory.coalition, by=directory.member, name="Banderole")
    with pytest.raises(CampaignError):
        steps.add_action_type(directory.coalition, by=directory.member, name=" banderole ")
