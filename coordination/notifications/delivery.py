"""Sending the e-mails exactly once, however many sweeps run at the same time.

1. Claim: in one short transaction, pick due deliveries (pending and due, or `sending`
   whose lease expired because the sweep that claimed them died) with
   `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite's BEGIN IMMEDIATE serialises
   the claim instead), mark them `sending` with a lease, the worker's name and one more
   attempt; commit.
2. Compose the messages (database reads, and the answer links they carry: see
   coordination/answers), then end that transaction: no lock is held while talking to
   the SMTP server.
3. Send each message, then record the result in its own transaction: `sent`, or back to
   `pending` with an exponential back-off, or `failed` after the last attempt or a
   permanent refusal. The update is fenced on (status, worker, attempt): a sweep that
   lost its lease cannot overwrite the new owner's result.

A `sent` delivery is never claimed again. A sweep that dies after claiming leaves its
deliveries `sending`; once their lease expires the next sweep takes them over. The only
window for a duplicate is a crash between the SMTP server accepting a message and step 3
committing; the Message-ID is deterministic, so mail clients recognise such a copy.

Unlike operations, these functions commit: each step must be durable on its own.
"""

import logging
import smtplib
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from coordination.accounts.models import User
from coordination.db import utcnow
from coordination.extensions import db
from coordination.notifications.mail import compose
from coordination.notifications.models import (
    CANCELLED,
    FAILED,
    PENDING,
    SENDING,
    SENT,
    EmailDelivery,
    Notification,
)
from coordination.web.outbox import open_transport

log = logging.getLogger("coordination.notifications")


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{uuid.uuid4().hex[:12]}"


def _config(name: str):
    return current_app.config[name]


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: base, 2×base, 4×base… (attempts counts tries so far)."""
    base = _config("NOTIFICATIONS_RETRY_SECONDS")
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    lost_leases: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retried} to retry, {self.failed} failed, "
            f"{self.cancelled} cancelled"
        )


def give_up_expired(now: datetime) -> int:
    """Deliveries whose sweep died on the last allowed attempt are not tried again."""
    result = db.session.execute(
        sa.update(EmailDelivery)
        .where(
            EmailDelivery.status == SENDING,
            EmailDelivery.lease_until <= now,
            EmailDelivery.attempts >= _config("NOTIFICATIONS_MAX_ATTEMPTS"),
        )
        .values(status=FAILED, lease_until=None, last_error="the sending sweep stopped")
    )
    db.session.commit()
    return result.rowcount


def claim(now: datetime, worker: str, limit: int) -> list[tuple[int, int]]:
    """Take up to `limit` due deliveries for this worker; returns (id, attempt) pairs."""
    due = sa.or_(
        sa.and_(EmailDelivery.status == PENDING, EmailDelivery.next_attempt_at <= now),
        sa.and_(EmailDelivery.status == SENDING, EmailDelivery.lease_until <= now),
    )
    rows = db.session.execute(
        sa.select(EmailDelivery.id, EmailDelivery.attempts)
        .where(due)
        .order_by(EmailDelivery.next_attempt_at, EmailDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not rows:
        db.session.commit()
        return []
    lease = timedelta(seconds=_config("NOTIFICATIONS_SEND_LEASE_SECONDS"))
    db.session.execute(
        sa.update(EmailDelivery)
        .where(EmailDelivery.id.in_([r.id for r in rows]))
        .values(
            status=SENDING,
            lease_until=max(now, utcnow()) + lease,  # from the claim, even late in a run
            claimed_by=worker,
            attempts=EmailDelivery.attempts + 1,
        )
    )
    db.session.commit()
    return [(r.id, r.attempts + 1) for r in rows]


def _compose_all(claimed: list[tuple[int, int]]) -> list[tuple[int, int, object, str]]:
    """(id, attempt, message or None when there is nothing to send, error text)."""
    ids = [delivery_id for delivery_id, _attempt in claimed]
    deliveries = {
        d.id: d
        for d in db.session.scalars(sa.select(EmailDelivery).where(EmailDelivery.id.in_(ids)))
    }
    users = {
        u.id: u
        for u in db.session.scalars(
            sa.select(User).where(User.id.in_({d.user_id for d in deliveries.values()}))
        )
    }
    grouped: dict[int, list[Notification]] = {}
    for n in db.session.scalars(
        sa.select(Notification)
        .where(Notification.delivery_id.in_(ids))
        .order_by(Notification.created_at, Notification.id)
    ):
        grouped.setdefault(n.delivery_id, []).append(n)
    result = []
    for delivery_id, attempt in claimed:
        delivery = deliveries[delivery_id]
        user = users.get(delivery.user_id)
        notifications = grouped.get(delivery_id, [])
        if user is None or not user.active or not notifications:
            result.append((delivery_id, attempt, None, "no active recipient or nothing to say"))
            continue
        try:
            result.append((delivery_id, attempt, compose(delivery, user, notifications), ""))
        except Exception as error:  # a template error must not stop the other messages
            log.exception("could not compose delivery %s", delivery_id)
            result.append((delivery_id, attempt, error, f"compose: {error!r}"))
    return result


def _finish(delivery_id: int, attempt: int, worker: str, **values) -> bool:
    """Record the outcome if this worker still owns the claim; commit at once."""
    result = db.session.execute(
        sa.update(EmailDelivery)
        .where(
            EmailDelivery.id == delivery_id,
            EmailDelivery.status == SENDING,
            EmailDelivery.claimed_by == worker,
            EmailDelivery.attempts == attempt,
        )
        .values(lease_until=None, **values)
    )
    db.session.commit()
    return result.rowcount == 1


def _about_this_message(error: Exception) -> bool:
    """The server refused this message (its recipient, its content); anything else
    (connection, TLS, login, a refused sender) is about the server or our settings."""
    return isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)


def _is_permanent(error: Exception) -> bool:
    """A 5xx refusal of this message will not change by retrying (unknown mailbox)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def _failure(now: datetime, attempt: int, error: Exception) -> dict:
    text = f"{type(error).__name__}: {error}"[:2000]
    if _is_permanent(error) or attempt >= _config("NOTIFICATIONS_MAX_ATTEMPTS"):
        return {"status": FAILED, "last_error": text}
    return {"status": PENDING, "next_attempt_at": now + backoff(attempt), "last_error": text}


