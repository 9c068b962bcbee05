"""The registry's shared helpers: FeatureReminders, Occasion.named_by, user_ids_by."""

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.notifications.registry import (
    DAILY,
    FeatureReminders,
    Occasion,
    get_kind,
    object_link,
    unregister_reminder_kind,
    user_ids_by,
)
from tests.conftest import count_queries


def _nothing_due(now):
    return []


def test_feature_reminders_name_templates_after_keys_and_number_orders(app):
    kinds = FeatureReminders(
        "things/reminders",
        first_order=70,
        link=object_link("things.show", "thing_id"),
        prefix="thing",
    )
    try:
        first = kinds.add("thing.week", label="a", due=_nothing_due, title=str)
        second = kinds.add(
            "other.due",
            label="b",
            due=_nothing_due,
            title=str,
            link=lambda ctx: ("things.list", {}),
            cadence=DAILY,
        )
        assert (first.template, first.order) == ("things/reminders/week", 70)
        assert (second.template, second.order) == ("things/reminders/other_due", 71)
        assert first.link({"coalition_id": 1, "thing_id": 2}) == (
            "things.show",
            {"coalition_id": 1, "thing_id": 2},
        )
        assert second.link({}) == ("things.list", {})
        assert second.cadence == DAILY
        assert get_kind("thing.week") is first
    finally:
        unregister_reminder_kind("thing.week")
        unregister_reminder_kind("other.due")


def test_feature_reminders_without_prefix_keep_the_whole_key():
    kinds = FeatureReminders("notifications/reminders", first_order=10)
    assert kinds.template("decision.waiting") == "notifications/reminders/decision_waiting"


def test_an_occasion_named_by_its_context():
    context = {"meeting_id": 7, "coalition_id": 3, "title": "AG"}
    occasion = Occasion.named_by("meeting", "meeting_id", "week-x", [1, 2], context)
    assert occasion == Occasion(
        object_type="meeting",
        object_id=7,
        occasion="week-x",
        recipients=[1, 2],
        coalition_id=3,
        context=context,
    )


def test_user_ids_by_runs_no_query_without_keys(db):
    with count_queries() as statements:
        assert user_ids_by([], lambda ids: sa.select(User.association_id, User.id)) == {}
    assert statements == []


def test_user_ids_by_groups_the_rows_in_their_order(db, make):
    association = make.association()
    first, second = make.delegate(association), make.delegate(association)
    with count_queries() as statements:
        found = user_ids_by(
            [association.id],
            lambda ids: (
                sa.select(User.association_id, User.id)
                .where(User.association_id.in_(ids))
                .order_by(User.id)
            ),
        )
    assert len(statements) == 1
    assert found[association.id] == sorted([first.id, second.id])
    assert found[-1] == []


def test_every_reminder_kind_has_its_templates(app):
    """Templates are named after the kinds' keys (FeatureReminders): a renamed key or
    folder would otherwise be found only when such a reminder is first sent."""
    from coordination.notifications.registry import reminder_kinds

    kinds = reminder_kinds()
    assert len(kinds) >= 13
    for kind in kinds:
        for extension in (".txt", ".html"):
            assert app.jinja_env.get_template(kind.template + extension)
