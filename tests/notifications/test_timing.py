"""Every reminder kind's timing under a frozen clock, in Europe/Paris, including the
summer-time change (last Sunday of March) and the winter-time change (last Sunday of
October)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from coordination.coalitions.operations import SETTINGS
from coordination.consent import service as consent
from coordination.db import utcnow
from coordination.notifications import timing
from coordination.notifications.decisions import DEADLINE, WAITING, due_deadline, due_waiting
from coordination.notifications.digests import cutoff_of
from coordination.notifications.models import Notification
from coordination.notifications.operations import collect_due
from coordination.notifications.scheduler import ReminderScheduler

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def decision_due(world, deadline, opened, title="Ouvrir une permanence commune"):
    with time_machine.travel(opened, tick=False):
        return consent.open_decision(
            world.coalition,
            SETTINGS,
            title,
            by=world.delegates[0],
            payload={"changes": {"attendance_quota": 3}},
            deadline=deadline,
        )


def notified(db, kind, decision_id=None):
    query = sa.select(Notification).where(Notification.kind == kind)
    if decision_id is not None:
        query = query.where(Notification.object_id == decision_id)
    return db.session.scalars(query.order_by(Notification.user_id)).all()


@pytest.mark.parametrize(
    ("when", "at", "expected"),
    [
        # the day before at 9:00 Paris time, on either side of the spring change
        (paris(2026, 3, 29, 18), time(9), utc(2026, 3, 28, 8)),  # Sat 9:00 CET = 8:00 UTC
        (paris(2026, 3, 30, 18), time(9), utc(2026, 3, 29, 7)),  # Sun 9:00 CEST = 7:00 UTC
        (paris(2026, 10, 25, 18), time(9), utc(2026, 10, 24, 7)),  # Sat 9:00 CEST
        (paris(2026, 10, 26, 18), time(9), utc(2026, 10, 25, 8)),  # Sun 9:00 CET
        # a meeting at 00:30 on Monday: the reminder is still on Sunday morning
        (paris(2026, 10, 26, 0, 30), time(9), utc(2026, 10, 25, 8)),
    ],
)
def test_the_day_before_at_nine_paris_time_across_time_changes(app, when, at, expected):
    with app.app_context():
        assert timing.days_before_at(when, 1, at) == expected


@pytest.mark.parametrize(
    ("deadline", "reminder"),
    [
        (paris(2026, 3, 30, 18), utc(2026, 3, 28, 8)),  # Saturday 28 March, 9:00 CET
        (paris(2026, 3, 31, 18), utc(2026, 3, 29, 7)),  # Sunday 29 March (change), 9:00 CEST
        (paris(2026, 4, 1, 0, 30), utc(2026, 3, 30, 7)),  # after midnight: still two days
        (paris(2026, 10, 26, 18), utc(2026, 10, 24, 7)),  # Saturday 24 October, 9:00 CEST
        (paris(2026, 10, 27, 18), utc(2026, 10, 25, 8)),  # Sunday 25 October (change), CET
        (paris(2026, 1, 15, 9, 0), utc(2026, 1, 13, 8)),  # plain winter
        (paris(2026, 7, 15, 9, 0), utc(2026, 7, 13, 7)),  # plain summer
    ],
)
def test_deadline_reminder_two_days_before_at_nine_paris(db, make, deadline, reminder):
    world = make.world(n_members=2)
    decision = decision_due(world, deadline, opened=deadline - timedelta(days=10))
    consent.answer(decision, by=world.delegates[0], value="agree", now=decision.opened_at)
    with time_machine.travel(reminder - timedelta(minutes=1), tick=False):
        assert due_deadline(reminder - timedelta(minutes=1)) == []
        collect_due()
        assert notified(db, DEADLINE) == []
    with time_machine.travel(reminder, tick=False):
        collect_due()
    [reminded] = notified(db, DEADLINE)
    assert reminded.user_id == world.delegates[1].id  # only the association still silent
    assert reminded.created_at == reminder
    assert reminded.occasion == f"deadline-{deadline.astimezone(PARIS).date().isoformat()}"
    with time_machine.travel(reminder + timedelta(hours=30), tick=False):
        assert collect_due() == 0  # exactly once, however many sweeps follow


def test_no_deadline_reminder_once_the_deadline_passed_or_everyone_answered(db, make):
    world = make.world(n_members=2)
    deadline = paris(2026, 5, 20, 12)
    decision = decision_due(world, deadline, opened=deadline - timedelta(days=14))
    with time_machine.travel(deadline, tick=False):
        assert due_deadline(deadline) == []
    consent.answer(decision, by=world.delegates[0], value="agree", now=decision.opened_at)
    consent.answer(decision, by=world.delegates[1], value="abstain", now=decision.opened_at)
    assert decision.status == "passed"
    assert due_deadline(paris(2026, 5, 18, 10)) == []


def test_a_decision_opened_after_the_reminder_moment_gets_no_deadline_reminder(db, make):
    world = make.world(n_members=2)
    deadline = paris(2026, 6, 10, 18)  # reminder moment: 8 June, 9:00
    decision_due(world, deadline, opened=paris(2026, 6, 9, 12))
    assert due_deadline(paris(2026, 6, 9, 12, 5)) == []
    assert [o.occasion for o in due_waiting(paris(2026, 6, 9, 12, 5))] == ["round-1"]


def test_waiting_is_due_from_the_opening_until_the_answer_and_again_each_round(db, make):
    world = make.world(n_members=3)
    opened = paris(2026, 3, 29, 1, 59)  # one minute before the clocks jump
    decision = decision_due(world, opened + timedelta(days=14), opened=opened)
    assert due_waiting(opened - timedelta(seconds=1)) == []
    with time_machine.travel(opened, tick=False):
        assert collect_due() == 3
    assert {n.created_at for n in notified(db, WAITING)} == {opened}
    consent.answer(decision, by=world.delegates[1], value="agree", now=opened)
    [occasion] = due_waiting(opened + timedelta(hours=2))
    assert set(occasion.recipients) == {world.delegates[0].id, world.delegates[2].id}
    consent.reopen(decision, by=world.delegates[0], now=opened + timedelta(days=1))
    with time_machine.travel(opened + timedelta(days=1), tick=False):
        assert collect_due() == 3  # round 2: everyone again, the earlier answer included
    assert sorted({n.occasion for n in notified(db, WAITING)}) == ["round-1", "round-2"]
    assert due_waiting(decision.deadline) == []  # the deadline has come: no more reminders


def test_the_association_concerned_by_its_removal_is_not_asked(db, make):
    from coordination.coalitions import operations as coalitions

    world = make.world(n_members=3)
    leaving = world.associations[2]
    coalitions.propose_removal(world.coalition, leaving, by=world.delegates[0], reason="Départ")
    [occasion] = due_waiting(utcnow())
    assert world.delegates[2].id not in occasion.recipients
    assert len(list(occasion.recipients)) == 2


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        (paris(2026, 3, 28, 12), utc(2026, 3, 28, 6)),  # 7:00 CET
        (paris(2026, 3, 29, 12), utc(2026, 3, 29, 5)),  # the day of the change: 7:00 CEST
        (paris(2026, 10, 25, 12), utc(2026, 10, 25, 6)),  # back to CET that morning
        (paris(2026, 10, 24, 12), utc(2026, 10, 24, 5)),
    ],
)
def test_the_digest_hour_is_seven_paris_time_in_every_season(app, now, cutoff):
    with app.app_context():
        assert cutoff_of(now) == cutoff


@pytest.mark.parametrize(
    ("after", "fires"),
    [
        (paris(2026, 3, 28, 8), paris(2026, 3, 29, 7)),  # next digest: Sunday 7:00 CEST
        (paris(2026, 10, 24, 8), paris(2026, 10, 25, 7)),  # Sunday 7:00 CET
    ],
)
def test_the_scheduler_fires_the_digest_at_seven_paris_time(app, after, fires):
    scheduler = ReminderScheduler(app, holder="timing-test")
    trigger = scheduler.scheduler.get_job("digest").trigger
    assert trigger.get_next_fire_time(None, after.astimezone(PARIS)) == fires.astimezone(PARIS)


def test_guests_are_asked_only_when_the_decision_invites_them(db, make):
    members = [make.association(), make.association()]
    guest = make.association()
    delegates = [make.delegate(a) for a in members]
    guest_delegate = make.delegate(guest)
    coalition = make.coalition(members, guests=[guest])

    def propose(title, **options):
        return consent.open_decision(
            coalition, SETTINGS, title, by=delegates[0], payload={"changes": {}}, **options
        )

    co_signing = propose("Co-signer la lettre", guests_may_answer=True)
    internal = propose("Changer le quorum")
    asked = {o.object_id: set(o.recipients) for o in due_waiting(utcnow())}
    assert asked[co_signing.id] == {delegates[0].id, delegates[1].id, guest_delegate.id}
    assert asked[internal.id] == {delegates[0].id, delegates[1].id}
