import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import Coalition, Membership
from coordination.demo.generate import generate


def test_generate_scales_and_stays_coherent(db):
    counts = generate(scale=0.05, seed=7)
    assert counts["coalition"] == 5
    assert counts["association"] == 30
    assert counts["user"] == 100
    # Every coalition has member associations, each member association has delegates.
    rows = db.session.execute(
        sa.select(Membership.coalition_id, sa.func.count(Membership.id))
        .where(Membership.role == "member")
        .group_by(Membership.coalition_id)
    ).all()
    assert len(rows) >= 5 and all(n >= 6 for _c, n in rows)
    no_delegate = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            ~sa.select(User.id).where(User.association_id == Membership.association_id).exists()
        )
    )
    assert no_delegate == 0
    assert db.session.scalar(sa.select(sa.func.count(Coalition.id))) >= 5
    # Some delegates (never an association's first) with an authenticator application.
    assert 0 < counts["second_factor"] < counts["user"] / 4
    assert counts["recovery_code"] == 10 * counts["second_factor"]


def test_generate_twice_adds_more_without_collisions(db):
    generate(scale=0.02, seed=1)
    again = generate(scale=0.02, seed=1)
    assert again["user"] == 40
