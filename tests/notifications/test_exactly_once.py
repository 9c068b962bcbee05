"""Exactly once, for real: two schedulers and several sweeps at the same time against one
database (a SQLite file; a PostgreSQL scratch database when the suite runs on PostgreSQL),
each with its own connection, sending to a real SMTP server; and sweeps killed mid-way
(an injected crash, and a subprocess killed with SIGKILL)."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from coordination import PROJECT_ROOT
from coordination.db import utcnow
from coordination.extensions import db
from coordination.notifications import delivery as delivery_module
from coordination.notifications import lock, preferences, tasks
from coordination.notifications.models import (
    DIGEST,
    SENDING,
    SENT,
    EmailDelivery,
    Notification,
    SchedulerLock,
)
from coordination.notifications.operations import collect_due
from coordination.notifications.scheduler import ReminderScheduler
from tests.factories import Factory
from tests.notifications.conftest import open_decision, use_smtp


def _seed(app, coalitions=3, associations=4):
    """Coalitions of associations with two delegates each: the first wants e-mails at
    once, the second a daily digest. One decision per coalition was opened and noticed
    yesterday (so today's digests hold it); another was opened today, not yet noticed."""
    expected = Counter()
    with app.app_context():
        make = Factory(db)
        worlds = []
        for _ in range(coalitions):
            members = [make.association() for _ in range(associations)]
            pairs = [(make.delegate(a), make.delegate(a)) for a in members]
            for _at_once, digest in pairs:
                preferences.set_mode(digest.id, DIGEST)
            world = type("W", (), {})()
            world.coalition = make.coalition(members)
            world.delegates = [p[0] for p in pairs]
            worlds.append((world, pairs))
        db.session.commit()
        with time_machine.travel(utcnow() - timedelta(days=1), tick=False):
            for world, _pairs in worlds:
                open_decision(world, attendance_quota=3)
            db.session.commit()
            collect_due()
            db.session.commit()
        for world, pairs in worlds:
            open_decision(world, attendance_quota=4)
            for at_once, digest in pairs:
                expected[at_once.email] += 2  # yesterday's decision and today's
                expected[digest.email] += 1  # one digest, with yesterday's decision
        db.session.commit()
        db.session.remove()
    return expected


def _in_context(app, fn, *args, **kwargs):
    with app.app_context():
        try:
            return fn(*args, **kwargs)
        finally:
            db.session.remove()


def _wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_two_schedulers_and_concurrent_sweeps_send_each_message_once(scratch_app, smtp_server):
    app = scratch_app
    use_smtp(app, smtp_server)
    app.config["NOTIFICATIONS_BATCH"] = 4  # small claims, so that the sweeps interleave
    expected = _seed(app)

    schedulers = [ReminderScheduler(app, holder=f"scheduler-{n}") for n in (1, 2)]
    sweepers = 4
    barrier = threading.Barrier(sweepers + len(schedulers))
    errors = []

    def run_scheduler(scheduler):
        barrier.wait()
        scheduler.start()  # blocks until stopped; its first heartbeat and sweep run now

    def run_sweep(n):
        barrier.wait()
        try:
            # Each sweep claims under its own name, as separate processes would: the check
            # below that several claimers sent a share then counts threads, not hosts.
            _in_context(app, tasks.sweep, worker=f"sweep-{n}")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run_scheduler, args=(s,)) for s in schedulers]
    threads += [threading.Thread(target=run_sweep, args=(n,)) for n in range(sweepers)]
    for t in threads:
        t.start()

    def first_sweeps_done():
        return all(s.runs.get("sweep", 0) + s.idle.get("sweep", 0) >= 1 for s in schedulers)

    try:
        _wait_until(first_sweeps_done)
    finally:
        for s in schedulers:
            _wait_until(lambda s=s: s.scheduler.running, timeout=5)
            s.stop()
        for t in threads:
            t.join(timeout=30)
    assert errors == []

    # Exactly one scheduler worked; the other stayed idle.
    working = [s for s in schedulers if s.runs]
    idle = [s for s in schedulers if not s.runs]
    assert len(working) == 1 and len(idle) == 1
    assert idle[0].idle.get("sweep") == 1 and idle[0].idle.get("heartbeat", 0) >= 1

    received = Counter(rcpt for rcpts, _m in smtp_server.received for rcpt in rcpts)
    assert received == expected
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == len(set(ids)) == sum(expected.values()) == 36
    with app.app_context():
        statuses = Counter(db.session.scalars(sa.select(EmailDelivery.status)))
        assert statuses == {SENT: 36}
        # The sweeps really competed: several of them sent a share of the messages.
        assert len(set(db.session.scalars(sa.select(EmailDelivery.claimed_by)))) >= 2
        assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 48
        # The schedulers released the lock when they stopped.
        row = db.session.get(SchedulerLock, "scheduler")
        assert row.holder == working[0].holder and row.expires_at <= utcnow()
        db.session.remove()


