"""The demo directory: what the browser flow and people trying the platform rely on."""

from datetime import datetime, time

import sqlalchemy as sa

from coordination.commitments.deadlines import BROKEN, KEPT, PENDING, is_overdue
from coordination.commitments.models import Commitment
from coordination.directory import hours, operations
from coordination.directory.models import Contact, Institution, Office
from coordination.search import service
from coordination.situations.models import Situation


def test_demo_directory(db):
    from coordination.demo import data

    world = data.load()
    brie, tilleuls = world.coalitions["brie"], world.coalitions["tilleuls"]
    kinds = set(
        db.session.scalars(sa.select(Institution.kind).where(Institution.coalition_id == brie.id))
    )
    assert kinds == {"caf", "cpam", "mds", "prefecture", "france_travail", "ofii"}

    office = db.session.scalars(
        sa.select(Office)
        .join(Institution)
        .where(Institution.kind == "cpam", Office.coalition_id == brie.id)
    ).one()
    slots, closures = operations.load_hours([office.id])[office.id]
    assert sorted((s.weekday, s.start, s.end) for s in slots) == [
        (1, time(8, 30), time(12)),
        (1, time(13, 30), time(17)),
        (3, time(8, 30), time(12)),
        (3, time(13, 30), time(17)),
    ]
    assert len(closures) == 1 and closures[0].closed
    holiday = datetime.combine(closures[0].first, time(10), tzinfo=hours.PARIS)
    assert not hours.is_open(holiday, slots, closures)

    contacts = db.session.scalars(sa.select(Contact).where(Contact.coalition_id == brie.id)).all()
    assert len(contacts) == 10
    assert all(c.email.endswith(".example") and c.phone.startswith("01 99 00") for c in contacts)
    stale = operations.stale_counts([brie])[brie.id]
    assert 2 <= stale < 10
    assert db.session.scalar(sa.select(sa.func.count(Situation.id))) >= 4

    promises = db.session.scalars(sa.select(Commitment)).all()
    today = operations.local_today()
    statuses = {c.status for c in promises}
    assert {KEPT, BROKEN, PENDING} <= statuses
    assert any(is_overdue(c.due_on, c.status, today) for c in promises)
    assert any(c.status == PENDING and c.due_on > today for c in promises)
    reopening = [c for c in promises if c.title.startswith("Réouverture d'un accueil CPAM")]
    assert len(reopening) == 1 and reopening[0].coalition_id == tilleuls.id

    claire = world.delegates["claire.martin@paniers.example"]
    found = service.search(service.viewer_for(claire.association_id), "cpam").hits
    assert {"office", "contact", "institution", "commitment"} <= {h.kind for h in found}
