"""Commitment deadlines: "overdue" and "due soon", computed, never stored.

A commitment is overdue when its due date has passed (the day after it) and it is still
pending: a kept, partially kept or broken commitment is settled and never overdue.
"""

from datetime import date, timedelta

PENDING, KEPT, PARTIAL, BROKEN = "pending", "kept", "partial", "broken"
STATUSES = (PENDING, KEPT, PARTIAL, BROKEN)
DUE_SOON_DAYS = 30


def is_overdue(due_on: date | None, status: str, today: date) -> bool:
    return status == PENDING and due_on is not None and due_on < today


def is_due_soon(due_on: date | None, status: str, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Pending and due within the next `days` days (today included)."""
    return status == PENDING and due_on is not None and today <= due_on <= today + timedelta(days)


def days_late(due_on: date | None, today: date) -> int:
    return max((today - due_on).days, 0) if due_on else 0
