# ruff: noqa: F811  (the imported fixtures are parameters of the fixtures)

"""Campaign fixtures: the directory's (a coalition of two member associations with a CPAM,
an office and a contact), and a campaign of that coalition aimed at the CPAM."""

from datetime import date

import pytest

from coordination.campaigns import operations
from coordination.consent import service as consent
from coordination.consent.models import AGREE
from tests.directory.conftest import Directory, directory, world  # noqa: F401


@pytest.fixture
def campaign(db, directory):
    return operations.create_campaign(
        directory.coalition,
        by=directory.member,
        name="Un accueil CPAM à Meaux-sur-Brie",
        demand="Rouvrir l'accueil CPAM du quartier de la Gare",
        institution_id=directory.institution.id,
        role="La directrice",
    )


def launch(campaign, delegates, started_on=date(2026, 1, 5)):
    """The launch proposed by the first delegate and agreed by every member association."""
    decision = operations.propose_launch(campaign, by=delegates[0], started_on=started_on)
    for delegate in delegates:
        consent.answer(decision, by=delegate, value=AGREE)
    return decision


@pytest.fixture
def running(db, directory, campaign):
    launch(campaign, directory.world.delegates)
    return campaign
