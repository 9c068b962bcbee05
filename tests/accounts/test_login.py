import re
from datetime import timedelta

import pytest

from coordination.accounts import throttling
from coordination.accounts.models import LoginAttempt
from coordination.db import utcnow
from tests.conftest import login
from tests.factories import TEST_PASSWORD


def _token(client, url="/login"):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _attempt(client, email, password, **extra):
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": _token(client), **extra}
    )


def test_login_shows_coalitions_in_french(client, make):
    world = make.world()
    response = login(client, world.delegates[0]).get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in page
    assert "Vos collectifs" in page
    assert world.coalition.name in page
    assert world.other_coalition.name not in page


def test_wrong_password_is_refused_with_a_french_message_and_email_kept(client, make):
    user = make.delegate()
    response = _attempt(client, user.email, "not the password")
    page = response.get_data(as_text=True)
    assert "non reconnu" in page
    assert f'value="{user.email}"' in page
    assert client.get("/").status_code == 302


def test_next_redirect_accepts_only_local_paths(client, make):
    user = make.delegate()
    ok = _attempt(client, user.email, TEST_PASSWORD, next="/profile")
    assert ok.headers["Location"] == "/profile"
    client.post("/logout", data={"csrf_token": _token(client, "/profile")})
    for evil in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        response = _attempt(client, user.email, TEST_PASSWORD, next=evil)
        assert response.headers["Location"] == "/", evil
        client.post("/logout", data={"csrf_token": _token(client, "/profile")})


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, make):
    user = make.delegate()
    login(client, user)
    cookie = client.get_cookie("concertation_session").value
    client.post("/logout", data={"csrf_token": _token(client, "/profile")})
    thief = app.test_client()
    thief.set_cookie("concertation_session", cookie, domain="localhost")
    assert thief.get("/profile").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, make):
    user = make.delegate()
    laptop = login(app.test_client(), user)
    phone = login(app.test_client(), user)
    response = laptop.post(
        "/profile/password",
        {
            "pw-current_password": TEST_PASSWORD,
            "pw-password": "une phrase bien plus longue",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/profile").status_code == 200
    assert phone.get("/profile").status_code == 302


def test_end_other_sessions(app, make):
    user = make.delegate()
    laptop = login(app.test_client(), user)
    phone = login(app.test_client(), user)
    assert "Se déconnecter de mes autres sessions" in laptop.get("/profile").get_data(as_text=True)
    laptop.post("/profile/sessions/end-others")
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200


def test_change_email_needs_current_password(make, login_as):
    user = make.delegate()
    c = login_as(user)
    response = c.post(
        "/profile/email",
        {"email-email": "new@example.org", "email-current_password": "wrong password"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "mot de passe actuel n’est pas le bon" in page or "mot de passe actuel" in page
    assert 'value="new@example.org"' in page
    assert user.email != "new@example.org"


def test_throttling_per_account_and_address(client, make, db):
    user = make.delegate()
    for _ in range(throttling.PAIR_LIMIT):
        _attempt(client, user.email, "wrong password")
    response = _attempt(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def test_throttling_does_not_lock_out_the_owner_from_a_known_address(db, make):
    user = make.delegate()
    now = utcnow()
    throttling.record_attempt(user.email, "10.0.0.1", True, now - timedelta(days=3))
    for i in range(throttling.ACCOUNT_LIMIT):
        throttling.record_attempt(user.email, f"203.0.113.{i % 250}", False, now)
    db.session.flush()
    assert throttling.is_throttled(user.email, "198.51.100.7", now)  # unknown address
    assert not throttling.is_throttled(user.email, "10.0.0.1", now)  # the owner's address


def test_throttling_per_address_across_accounts(db):
    now = utcnow()
    for i in range(throttling.ADDRESS_LIMIT):
        throttling.record_attempt(f"victim{i}@example.org", "192.0.2.9", False, now)
    db.session.flush()
    assert throttling.is_throttled("someone@example.org", "192.0.2.9", now)
    assert not throttling.is_throttled("someone@example.org", "192.0.2.10", now)


def test_throttle_window_expires(db, make):
    user = make.delegate()
    past = utcnow() - throttling.PAIR_WINDOW - timedelta(minutes=1)
    for _ in range(throttling.PAIR_LIMIT):
        db.session.add(LoginAttempt(email=user.email, ip="127.0.0.1", succeeded=False, at=past))
    db.session.flush()
    assert not throttling.is_throttled(user.email, "127.0.0.1")


@pytest.mark.parametrize("path", ["/", "/profile", "/association/delegates", "/c/1"])
def test_logged_out_users_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
