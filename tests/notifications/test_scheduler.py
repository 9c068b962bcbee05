"""The scheduler's configuration, its lock, the commands, and the web app staying clean."""

import threading
from datetime import timedelta

import sqlalchemy as sa
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from coordination import create_app
from coordination.db import utcnow
from coordination.notifications import lock
from coordination.notifications.models import EmailDelivery, Notification
from coordination.notifications.registry import (
    DAILY,
    Occasion,
    register_reminder_kind,
    reminder_kinds,
    unregister_reminder_kind,
)
from coordination.notifications.scheduler import ReminderScheduler
from tests.notifications.conftest import open_decision


def test_jobs_coalesce_run_alone_and_tolerate_misfires(app):
    scheduler = ReminderScheduler(app, holder="config-test")
    jobs = {job.id: job for job in scheduler.scheduler.get_jobs()}
    assert set(jobs) == {"heartbeat", "sweep", "digest", "daily", "retention"}
    for job in jobs.values():
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time == app.config["SCHEDULER_MISFIRE_GRACE_SECONDS"]
    assert isinstance(jobs["sweep"].trigger, IntervalTrigger)
    assert jobs["sweep"].trigger.interval == timedelta(minutes=5)
    assert jobs["heartbeat"].trigger.interval == timedelta(seconds=30)  # a third of the lease
    assert isinstance(jobs["digest"].trigger, CronTrigger)
    assert str(jobs["digest"].trigger.timezone) == "Europe/Paris"
    assert not scheduler.scheduler.running


def test_the_lock_is_held_by_one_until_its_lease_expires_or_it_is_released(app, db):
    lease = timedelta(seconds=90)
    start = utcnow()
    assert lock.hold("a", lease, now=start) is True
    assert lock.hold("b", lease, now=start + timedelta(seconds=1)) is False
    assert lock.hold("a", lease, now=start + timedelta(seconds=60)) is True  # renewed
    assert lock.hold("b", lease, now=start + timedelta(seconds=120)) is False  # 60 + 90 > 120
    row = lock.current()
    assert row.holder == "a" and row.acquired_at == start
    assert row.expires_at == start + timedelta(seconds=150)
    assert lock.hold("b", lease, now=start + timedelta(seconds=150)) is True  # a went silent
    assert lock.hold("a", lease, now=start + timedelta(seconds=151)) is False
    assert lock.release("b", now=start + timedelta(seconds=152)) is True
    assert lock.hold("a", lease, now=start + timedelta(seconds=153)) is True
    assert lock.current().acquired_at == start + timedelta(seconds=153)


def test_an_idle_scheduler_does_no_work(app, db, make, monkeypatch):
    world = make.world(n_members=1)
    open_decision(world)
    db.session.commit()
    lock.hold("someone-else", timedelta(minutes=5))
    idle = ReminderScheduler(app, holder="idle-one")
    idle.run_sweep()
    assert idle.idle == {"sweep": 1} and idle.runs == {}
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_the_web_app_never_starts_a_scheduler(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(BaseScheduler, "start", lambda self, *a, **k: started.append(self))
    web = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'web.db'}",
        }
    )
    client = web.test_client()
    assert client.get("/login").status_code == 200
    assert started == []
    assert not [t for t in threading.enumerate() if "APScheduler" in t.name]


def test_notifications_sweep_command(app, db, make):
    world = make.world(n_members=2)
    open_decision(world)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["notifications", "sweep"])
    assert result.exit_code == 0, result.output
    assert "2 notification(s) created" in result.output
    assert "2 sent" in result.output
    assert db.session.scalar(sa.select(sa.func.count(EmailDelivery.id))) == 2


def test_notifications_digest_command_can_force_the_days_digest(app, db, make):
    from coordination.notifications import preferences
    from coordination.notifications.models import DIGEST

    world = make.world(n_members=1)
    preferences.set_mode(world.delegates[0].id, DIGEST)
    open_decision(world)
    db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["notifications", "sweep"]).exit_code == 0
    result = runner.invoke(args=["notifications", "digest", "--force"])
    assert result.exit_code == 0, result.output
    assert "1 digest(s) built" in result.output and "1 sent" in result.output


def test_scheduler_status_command(app, db):
    runner = app.test_cli_runner()
    assert "No scheduler has run yet." in runner.invoke(args=["scheduler", "status"]).output
    lock.hold("host:1234", timedelta(seconds=90))
    assert "Held by host:1234" in runner.invoke(args=["scheduler", "status"]).output


def test_scheduler_run_command_runs_the_reminder_scheduler(app, monkeypatch):
    ran = []
    monkeypatch.setattr(ReminderScheduler, "run_forever", lambda self: ran.append(self.holder))
    result = app.test_cli_runner().invoke(args=["scheduler", "run"])
    assert result.exit_code == 0, result.output
    assert len(ran) == 1 and f"Scheduler {ran[0]} started" in result.output


def test_a_feature_declares_its_own_reminder_kind(app, db, make):
    """The registration API, as meetings, statements and the directory will use it."""
    world = make.world(n_members=2)
    calls = []

    def due(now):
        calls.append(now)
        yield Occasion(
            object_type="coalition",
            object_id=world.coalition.id,
            occasion=f"month-{now:%Y-%m}",
            recipients=[d.id for d in world.delegates],
            coalition_id=world.coalition.id,
            context={"title": world.coalition.name, "checked_on": now.date()},
        )

    register_reminder_kind(
        "test.monthly",
        label="Monthly test reminder",
        due=due,
        template="notifications/reminders/decision_deadline",
        title=lambda ctx: f"Monthly: {ctx['title']}",
        link=lambda ctx: ("coalitions.show", {"coalition_id": world.coalition.id}),
        cadence=DAILY,
        default=False,
    )
    try:
        assert "test.monthly" in [k.key for k in reminder_kinds(DAILY)]
        from coordination.notifications import preferences, tasks

        preferences.set_kind(world.delegates[0].id, "test.monthly", True)
        assert tasks.sweep().created == 0 and calls == []  # a daily kind: not every sweep
        report = tasks.daily()
        assert report.created == 1  # default off: only the delegate who switched it on
        [row] = db.session.scalars(
            sa.select(Notification).where(Notification.kind == "test.monthly")
        ).all()
        assert row.user_id == world.delegates[0].id
        assert row.context["checked_on"] == calls[0].date().isoformat()
        assert tasks.daily().created == 0
    finally:
        unregister_reminder_kind("test.monthly")


def test_a_failing_reminder_kind_does_not_stop_the_others(app, db, make):
    from coordination.extensions import db as _db
    from coordination.notifications.operations import collect_due

    def broken(now):
        _db.session.execute(sa.text("SELECT * FROM no_such_table"))  # aborts on PostgreSQL
        return []

    register_reminder_kind(
        "test.broken",
        label="Broken",
        due=broken,
        template="notifications/reminders/decision_waiting",
        title=lambda ctx: "Broken",
        link=lambda ctx: ("notifications.index", {}),
        order=1,  # runs before the decision kinds
    )
    try:
        world = make.world(n_members=2)
        open_decision(world)
        assert collect_due() == 2
    finally:
        unregister_reminder_kind("test.broken")
