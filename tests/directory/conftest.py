"""Directory fixtures: a coalition with an institution, an office and a contact."""

from dataclasses import dataclass
from datetime import time

import pytest

from coordination.directory import hours, operations


@dataclass
class Directory:
    world: object
    coalition: object
    member: object
    institution: object
    office: object
    contact: object


@pytest.fixture
def world(make):
    return make.world(n_members=2)


@pytest.fixture
def directory(db, world):
    member = world.delegates[0]
    coalition = world.coalition
    cpam = operations.create_institution(
        coalition, kind="cpam", name="CPAM de Brie-et-Marne", territory="Brie", by=member
    )
    office = operations.create_office(
        coalition,
        cpam,
        name="Accueil de Meaux-sur-Brie",
        address="5 rue de l'Assurance",
        appointment_rules="Sans rendez-vous le mardi",
        by=member,
    )
    operations.set_weekly_hours(
        office,
        [hours.Slot(1, time(8, 30), time(12)), hours.Slot(3, time(13, 30), time(17))],
        by=member,
    )
    contact = operations.create_contact(
        coalition,
        cpam,
        by=member,
        office_id=office.id,
        name="Isabelle Fontaine",
        role="Référente sécurité sociale",
        phone="01 99 00 21 01",
        email="isabelle.fontaine@cpam.example",
        can_unblock="Dossiers de couverture santé bloqués",
    )
    return Directory(world, coalition, member, cpam, office, contact)
