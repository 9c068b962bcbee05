"""How long what the platform records about people is kept, and the job that deletes it.

Periods (the settings page states them):
- who opened a contact's details (contact_access): the coalition's `access_log_months`,
  12 by default, the CNIL's usual guidance for access logs;
- notifications (and the e-mails that carried them): the coalition's
  `notification_months`, 6 by default (reminders are about decisions of the coming
  weeks); notifications outside any coalition follow that default;
- login events (login_attempt): LOGIN_EVENT_DAYS, 90 by default, one period for the whole
  platform since an account may be in several coalitions (throttling needs 90 days);
- a withdrawn delegate: the account is off at once (accounts.operations.withdraw_delegate);
  their personal data is erased once the longest access-log period of their
  association's coalitions has passed since the withdrawal (the records naming them are
  kept that long), and the name then reads "ancien·ne délégué·e de <association>".

`purge_expired(now)` is the job (run daily by the scheduler, under its database lock, so
once; deleting what is past its period twice deletes nothing more). It flushes; the
caller commits.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from coordination.accounts.models import LoginAttempt, User
from coordination.coalitions.models import Coalition, Membership
from coordination.db import utcnow
from coordination.extensions import db
from coordination.timezone import add_months

NO_PASSWORD = "!"  # noqa: S105 - never a valid Argon2 hash: no password opens it
DEFAULT_ACCESS_LOG_MONTHS = 12
DEFAULT_NOTIFICATION_MONTHS = 6
# A withdrawn delegate's own rows, deleted at erasure (by table name: the tables belong
# to other features, which the accounts do not import). Everything else that names them
# is the coalition's record and stays, under the "former delegate" name.
PERSONAL_TABLES = (
    "user_session",
    "account_token",
    "second_factor",
    "recovery_code",
    "calendar_feed",
    "notification",
    "notification_setting",
    "notification_preference",
    "email_delivery",
    "answer_link",
)
# Tables whose user id is deleted with the user by the database (ON DELETE CASCADE) but
# which are the coalition's record, not the delegate's own data: kept at erasure.
KEPT_RECORDS = {
    "attendance": "who came to a meeting is part of its minutes",
    "contact_import": "an import of the directory's contacts, the coalition's data",
}


@dataclass
class RetentionReport:
    access_logs: int = 0
    notifications: int = 0
    login_events: int = 0
    erased: int = 0

    def __str__(self) -> str:
        return (
            f"{self.access_logs} access log entries, {self.notifications} notifications, "
            f"{self.login_events} login events deleted; {self.erased} withdrawn delegates erased"
        )


def _months_before(now: datetime, months: int) -> datetime:
    day = add_months(now.date(), -months)
    return now.replace(year=day.year, month=day.month, day=day.day)


def _table(name: str) -> sa.Table:
    return db.metadata.tables[name]


def _per_coalition(table: sa.Table, at: sa.Column, months_column, now: datetime) -> int:
    deleted = 0
    for coalition_id, months in db.session.execute(sa.select(Coalition.id, months_column)):
        deleted += db.session.execute(
            sa.delete(table).where(
                table.c.coalition_id == coalition_id, at < _months_before(now, months)
            )
        ).rowcount
    return deleted


def purge_expired(now: datetime | None = None) -> RetentionReport:
    now = now or utcnow()
    report = RetentionReport()
    access = _table("contact_access")
    report.access_logs = _per_coalition(access, access.c.at, Coalition.access_log_months, now)
    notification = _table("notification")
    report.notifications = _per_coalition(
        notification, notification.c.created_at, Coalition.notification_months, now
    )
    report.notifications += db.session.execute(
        sa.delete(notification).where(
            notification.c.coalition_id.is_(None),
            notification.c.created_at < _months_before(now, DEFAULT_NOTIFICATION_MONTHS),
        )
    ).rowcount
    delivery = _table("email_delivery")
    db.session.execute(  # e-mails done with, older than any notification kept
        sa.delete(delivery).where(
            delivery.c.status.in_(("sent", "failed", "cancelled")),
            delivery.c.created_at < _months_before(now, DEFAULT_NOTIFICATION_MONTHS),
            ~sa.exists().where(notification.c.delivery_id == delivery.c.id),
        )
    )
    days = current_app.config["LOGIN_EVENT_DAYS"]
    report.login_events = db.session.execute(
        sa.delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=days))
    ).rowcount
    report.erased = erase_withdrawn(now)
    return report


def erasure_months(association_id: int) -> int:
    """How long after a withdrawal the delegate's data is kept: the longest access-log
    period of the coalitions their association is (or was) in."""
    months = db.session.scalar(
        sa.select(sa.func.max(Coalition.access_log_months))
        .join(Membership, Membership.coalition_id == Coalition.id)
        .where(Membership.association_id == association_id)
    )
    return months or DEFAULT_ACCESS_LOG_MONTHS


def erase_withdrawn(now: datetime | None = None) -> int:
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(User).where(
            User.active.is_(False), User.withdrawn_at.is_not(None), User.erased_at.is_(None)
        )
    ).all()
    erased = 0
    for user in candidates:
        if user.withdrawn_at < _months_before(now, erasure_months(user.association_id)):
            erase(user, now)
            erased += 1
    return erased


def former_name(association_name: str) -> str:
    """What the coalition's records show in place of an erased delegate's name. Written
    into the name itself, so that every page, PDF, export and search that shows a name
    shows this one, with no rule to remember per template (in French, the platform's
    language: the records are the coalition's, not read only in one delegate's language)."""
    return f"ancien·ne délégué·e de {association_name}"[:120]


def erase(user: User, now: datetime | None = None) -> None:
    """Erase a withdrawn delegate's personal data; keep the coalition's records."""
    now = now or utcnow()
    old_email = user.email
    for name in PERSONAL_TABLES:
        table = _table(name)
        db.session.execute(sa.delete(table).where(table.c.user_id == user.id))
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.email == old_email))
    user.name = former_name(user.association.name)
    user.email = f"erased-{user.id}@erased.invalid"
    user.phone = ""
    user.password_hash = NO_PASSWORD
    user.active = False
    user.erased_at = now
    db.session.flush()
