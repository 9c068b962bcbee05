"""Operator commands, run through Flask's CLI runner."""

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import Coalition, Membership


def test_coalition_create_with_founders(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "coalition",
            "create",
            "--name",
            "Collectif CLI fictif",
            "--territory",
            "Nulle-part",
            "--association",
            "Asso Une",
            "--association",
            "Asso Deux",
        ]
    )
    assert result.exit_code == 0, result.output
    coalition = db.session.scalar(sa.select(Coalition).filter_by(name="Collectif CLI fictif"))
    members = db.session.scalars(sa.select(Membership).filter_by(coalition_id=coalition.id)).all()
    assert {m.role for m in members} == {"member"} and len(members) == 2


def test_user_create_refuses_a_common_password(app, db, make):
    association = make.association()
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=[
            "user",
            "create",
            "--association-id",
            str(association.id),
            "--email",
            "cli@asso.example",
            "--name",
            "Cli",
        ],
        input="azertyuiop\nazertyuiop\n",
    )
    assert weak.exit_code != 0
    ok = runner.invoke(
        args=[
            "user",
            "create",
            "--association-id",
            str(association.id),
            "--email",
            "cli@asso.example",
            "--name",
            "Cli",
        ],
        input="une phrase solide\nune phrase solide\n",
    )
    assert ok.exit_code == 0, ok.output
    assert db.session.scalar(sa.select(User).filter_by(email="cli@asso.example")) is not None


def test_demo_load_if_empty_leaves_existing_data(app, db, make):
    make.coalition()
    result = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0
    assert "not loaded" in result.output