def test_only_one_of_many_contenders_takes_the_lock(scratch_app):
    app = scratch_app
    contenders = 8
    barrier = threading.Barrier(contenders)
    results = {}

    def contend(n):
        barrier.wait()
        results[n] = _in_context(app, lock.hold, f"c{n}", timedelta(seconds=60))

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(contenders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [n for n, won in results.items() if won]
    assert len(winners) == 1
    # The others stay idle while the lease runs, and take over once it has expired.
    later = utcnow() + timedelta(seconds=61)
    loser = next(n for n in results if n != winners[0])
    assert _in_context(app, lock.hold, f"c{loser}", timedelta(seconds=60)) is False
    assert _in_context(app, lock.hold, f"c{loser}", timedelta(seconds=60), now=later) is True
    assert _in_context(app, lock.hold, f"c{winners[0]}", timedelta(seconds=60), now=later) is False


class SweepKilled(BaseException):
    """Stands for the process dying: nothing in the sweep catches it."""


def _crashing_transport(after: int, *, sent_first: bool = False):
    """The real transport, but the sweep dies on message number `after + 1` (before it
    reaches the server, or just after the server accepted it with `sent_first`)."""
    real_open = delivery_module.open_transport
    calls = {"n": 0}

    def open_transport():
        transport = real_open()
        real_send = transport.send

        def send(msg):
            calls["n"] += 1
            if calls["n"] > after:
                if sent_first:
                    real_send(msg)
                raise SweepKilled
            real_send(msg)

        transport.send = send
        return transport

    return open_transport


def _small_world(app, associations=3):
    with app.app_context():
        make = Factory(db)
        members = [make.association() for _ in range(associations)]
        delegates = [make.delegate(a) for a in members for _ in range(2)]
        world = type("W", (), {})()
        world.coalition = make.coalition(members)
        world.delegates = delegates
        open_decision(world)
        db.session.commit()
        emails = sorted(d.email for d in delegates)
        db.session.remove()
    return emails


def _statuses(app):
    with app.app_context():
        result = Counter(db.session.scalars(sa.select(EmailDelivery.status)))
        db.session.remove()
    return result


def test_a_sweep_killed_after_claiming_loses_nothing_and_duplicates_nothing(
    scratch_app, smtp_server, monkeypatch
):
    app = scratch_app
    use_smtp(app, smtp_server)
    emails = _small_world(app)
    monkeypatch.setattr(delivery_module, "open_transport", _crashing_transport(after=2))
    with pytest.raises(SweepKilled):
        _in_context(app, tasks.sweep)
    assert len(smtp_server.messages) == 2
    assert _statuses(app) == {SENT: 2, SENDING: 4}  # claimed, leased, not lost

    monkeypatch.undo()
    use_smtp(app, smtp_server)
    report = _in_context(app, tasks.sweep)  # the lease still runs: hands off
    assert report.delivery.sent == 0 and len(smtp_server.messages) == 2
    lease = app.config["NOTIFICATIONS_SEND_LEASE_SECONDS"]
    with time_machine.travel(utcnow() + timedelta(seconds=lease + 1), tick=False):
        report = _in_context(app, tasks.sweep)
    assert report.delivery.sent == 4
    assert sorted(r for rcpts, _m in smtp_server.received for r in rcpts) == emails
    assert _statuses(app) == {SENT: 6}


def test_a_copy_resent_after_a_crash_carries_the_same_message_id(
    scratch_app, smtp_server, monkeypatch
):
    """The one window SMTP leaves open: the server accepted, the sweep died before
    recording it. The retry resends, and the deterministic Message-ID lets mail clients
    recognise the copy."""
    app = scratch_app
    use_smtp(app, smtp_server)
    _small_world(app, associations=1)
    monkeypatch.setattr(
        delivery_module, "open_transport", _crashing_transport(after=0, sent_first=True)
    )
    with pytest.raises(SweepKilled):
        _in_context(app, tasks.sweep)
    monkeypatch.undo()
    use_smtp(app, smtp_server)
    with time_machine.travel(utcnow() + timedelta(hours=1), tick=False):
        _in_context(app, tasks.sweep)
    by_recipient = {}
    for rcpts, message in smtp_server.received:
        by_recipient.setdefault(rcpts[0], []).append(message["Message-ID"])
    copies = [ids for ids in by_recipient.values() if len(ids) > 1]
    assert len(copies) == 1 and len(set(copies[0])) == 1
    assert _statuses(app) == {SENT: 2}


KILLED_SWEEP = """
import os, signal
from coordination import create_app
from coordination.notifications import delivery, tasks
from coordination.extensions import db

app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["SCRATCH_URL"], "SECRET_KEY": "scratch"})
real_open = delivery.open_transport
count = {"n": 0}

def open_transport():
    transport = real_open()
    real_send = transport.send
    def send(msg):
        count["n"] += 1
        if count["n"] > 2:
            os.kill(os.getpid(), signal.SIGKILL)
        real_send(msg)
    transport.send = send
    return transport

delivery.open_transport = open_transport
with app.app_context():
    tasks.sweep()
"""


def test_a_sweep_process_killed_mid_way_is_finished_by_the_next(scratch_app, smtp_server):
    app = scratch_app
    use_smtp(app, smtp_server)
    emails = _small_world(app)
    env = {
        **os.environ,
        "SCRATCH_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_server.port),
        "SECRET_KEY": "scratch",
    }
    done = subprocess.run(
        [sys.executable, "-c", KILLED_SWEEP],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    assert len(smtp_server.messages) == 2
    assert _statuses(app) == {SENT: 2, SENDING: 4}
    lease = app.config["NOTIFICATIONS_SEND_LEASE_SECONDS"]
    with time_machine.travel(utcnow() + timedelta(seconds=lease + 1), tick=False):
        report = _in_context(app, tasks.sweep)
    assert report.delivery.sent == 4
    assert sorted(r for rcpts, _m in smtp_server.received for r in rcpts) == emails
    assert _statuses(app) == {SENT: 6}
