"""Helpers for tests of the second factor: a delegate's codes as their phone would show."""

import re
from datetime import datetime, timedelta

import pyotp

from coordination.accounts import second_factor
from coordination.db import utcnow


def code_for(user, at: datetime | None = None, *, steps: int = 0) -> str:
    """The 6-digit code the delegate's application shows at `at` (now), `steps` later."""
    factor = second_factor.factor_of(user)
    at = (at or utcnow()) + timedelta(seconds=30 * steps)
    return pyotp.TOTP(factor.secret).at(at)


def enrol(db, user) -> list[str]:
    """Set up and confirm the application for `user` directly; the recovery codes."""
    second_factor.start_enrolment(user)
    codes = second_factor.confirm_enrolment(user, code_for(user))
    db.session.commit()
    return codes


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def password_step(client, user, password, **extra):
    token = csrf(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"email": user.email, "password": password, "csrf_token": token, **extra}
    )


def code_step(client, code):
    page = client.get("/login/code").get_data(as_text=True)
    return client.post("/login/code", data={"code": code, "csrf_token": csrf(page)})
