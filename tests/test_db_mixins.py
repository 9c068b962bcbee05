"""The column mixins of coordination/db.py give the tables the migrations created: the
same columns in the same order (a mixin's columns would otherwise come last)."""

import random

from coordination.campaigns.models import Campaign, CampaignStep
from coordination.db import utcnow
from coordination.demo.generate import GenerationContext
from coordination.directory.models import Institution
from coordination.situations.models import SituationStep
from coordination.statements.models import StatementRevision


def _columns(model) -> list[str]:
    return [column.name for column in model.__table__.columns]


def test_coalition_row_columns_come_first():
    assert _columns(Campaign)[:3] == ["id", "coalition_id", "name"]
    assert Campaign.__table__.c.id.primary_key
    assert not Campaign.__table__.c.coalition_id.index
    assert CampaignStep.__table__.c.coalition_id.index
    assert [fk.target_fullname for fk in Institution.__table__.c.coalition_id.foreign_keys] == [
        "coalition.id"
    ]


def test_authored_columns_come_last():
    assert _columns(SituationStep)[-3:] == ["author_id", "association_id", "created_at"]
    assert _columns(StatementRevision)[-3:] == ["author_id", "association_id", "created_at"]
    assert SituationStep.author.property.mapper.class_.__name__ == "User"


def test_by_coalition_groups_in_id_order(db):
    from tests.factories import Factory

    make = Factory(db)
    association = make.association()
    first, second = make.coalition([association]), make.coalition([association])
    claire = make.delegate(association)
    for coalition, name in ((second, "B1"), (first, "A1"), (second, "B2")):
        db.session.add(
            Institution(coalition_id=coalition.id, kind="caf", name=name, created_by_id=claire.id)
        )
    db.session.flush()
    ctx = GenerationContext(scale=1, rng=random.Random(1), now=utcnow())
    ctx.coalition_ids = [first.id, second.id]
    names = ctx.by_coalition(Institution.name)
    assert names == {second.id: ["B1", "B2"], first.id: ["A1"]}
    pairs = ctx.by_coalition(Institution.name, Institution.kind)
    assert pairs[second.id] == [("B1", "caf"), ("B2", "caf")]
