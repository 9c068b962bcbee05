"""Account changes: invitations, password reset, profile, withdrawal. They flush; the
caller commits."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from coordination.accounts import sessions, tokens
from coordination.accounts.models import AccountToken, User
from coordination.accounts.passwords import hash_password, verify_password
from coordination.db import utcnow
from coordination.errors import Refused
from coordination.extensions import db
from coordination.web.after_response import after_response
from coordination.web.outbox import send_email
from coordination.web.urls import base_url


class AccountError(Refused):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalars(sa.select(User).where(User.email == normalise_email(email))).first()


def create_delegate(
    association_id: int, email: str, name: str, password: str, locale: str = "fr"
) -> User:
    user = User(
        association_id=association_id,
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def _absolute(endpoint: str, **values) -> str:
    return base_url() + url_for(endpoint, **values)


def invite_delegate(
    by: User, email: str, name: str = "", association_id: int | None = None, locale: str = "fr"
) -> tuple[AccountToken, str]:
    """Invite a colleague to represent `by`'s association (or a newly admitted one).

    The inviter gets the same answer whether or not the address already has an account
    (no account enumeration): the invitation is recorded either way, and the e-mail, looked
    up and built after the response, tells an existing account holder to log in instead
    (accepting such an invitation is refused, see accept_invitation)."""
    email = normalise_email(email)
    days = current_app.config["INVITATION_DAYS"]
    row, token = tokens.issue(
        "invite",
        email,
        timedelta(days=days),
        name=name.strip(),
        association_id=association_id or by.association_id,
        created_by_id=by.id,
    )
    row_id, by_id = row.id, by.id
    after_response(lambda: _send_invitation(row_id, token, by_id, locale))
    return row, token


def _send_invitation(row_id: int, token: str, by_id: int, locale: str) -> None:
    row = db.session.get(AccountToken, row_id)
    if row is None:  # the request that issued it was rolled back
        return
    by = db.session.get(User, by_id)
    days = current_app.config["INVITATION_DAYS"]
    existing = find_by_email(row.email)
    with force_locale(existing.locale if existing else locale):
        if existing is not None:
            subject = _("You already have a Concertation account")
            text = render_template(
                "accounts/email/invitation_existing.txt",
                user=existing,
                by=by,
                association_name=_association_name(row.association_id),
                login_link=_absolute("accounts.login"),
                reset_link=_absolute("accounts.forgotten_password"),
            )
        else:
            subject = _("Invitation to Concertation")
            text = render_template(
                "accounts/email/invitation.txt",
                link=_absolute("accounts.accept_invitation", token=token),
                by=by,
                days=days,
                association_name=_association_name(row.association_id),
            )
        send_email(row.email, subject, text)


def _association_name(association_id: int) -> str:
    from coordination.coalitions.models import Association

    return db.session.get(Association, association_id).name


def accept_invitation(row: AccountToken, name: str, password: str, locale: str = "fr") -> User:
    if not tokens.consume(row):
        raise AccountError(_("This invitation link has already been used."))
    if find_by_email(row.email):
        raise AccountError(_("This e-mail address already has an account."))
    return create_delegate(row.association_id, row.email, name, password, locale)


def request_password_reset(email: str) -> None:
    """Send a reset link if the account exists; say nothing either way (no enumeration).
    The lookup, the token and the e-mail all happen after the response, so the answer
    takes the same time for a known and an unknown address."""
    email = normalise_email(email)
    after_response(lambda: _send_reset(email))


def _send_reset(email: str) -> None:
    user = find_by_email(email)
    if user is None or not user.active:
        return
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    _row, token = tokens.issue("reset", user.email, timedelta(hours=hours), user_id=user.id)
    link = _absolute("accounts.reset_password", token=token)
    with force_locale(user.locale):
        send_email(
            user.email,
            _("Reset your Concertation password"),
            render_template("accounts/email/reset.txt", link=link, user=user, hours=hours),
        )


def reset_password(row: AccountToken, password: str) -> User:
    if not tokens.consume(row):
        raise AccountError(_("This link has already been used."))
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        raise AccountError(_("This link has already been used."))
    user.password_hash = hash_password(password)
    # A reset means the old password may be known to someone else: end every session.
    sessions.end_other_sessions(user, keep_key=None)
    return user


def change_password(user: User, current: str, new: str, keep_key: str | None) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError(_("The current password is not right."))
    user.password_hash = hash_password(new)
    sessions.end_other_sessions(user, keep_key=keep_key)


def change_email(user: User, current: str, email: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError(_("The current password is not right."))
    email = normalise_email(email)
    other = find_by_email(email)
    if other is not None and other.id != user.id:
        raise AccountError(_("This e-mail address already has an account."))
    user.email = email


def update_profile(user: User, name: str, phone: str, locale: str) -> None:
    user.name, user.phone, user.locale = name.strip(), phone.strip(), locale


def withdraw_delegate(by: User, delegate: User) -> None:
    """An association withdraws one of its own delegates; nobody else can."""
    if delegate.association_id != by.association_id:
        raise AccountError(_("You can only withdraw delegates of your own association."))
    if delegate.id == by.id:
        raise AccountError(_("You cannot withdraw yourself; ask a colleague."))
    deactivate(delegate)


def leave(user: User, password: str) -> None:
    """A delegate stops representing their association, on their own."""
    if not verify_password(user.password_hash, password):
        raise AccountError(_("The password is not right."))
    deactivate(user)


def deactivate(delegate: User) -> None:
    """At once: no login, no session, no link of theirs works any more (reset links are
    deleted; calendar feeds and answer links check `active`). Their personal data is
    erased after the retention period (accounts/retention.py)."""
    delegate.active = False
    delegate.withdrawn_at = utcnow()
    sessions.end_other_sessions(delegate, keep_key=None)
    db.session.execute(
        sa.delete(AccountToken).where(
            AccountToken.user_id == delegate.id, AccountToken.used_at.is_(None)
        )
    )


def colleagues(user: User) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.association_id == user.association_id)
            .order_by(User.active.desc(), User.name)
        )
    )


def pending_invitations(user: User) -> list[AccountToken]:
    return list(
        db.session.scalars(
            sa.select(AccountToken).where(
                AccountToken.purpose == "invite",
                AccountToken.association_id == user.association_id,
                AccountToken.used_at.is_(None),
                AccountToken.expires_at > utcnow(),
            )
        )
    )