def _record(report: DeliveryReport, delivery_id: int, attempt: int, worker: str, outcome: dict):
    if not _finish(delivery_id, attempt, worker, **outcome):
        report.lost_leases += 1
        log.warning("delivery %s: lease lost before recording the result", delivery_id)
    elif outcome["status"] == SENT:
        report.sent += 1
    elif outcome["status"] == PENDING:
        report.retried += 1
        report.errors.append(outcome["last_error"])
    elif outcome["status"] == CANCELLED:
        report.cancelled += 1
    else:
        report.failed += 1
        report.errors.append(outcome["last_error"])


def _send_batch(transport, messages, now, worker, report) -> bool:
    """Send a claimed batch; False when the server is unreachable (the rest of the batch
    is put back for a later attempt, and the run stops)."""
    for index, (delivery_id, attempt, msg, note) in enumerate(messages):
        if msg is None:
            _record(report, delivery_id, attempt, worker, {"status": CANCELLED, "last_error": note})
            continue
        if isinstance(msg, Exception):
            _record(report, delivery_id, attempt, worker, _failure(now, attempt, msg))
            continue
        try:
            transport.send(msg)
        except (smtplib.SMTPException, OSError) as error:
            log.warning("delivery %s attempt %s failed: %s", delivery_id, attempt, error)
            _record(report, delivery_id, attempt, worker, _failure(now, attempt, error))
            if not _about_this_message(error):
                for later_id, later_attempt, _m, _n in messages[index + 1 :]:
                    outcome = _failure(now, later_attempt, error)
                    _record(report, later_id, later_attempt, worker, outcome)
                return False
            continue
        sent = {
            "status": SENT,
            "sent_at": utcnow(),
            "message_id": str(msg["Message-ID"]),
            "last_error": "",
        }
        _record(report, delivery_id, attempt, worker, sent)
    return True


def deliver_due(
    now: datetime | None = None, *, worker: str | None = None, limit: int | None = None
) -> DeliveryReport:
    """Send every due e-mail, batch after batch, until none is left or the server fails."""
    now = now or utcnow()
    worker = worker or worker_name()
    limit = limit or _config("NOTIFICATIONS_BATCH")
    report = DeliveryReport()
    report.failed += give_up_expired(now)
    with open_transport() as transport:
        while claimed := claim(now, worker, limit):
            messages = _compose_all(claimed)
            db.session.commit()  # end the read transaction: no lock held during SMTP
            if not _send_batch(transport, messages, now, worker, report):
                break
    if report.sent or report.retried or report.failed:
        log.info("deliveries: %s", report)
    return report
