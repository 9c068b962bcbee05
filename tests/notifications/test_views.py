"""In-app notifications (list, unread count, read/unread) and the preferences page."""

import re

import sqlalchemy as sa

from coordination.notifications import preferences
from coordination.notifications.decisions import DEADLINE, WAITING
from coordination.notifications.forms import kind_field_name
from coordination.notifications.models import (
    APP_ONLY,
    DIGEST,
    IMMEDIATE,
    EmailDelivery,
    Notification,
)
from coordination.notifications.operations import collect_due
from tests.conftest import count_queries
from tests.notifications.conftest import open_decision


def _notified_world(make, db, decisions=1):
    world = make.world(n_members=2)
    for n in range(decisions):
        open_decision(world, attendance_quota=3 + n)
    collect_due()
    db.session.commit()
    return world


def test_the_list_shows_unread_notifications_and_the_header_counts_them(db, make, login_as):
    world = _notified_world(make, db, decisions=2)
    c = login_as(world.delegates[1])
    page = c.get("/notifications").get_data(as_text=True)
    assert "Vous avez 2 notifications non lues." in page
    assert page.count("Votre réponse est attendue : Modifier les paramètres") == 2
    assert "2 non lues" in c.get("/").get_data(as_text=True)  # the header, on every page


def test_opening_a_notification_marks_it_read_and_goes_to_the_decision(db, make, login_as):
    world = _notified_world(make, db)
    user = world.delegates[0]
    notification = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id)
    ).one()
    c = login_as(user)
    response = c.post(f"/notifications/{notification.id}/open", token_from="/notifications")
    assert response.status_code == 302
    assert response.location.endswith(f"/c/{world.coalition.id}/decisions/{notification.object_id}")
    db.session.refresh(notification)
    assert notification.read_at is not None
    assert "Vous avez tout lu." in c.get("/notifications").get_data(as_text=True)


def test_mark_one_then_all_as_read(db, make, login_as):
    world = _notified_world(make, db, decisions=3)
    user = world.delegates[0]
    first = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).first()
    c = login_as(user)
    c.post(f"/notifications/{first.id}/read", token_from="/notifications")
    assert "Vous avez 2 notifications non lues." in c.get("/notifications").get_data(as_text=True)
    done = c.post("/notifications/read-all", token_from="/notifications", follow_redirects=True)
    assert "2 notifications marquées comme lues." in done.get_data(as_text=True)
    db.session.expire_all()
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        == 0
    )


def test_someone_elses_notification_answers_404(db, make, login_as):
    world = _notified_world(make, db)
    theirs = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == world.delegates[0].id)
    ).one()
    c = login_as(world.delegates[1])
    for action in ("open", "read"):
        url = f"/notifications/{theirs.id}/{action}"
        assert c.post(url, token_from="/notifications").status_code == 404
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_notification_pages_need_a_login(client):
    assert client.get("/notifications").status_code == 302
    assert client.get("/notifications/preferences").status_code == 302


def test_the_list_runs_a_constant_number_of_queries(db, make, login_as):
    world = _notified_world(make, db, decisions=1)
    c = login_as(world.delegates[0])
    with count_queries() as few:
        assert c.get("/notifications").status_code == 200
    for n in range(6):
        open_decision(world, attendance_quota=10 + n)
    collect_due()
    db.session.commit()
    with count_queries() as many:
        page = c.get("/notifications").get_data(as_text=True)
    assert "Vous avez 7 notifications non lues." in page
    assert len(many) == len(few)


def test_the_list_pages_by_thirty(db, make, login_as):
    world = make.world(n_members=1)
    user = world.delegates[0]
    for n in range(31):
        db.session.add(
            Notification(
                key=f"test/{n}",
                kind=WAITING,
                user_id=user.id,
                object_type="decision",
                object_id=None,
                occasion=str(n),
                context={"title": f"Sujet {n}", "coalition_id": 1, "decision_id": 1},
            )
        )
    db.session.commit()
    c = login_as(user)
    first = c.get("/notifications").get_data(as_text=True)
    assert first.count('class="notification unread"') == 30 and "Plus anciennes" in first
    second = c.get("/notifications?page=2").get_data(as_text=True)
    assert second.count('class="notification unread"') == 1 and "Plus récentes" in second
    assert c.get("/notifications?page=0").status_code in (200, 404)


def test_preferences_page_switches_kinds_and_mode(db, make, login_as):
    user = make.delegate()
    c = login_as(user)
    page = c.get("/notifications/preferences").get_data(as_text=True)
    assert "Une décision collective attend la réponse de votre association" in page
    assert re.search(r'<input checked[^>]*name="mode"[^>]*value="immediate"', page)
    data = {kind_field_name(DEADLINE): "y", "mode": DIGEST}  # WAITING left unticked
    response = c.post("/notifications/preferences", data, token_from="/notifications/preferences")
    assert response.status_code == 302
    assert _foundation_kinds(preferences.enabled_kinds(user.id)) == {WAITING: False, DEADLINE: True}
    assert preferences.mode_of(user.id) == DIGEST
    page = c.get("/notifications/preferences").get_data(as_text=True)
    assert "Vos préférences de rappel sont enregistrées." in page


def test_preferences_page_refuses_an_unknown_mode_and_keeps_the_choices(db, make, login_as):
    user = make.delegate()
    c = login_as(user)
    data = {kind_field_name(DEADLINE): "y", "mode": "pigeon"}
    response = c.post("/notifications/preferences", data, token_from="/notifications/preferences")
    assert response.status_code == 400
    assert preferences.mode_of(user.id) == IMMEDIATE
    assert _foundation_kinds(preferences.enabled_kinds(user.id)) == {WAITING: True, DEADLINE: True}


def test_modes_decide_the_delivery(db, make):
    world = make.world(n_members=3)
    at_once, digest, app_only = world.delegates
    preferences.set_mode(digest.id, DIGEST)
    preferences.set_mode(app_only.id, APP_ONLY)
    open_decision(world)
    assert collect_due() == 3
    rows = {n.user_id: n for n in db.session.scalars(sa.select(Notification)).all()}
    assert rows[at_once.id].mode == IMMEDIATE and rows[at_once.id].delivery_id is not None
    assert rows[digest.id].mode == DIGEST and rows[digest.id].delivery_id is None
    assert rows[app_only.id].mode == APP_ONLY and rows[app_only.id].delivery_id is None
    assert db.session.scalar(sa.select(sa.func.count(EmailDelivery.id))) == 1


def test_a_switched_off_kind_creates_nothing(db, make):
    world = make.world(n_members=2)
    preferences.set_kind(world.delegates[0].id, WAITING, False)
    open_decision(world)
    assert collect_due() == 1
    [row] = db.session.scalars(sa.select(Notification)).all()
    assert row.user_id == world.delegates[1].id


def _foundation_kinds(kinds: dict) -> dict:
    """The two foundation kinds; features register more kinds of their own."""
    return {key: value for key, value in kinds.items() if key in (WAITING, DEADLINE)}
