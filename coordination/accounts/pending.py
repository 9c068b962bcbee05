"""A login between its two steps: the password was right, the code is awaited.

Nothing is logged in yet: the (signed) Flask session holds only whose code is awaited,
since when and where to go next, for a few minutes. The login session itself is created
only once the code is right, already marked as having proved the second factor.
"""

from datetime import timedelta

from flask import current_app, redirect, session, url_for

from coordination.accounts.models import User
from coordination.db import utcnow
from coordination.extensions import db

KEY = "second_factor_login"


def ask_for_code(user: User, target: str):
    session.clear()
    session[KEY] = {"user": user.id, "at": utcnow().timestamp(), "next": target}
    return redirect(url_for("accounts.login_code"))


def pending_login() -> tuple[User | None, str]:
    """The delegate whose code is awaited (None when nothing is, or it is too late)."""
    pending = session.get(KEY)
    if not isinstance(pending, dict):
        return None, ""
    waited = utcnow().timestamp() - float(pending.get("at", 0))
    limit = timedelta(minutes=current_app.config["SECOND_FACTOR_LOGIN_MINUTES"])
    if not 0 <= waited <= limit.total_seconds():
        return None, ""
    return db.session.get(User, int(pending.get("user", 0))), str(pending.get("next", ""))
