"""Demo and generated situations: the demo's Brie collectif has figures worth showing (the
CPAM's delay computed from at least 3 resolved situations); `demo generate` creates
situations in proportion, coherent with the directory it draws from."""

import sqlalchemy as sa

from coordination.directory.models import Institution
from coordination.situations import reads
from coordination.situations.figures import compute
from coordination.situations.generate import SITUATIONS_PER_COALITION
from coordination.situations.models import Situation, SituationObstacle, SituationStep
from coordination.timezone import local_today


def test_demo_situations(db):
    from coordination.demo import data

    world = data.load()
    brie = world.coalitions["brie"]
    items = reads.items(brie.id)
    assert len(items) >= 9
    figures = compute(items, reads.obstacle_codes(brie.id), local_today())
    names = dict(db.session.execute(sa.select(Institution.id, Institution.name)).all())
    cpam = next(d for d in figures.by_institution if names[d.key] == "CPAM de Brie-et-Marne")
    assert cpam.shown and cpam.median_days > 0
    assert figures.associations == 3 and figures.obstacles


def test_generated_situations_are_in_proportion_and_coherent(db):
    from coordination.demo.generate import generate
    from coordination.search.backends import create_structures

    create_structures(db.session.connection())
    counts = generate(scale=0.02, seed=5)
    assert counts["situation"] == SITUATIONS_PER_COALITION * counts["coalition"]
    assert counts["situation_obstacle"] >= counts["situation"]
    assert counts["situation_step"] >= counts["situation"]
    S, Ob, T = Situation, SituationObstacle, SituationStep
    incoherent = [
        sa.select(S.id)
        .join(Institution, Institution.id == S.institution_id)
        .where(Institution.coalition_id != S.coalition_id),
        sa.select(Ob.id).join(S, S.id == Ob.situation_id).where(Ob.coalition_id != S.coalition_id),
        sa.select(T.id).join(S, S.id == T.situation_id).where(T.coalition_id != S.coalition_id),
        sa.select(S.id).where(S.closed_on < S.opened_on),
    ]
    for stmt in incoherent:
        assert db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) == 0
