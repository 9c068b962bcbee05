"""Each delegate's choices: which reminder kinds, and how (at once, daily digest, app only).

Unsubscribe links carry a signed token (user, kind) so that they work without logging in;
the token only ever switches reminders off.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from coordination.db import columns_of, utcnow
from coordination.extensions import db
from coordination.notifications.models import (
    APP_ONLY,
    IMMEDIATE,
    MODES,
    NotificationPreference,
    NotificationSetting,
)
from coordination.notifications.registry import ReminderKind, get_kind, reminder_kinds

ALL_EMAILS = "*"  # unsubscribe token kind: stop every reminder e-mail (keep them in the app)


@dataclass
class Choices:
    """Preferences of many delegates at once (two queries, whatever their number)."""

    overrides: dict[tuple[int, str], bool]
    modes: dict[int, str]

    def enabled(self, user_id: int, kind: ReminderKind) -> bool:
        return self.overrides.get((user_id, kind.key), kind.default)

    def mode(self, user_id: int) -> str:
        return self.modes.get(user_id, IMMEDIATE)


def choices_for(user_ids) -> Choices:
    ids = sorted(set(user_ids))
    overrides: dict[tuple[int, str], bool] = {}
    modes: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for user_id, kind, enabled in db.session.execute(
            sa.select(
                *columns_of(NotificationPreference, "user_id kind enabled"),
            ).where(NotificationPreference.user_id.in_(chunk))
        ):
            overrides[(user_id, kind)] = enabled
        modes.update(
            db.session.execute(
                sa.select(NotificationSetting.user_id, NotificationSetting.mode).where(
                    NotificationSetting.user_id.in_(chunk)
                )
            ).all()
        )
    return Choices(overrides, modes)


def enabled_kinds(user_id: int) -> dict[str, bool]:
    choices = choices_for([user_id])
    return {kind.key: choices.enabled(user_id, kind) for kind in reminder_kinds()}


def mode_of(user_id: int) -> str:
    return choices_for([user_id]).mode(user_id)


def set_kind(user_id: int, kind: str, enabled: bool) -> None:
    row = db.session.scalars(
        sa.select(NotificationPreference).where(
            NotificationPreference.user_id == user_id, NotificationPreference.kind == kind
        )
    ).first()
    if row is None:
        db.session.add(NotificationPreference(user_id=user_id, kind=kind, enabled=enabled))
    else:
        row.enabled = enabled
    db.session.flush()


def set_mode(user_id: int, mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown delivery mode {mode!r}")
    row = db.session.get(NotificationSetting, user_id)
    if row is None:
        db.session.add(NotificationSetting(user_id=user_id, mode=mode))
    else:
        row.mode, row.updated_at = mode, utcnow()
    db.session.flush()


def save(user_id: int, enabled: dict[str, bool], mode: str) -> None:
    """The preferences page: every kind's switch and the delivery mode."""
    current = enabled_kinds(user_id)
    for key, value in enabled.items():
        if key in current and current[key] != value:
            set_kind(user_id, key, value)
    set_mode(user_id, mode)


# --- unsubscribe links ------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="notifications.unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps({"u": user_id, "k": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) if the token is genuine and names a known kind, else None."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    if kind != ALL_EMAILS and get_kind(kind) is None:
        return None
    return user_id, kind


def unsubscribe(user_id: int, kind: str) -> None:
    """Switch one kind off, or (ALL_EMAILS) keep reminders in the app only."""
    if kind == ALL_EMAILS:
        set_mode(user_id, APP_ONLY)
    else:
        set_kind(user_id, kind, False)
