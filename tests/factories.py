"""Test data factories: `make.association()`, `make.coalition(...)`, `make.delegate(...)`."""

import itertools

from coordination.accounts import operations as accounts
from coordination.coalitions import operations as coalitions
from coordination.coalitions.models import GUEST, Membership

TEST_PASSWORD = "un cheval correct agrafe"
_seq = itertools.count(1)


class Factory:
    def __init__(self, db):
        self.db = db

    def association(self, name=None, **fields):
        n = next(_seq)
        name = name or f"Association fictive {n}"
        fields.setdefault("venue_name", f"Salle {n}")
        fields.setdefault("address", f"{n} rue Imaginaire, 77000 Ville-Fictive")
        return coalitions.create_association(name, fields.pop("short_name", f"AF{n}"), **fields)

    def delegate(self, association=None, name=None, email=None, locale="fr"):
        association = association or self.association()
        n = next(_seq)
        return accounts.create_delegate(
            association.id,
            email or f"delegue{n}@asso{association.id}.example",
            name or f"Délégué Fictif {n}",
            TEST_PASSWORD,
            locale,
        )

    def coalition(self, members=None, guests=(), name=None, **settings):
        members = list(members) if members is not None else [self.association(), self.association()]
        coalition = coalitions.create_coalition(name or f"Coalition fictive {next(_seq)}", members)
        for key, value in settings.items():
            setattr(coalition, key, value)
        for guest in guests:
            self.db.session.add(
                Membership(coalition_id=coalition.id, association_id=guest.id, role=GUEST)
            )
        self.db.session.flush()
        return coalition

    def world(self, n_members=3):
        """A coalition of n member associations, one delegate each; and an outsider coalition."""
        associations = [self.association() for _ in range(n_members)]
        delegates = [self.delegate(a) for a in associations]
        coalition = self.coalition(associations)
        other_association = self.association()
        outsider = self.delegate(other_association)
        other = self.coalition([other_association])
        return World(coalition, associations, delegates, other, outsider)


class World:
    def __init__(self, coalition, associations, delegates, other, outsider):
        self.coalition = coalition
        self.associations = associations
        self.delegates = delegates
        self.other_coalition = other
        self.outsider = outsider
