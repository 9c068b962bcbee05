"""Retention: access logs, notifications and login events deleted after the coalition's
periods by the scheduled job; a withdrawn delegate off at once, erased after the period,
the coalition's records then naming "ancien·ne délégué·e de <association>". Clocks frozen."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from coordination.accounts import operations as accounts
from coordination.accounts import retention, tokens
from coordination.accounts.models import LoginAttempt, User, UserSession
from coordination.directory import privacy
from coordination.directory.models import ContactAccess
from coordination.notifications import tasks
from coordination.notifications.models import Notification
from coordination.notifications.scheduler import ReminderScheduler
from tests.accounts.totp import enrol, password_step
from tests.conftest import login
from tests.factories import TEST_PASSWORD

T0 = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _notify(db, user, coalition_id, n: int):
    db.session.add(
        Notification(
            key=f"test:{user.id}:{n}",
            kind="decision.opened",
            user_id=user.id,
            coalition_id=coalition_id,
            object_type="decision",
            occasion="opened",
            context={},
        )
    )


def test_the_job_deletes_what_is_past_each_period_once(app, db, make, directory, clock):
    reader = directory.world.delegates[1]
    other = make.coalition(access_log_months=24, notification_months=24)
    privacy.record_view(directory.contact, by=reader)
    _notify(db, reader, directory.coalition.id, 1)
    _notify(db, reader, other.id, 2)
    _notify(db, reader, None, 3)
    password_step(app.test_client(), reader, "pas le bon")
    db.session.commit()
    clock.shift(timedelta(days=95))  # login events: 90 days
    privacy.record_view(directory.contact, by=reader)  # a later access, kept
    db.session.commit()
    report = tasks.retention()
    assert (report.access_logs, report.notifications, report.login_events) == (0, 0, 1)
    assert _count(db, LoginAttempt) == 0
    clock.move_to(T0 + timedelta(days=184))  # six months and a day: notifications
    report = tasks.retention()
    assert (report.access_logs, report.notifications) == (0, 2)  # coalition's + no coalition
    assert _count(db, Notification) == 1  # the other coalition keeps them 24 months
    clock.move_to(datetime(2027, 1, 15, 10, 0, 1, tzinfo=UTC))  # twelve months
    report = tasks.retention()
    assert report.access_logs == 1
    assert _count(db, ContactAccess) == 1
    # Exactly once: running it again at the same time deletes nothing more.
    again = tasks.retention()
    assert (again.access_logs, again.notifications, again.login_events, again.erased) == (
        0,
        0,
        0,
        0,
    )
    print(f"retention job: {report}")


def test_the_scheduler_runs_the_job_under_its_lock(app, db, directory, clock):
    scheduler = ReminderScheduler(app, holder="retention-test")
    privacy.record_view(directory.contact, by=directory.member)
    db.session.commit()
    clock.shift(timedelta(days=400))
    scheduler.run_retention()
    assert scheduler.runs["retention"] == 1
    assert _count(db, ContactAccess) == 0
    idle = ReminderScheduler(app, holder="second-scheduler")
    idle.run_retention()  # the lease is held by the first: stays idle
    assert idle.idle.get("retention") == 1 and "retention" not in idle.runs


def test_a_withdrawn_delegate_is_off_at_once_then_erased(app, db, make, directory, clock):
    association = directory.world.associations[0]
    leaving = directory.member  # added the contact, and will leave
    colleague = make.delegate(association)
    enrol(db, leaving)
    row, token = tokens.issue("reset", leaving.email, timedelta(hours=2), user_id=leaving.id)
    session_client = login(app.test_client(), colleague)
    db.session.add(
        UserSession(user_id=leaving.id, key_hash="x" * 64, user_agent="phone", ip="10.0.0.1")
    )
    db.session.commit()
    name, email = leaving.name, leaving.email
    assert session_client.post(f"/association/delegates/{leaving.id}/withdraw").status_code == 302
    db.session.expire_all()
    # At once: no session, no login, no reset link.
    assert _count(db, UserSession, UserSession.user_id == leaving.id) == 0
    response = password_step(app.test_client(), leaving, TEST_PASSWORD)
    assert "non reconnu" in response.get_data(as_text=True)
    assert tokens.find_valid("reset", token) is None
    # Before the period: the name is still on the coalition's records.
    clock.move_to(T0 + timedelta(days=300))
    assert tasks.retention().erased == 0
    clock.move_to(T0 + timedelta(days=367))
    assert tasks.retention().erased == 1
    db.session.expire_all()
    erased = db.session.get(User, leaving.id)
    former = f"ancien·ne délégué·e de {association.name}"
    assert erased.name == former and erased.erased_at is not None
    assert email not in (erased.email, erased.phone) and erased.password_hash == "!"
    assert retention.erasure_months(association.id) == 12
    # The coalition's records name the former delegate, on every page that shows a name.
    reader = login(app.test_client(), directory.world.delegates[1])
    page = reader.get(
        f"/c/{directory.coalition.id}/directory/contacts/{directory.contact.id}"
    ).get_data(as_text=True)
    assert former in page and name not in page
    log = reader.get(f"/c/{directory.coalition.id}/log")
    assert log.status_code == 200
    assert former in log.get_data(as_text=True) and name not in log.get_data(as_text=True)
    # Nothing personal is left in the tables that were theirs.
    for table in retention.PERSONAL_TABLES:
        t = db.metadata.tables[table]
        assert db.session.scalar(sa.select(sa.func.count()).where(t.c.user_id == leaving.id)) == 0
    assert _count(db, LoginAttempt, LoginAttempt.email == email) == 0


def test_a_delegate_who_leaves_on_their_own_is_off_at_once(app, db, make, clock):
    me = make.delegate()
    client = login(app.test_client(), me)
    with pytest.raises(accounts.AccountError):
        accounts.leave(me, "pas le bon")
    accounts.leave(me, TEST_PASSWORD)
    db.session.commit()
    assert client.get("/").status_code == 302
    assert me.withdrawn_at == T0 and me.active is False


def test_every_table_deleted_with_a_user_is_personal_or_a_kept_record(app):
    cascading = {
        t.name
        for t in app.extensions["sqlalchemy"].metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column.table.name == "user" and fk.ondelete == "CASCADE"
    }
    assert cascading == set(retention.PERSONAL_TABLES) | set(retention.KEPT_RECORDS)


def test_leaving_from_the_profile_asks_for_the_password(app, db, make):
    me = make.delegate()
    client = login(app.test_client(), me)
    wrong = client.post("/profile/leave", {"leave-password": "pas le bon"})
    assert wrong.status_code == 400 and "mot de passe n’est pas le bon" in wrong.get_data(
        as_text=True
    )
    assert client.get("/").status_code == 200
    done = client.post("/profile/leave", {"leave-password": TEST_PASSWORD})
    assert done.headers["Location"] == "/login"
    db.session.expire_all()
    assert me.active is False and client.get("/").status_code == 302
