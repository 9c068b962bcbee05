"""The scheduled jobs, as plain functions: run them from the scheduler, a command or a test.

Each step commits on its own and a failing step is logged and rolled back without
stopping the next ones (a template error in one reminder kind must not hold up the
e-mails of the others).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from coordination.accounts.retention import RetentionReport, purge_expired
from coordination.consent import service as consent
from coordination.db import utcnow
from coordination.extensions import db
from coordination.notifications.delivery import DeliveryReport, deliver_due
from coordination.notifications.digests import build_digests
from coordination.notifications.operations import collect_due
from coordination.notifications.registry import DAILY, FREQUENT

log = logging.getLogger("coordination.notifications")


@dataclass
class SweepReport:
    settled: int = 0
    created: int = 0
    digests: int = 0
    delivery: DeliveryReport = field(default_factory=DeliveryReport)
    failed_steps: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.settled} decision(s) settled, {self.created} notification(s) created, "
            f"{self.digests} digest(s) built; e-mails: {self.delivery}"
        )
        if self.failed_steps:
            text += f"; failed steps: {', '.join(self.failed_steps)}"
        return text


# Housekeeping that features run once a day (e.g. answers: purge expired answer links),
# each as its own step: name -> fn(now).
_daily_steps: dict[str, Callable[[datetime], object]] = {}


def register_daily_step(name: str, fn: Callable[[datetime], object]) -> None:
    _daily_steps[name] = fn


def _step(report: SweepReport, name: str, fn, *args, **kwargs):
    try:
        result = fn(*args, **kwargs)
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        log.exception("notifications: step %s failed", name)
        report.failed_steps.append(name)
        return None


def sweep(now: datetime | None = None, *, worker: str | None = None) -> SweepReport:
    """Every few minutes: settle due decisions, create due reminders, build the day's
    digests once their hour has come, send what is due."""
    now = now or utcnow()
    report = SweepReport()
    report.settled = _step(report, "settle", consent.settle_due, now) or 0
    report.created = _step(report, "collect", collect_due, now, FREQUENT) or 0
    report.digests = _step(report, "digests", build_digests, now) or 0
    report.delivery = _step(report, "deliver", deliver_due, now, worker=worker) or DeliveryReport()
    return report


def daily(now: datetime | None = None, *, worker: str | None = None) -> SweepReport:
    """Once a day: the slow reminder kinds (e.g. contacts not checked for months)."""
    now = now or utcnow()
    report = SweepReport()
    report.created = _step(report, "collect daily", collect_due, now, DAILY) or 0
    for name, fn in _daily_steps.items():
        _step(report, name, fn, now)
    report.delivery = _step(report, "deliver", deliver_due, now, worker=worker) or DeliveryReport()
    return report


def digest(
    now: datetime | None = None, *, worker: str | None = None, force: bool = False
) -> SweepReport:
    """At the digest hour: build each delegate's digest of the day and send it."""
    now = now or utcnow()
    report = SweepReport()
    report.digests = _step(report, "digests", build_digests, now, force=force) or 0
    report.delivery = _step(report, "deliver", deliver_due, now, worker=worker) or DeliveryReport()
    return report


def retention(now: datetime | None = None, *, worker: str | None = None) -> RetentionReport:
    """Once a day: delete what is past its retention period, erase withdrawn delegates'
    data once theirs has passed (accounts/retention.py). Under the scheduler's lock, so
    one process runs it; running it twice deletes nothing more."""
    report = purge_expired(now or utcnow())
    db.session.commit()
    return report
