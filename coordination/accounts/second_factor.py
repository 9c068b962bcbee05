"""The second factor: an authenticator application (TOTP, RFC 6238) and ten recovery codes.

- Codes are checked with pyotp, one 30-second step either side (clocks of phones drift),
  and each is usable once: the last accepted step is stored, and accepting a step is a
  conditional UPDATE (`last_step < step`), so two requests racing with the same code
  cannot both pass.
- Recovery codes are random (10 characters from 31 unambiguous ones: ~50 bits), so they
  are stored as a keyed hash (HMAC-SHA256 with the application's secret key), not with
  Argon2: a slow hash protects human-chosen secrets against guessing; against a random
  code of 50 bits guessing is already hopeless (and login attempts are throttled), while
  the key means a copy of the database alone cannot even test a guess. A keyed hash also
  finds the code in one indexed lookup instead of ten Argon2 checks (half a second). Used
  codes are marked, never reused (a conditional UPDATE on `used_at IS NULL`).
- The secret itself is kept as is (it must be, to compute codes); it never leaves the
  server after enrolment: not in the own-data export, not in any page but the set-up one.
Functions flush; the caller commits.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from coordination.accounts import sessions
from coordination.accounts.models import RecoveryCode, SecondFactor, User, UserSession
from coordination.accounts.passwords import verify_password
from coordination.db import utcnow
from coordination.errors import Refused
from coordination.extensions import db
from coordination.web.after_response import after_response
from coordination.web.outbox import send_email

ISSUER = "Concertation"
STEP_SECONDS = 30
WINDOW = 1  # steps accepted either side of now
RECOVERY_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
RECOVERY_LENGTH = 10


class SecondFactorError(Refused):
    pass


# --- reading ------------------------------------------------------------------------------


def factor_of(user: User) -> SecondFactor | None:
    return db.session.get(SecondFactor, user.id)


def is_enabled(user: User) -> bool:
    factor = factor_of(user)
    return factor is not None and factor.confirmed_at is not None


def enabled_among(user_ids: list[int]) -> set[int]:
    """Which of these delegates have an authenticator application in force."""
    return set(
        db.session.scalars(
            sa.select(SecondFactor.user_id).where(
                SecondFactor.user_id.in_(user_ids), SecondFactor.confirmed_at.is_not(None)
            )
        )
    )


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def provisioning_uri(user: User, factor: SecondFactor) -> str:
    """The otpauth:// address the phone's application reads from the QR code."""
    return pyotp.TOTP(factor.secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into a phone by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- checking codes -----------------------------------------------------------------------


def _normalised(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _matching_step(factor: SecondFactor, code: str, now: datetime) -> int | None:
    """The time-step (within the window) whose code is `code`, not yet used, or None."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(factor.secret, interval=STEP_SECONDS)
    current = totp.timecode(now)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if factor.last_step is not None and step <= factor.last_step:
            continue  # a code seen once is never accepted again (RFC 6238 section 5.2)
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(factor: SecondFactor, step: int, now: datetime) -> bool:
    """Record `step` as used; False if another request took it (or a later one) first."""
    table = SecondFactor.__table__
    claimed = db.session.execute(
        sa.update(table)
        .where(
            table.c.user_id == factor.user_id,
            sa.or_(table.c.last_step.is_(None), table.c.last_step < step),
        )
        .values(last_step=step, last_used_at=now)
    ).rowcount
    db.session.expire(factor)
    return claimed == 1


def code_hash(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"recovery:" + code.encode(), hashlib.sha256).hexdigest()


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    if len(code) != RECOVERY_LENGTH:
        return False
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == code_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
    ).rowcount
    return used == 1


def check_code(user: User, code: str, *, now: datetime | None = None) -> bool:
    """Whether `code` (from the application, or a recovery code) proves the second factor
    of this delegate now; a right code is used up by this call."""
    now = now or utcnow()
    factor = factor_of(user)
    if factor is None or factor.confirmed_at is None:
        return False
    code = _normalised(code)
    step = _matching_step(factor, code, now)
    if step is not None:
        return _claim_step(factor, step, now)
    return _use_recovery_code(user, code, now)


def mark_session(session_id: int, now: datetime | None = None) -> None:
    """This login session has proved the second factor."""
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.id == session_id)
        .values(second_factor_at=now or utcnow())
    )


# --- enrolment, recovery codes, turning off ------------------------------------------------


def start_enrolment(user: User) -> SecondFactor:
    """A new secret, not yet in force (a first right code confirms it)."""
    factor = factor_of(user)
    if factor is not None and factor.confirmed_at is not None:
        raise SecondFactorError(_("The authenticator application is already on."))
    if factor is None:
        factor = SecondFactor(user_id=user.id, secret=pyotp.random_base32())
        db.session.add(factor)
    else:
        factor.secret, factor.created_at = pyotp.random_base32(), utcnow()
    factor.last_step = None
    db.session.flush()
    return factor


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(RECOVERY_COUNT)
    ]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=code_hash(c)) for c in codes)
    db.session.flush()
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def confirm_enrolment(user: User, code: str, session_id: int | None = None) -> list[str]:
    """Put the application in force with its first right code; the new recovery codes
    (shown once, never stored in clear). The current session counts as having proved it."""
    factor = factor_of(user)
    if factor is None or factor.confirmed_at is not None:
        raise SecondFactorError(_("Start again from your profile."))
    now = utcnow()
    step = _matching_step(factor, _normalised(code), now)
    if step is None or not _claim_step(factor, step, now):
        raise SecondFactorError(
            _("This code is not right. Type the 6 digits your application shows now.")
        )
    factor.confirmed_at = now
    if session_id is not None:
        mark_session(session_id, now)
    return _new_recovery_codes(user)


def _check_password_and_code(user: User, password: str, code: str) -> None:
    if not verify_password(user.password_hash, password):
        raise SecondFactorError(_("The password is not right."))
    if not check_code(user, code):
        raise SecondFactorError(_("This code is not right, or was already used."))


def regenerate_recovery_codes(user: User, password: str, code: str) -> list[str]:
    _check_password_and_code(user, password, code)
    return _new_recovery_codes(user)


def _remove(user: User) -> None:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(SecondFactor).where(SecondFactor.user_id == user.id))


def turn_off(user: User, password: str, code: str) -> None:
    _check_password_and_code(user, password, code)
    _remove(user)


def reset_for(delegate: User, *, by: User | None) -> None:
    """A lost phone: a colleague of the SAME association (or the operator's command line,
    `by=None`) removes the delegate's second factor; their sessions end, and the reset is
    written in the transparency log of every coalition their association is in."""
    if by is not None and by.association_id != delegate.association_id:
        raise SecondFactorError(_("Only a delegate of the same association can do this."))
    if by is not None and by.id == delegate.id:
        raise SecondFactorError(_("Use a recovery code, or ask a colleague of your association."))
    if factor_of(delegate) is None:
        raise SecondFactorError(_("This delegate has no authenticator application."))
    _remove(delegate)
    sessions.end_other_sessions(delegate, keep_key=None)
    _log_reset(delegate, by)
    delegate_id, by_name = delegate.id, by.name if by is not None else None
    after_response(lambda: _tell_reset(delegate_id, by_name))


def _tell_reset(delegate_id: int, by_name: str | None) -> None:
    """The delegate hears of it by e-mail: a reset they did not ask for shows."""
    delegate = db.session.get(User, delegate_id)
    if delegate is None:
        return
    with force_locale(delegate.locale):
        send_email(
            delegate.email,
            _("The code from your phone was reset"),
            render_template("accounts/email/second_factor_reset.txt", user=delegate, by=by_name),
        )


def _log_reset(delegate: User, by: User | None) -> None:
    from coordination.coalitions import transparency
    from coordination.coalitions.models import Membership

    coalition_ids = db.session.scalars(
        sa.select(Membership.coalition_id).where(
            Membership.association_id == delegate.association_id, Membership.is_current
        )
    ).all()
    summary = delegate.name if by is not None else f"{delegate.name} (command line)"
    for coalition_id in coalition_ids:
        transparency.record(
            coalition_id,
            "account.second_factor_reset",
            summary,
            user=by,
            association_id=delegate.association_id,
        )
