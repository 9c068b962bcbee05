"""Pure rules: staleness of contacts, overdue commitments."""

from datetime import date

import pytest

from coordination.commitments.deadlines import days_late, is_due_soon, is_overdue
from coordination.directory.freshness import add_months, is_stale, stale_cutoff, stale_since


@pytest.mark.parametrize(
    "checked, today, months, stale",
    [
        (date(2026, 1, 15), date(2026, 7, 14), 6, False),
        (date(2026, 1, 15), date(2026, 7, 15), 6, True),  # a full period has passed
        (date(2026, 1, 15), date(2026, 3, 15), 2, True),
        (date(2025, 8, 31), date(2026, 2, 27), 6, False),
        (date(2025, 8, 31), date(2026, 2, 28), 6, True),  # month end clamps
        (date(2026, 5, 1), date(2026, 5, 1), 1, False),
        (None, date(2026, 5, 1), 6, True),
    ],
)
def test_staleness(checked, today, months, stale):
    assert is_stale(checked, today, months) is stale


def test_month_arithmetic():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 3, 15), -6) == date(2025, 9, 15)
    assert add_months(date(2026, 12, 5), 1) == date(2027, 1, 5)
    assert stale_cutoff(date(2026, 7, 15), 6) == date(2026, 1, 15)
    assert stale_since(date(2026, 1, 15), 6) == date(2026, 7, 15)


@pytest.mark.parametrize(
    "due, status, overdue",
    [
        (date(2026, 1, 31), "pending", True),
        (date(2026, 2, 1), "pending", False),  # due today: not yet overdue
        (date(2026, 1, 31), "kept", False),
        (date(2026, 1, 31), "partial", False),
        (date(2026, 1, 31), "broken", False),
        (None, "pending", False),
    ],
)
def test_overdue(due, status, overdue):
    assert is_overdue(due, status, date(2026, 2, 1)) is overdue


def test_due_soon_and_days_late():
    today = date(2026, 2, 1)
    assert is_due_soon(date(2026, 2, 1), "pending", today)
    assert is_due_soon(date(2026, 3, 3), "pending", today)
    assert not is_due_soon(date(2026, 3, 4), "pending", today)
    assert not is_due_soon(date(2026, 2, 10), "kept", today)
    assert not is_due_soon(date(2026, 1, 31), "pending", today)
    assert days_late(date(2026, 1, 20), today) == 12
    assert days_late(date(2026, 2, 20), today) == 0


def test_cutoff_agrees_with_the_day_a_contact_becomes_stale():
    """The SQL filter (cutoff) and the per-contact rule never disagree, month ends included."""
    from datetime import timedelta

    start = date(2024, 1, 1)
    for offset in range(0, 800, 3):
        checked = start + timedelta(days=offset)
        for months in (1, 6, 13):
            became = stale_since(checked, months)
            for today in (became - timedelta(days=1), became, became + timedelta(days=1)):
                assert (checked <= stale_cutoff(today, months)) == (became <= today)
