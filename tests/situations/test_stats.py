"""Delays, percentiles, unresolved shares and the small-number rule: pure functions, edge
cases (open, reopened, same-day, unknown delay, empty, small)."""

from datetime import date, timedelta

import pytest

from coordination.situations import figures, stats
from coordination.situations.stats import Item

DAY = date(2027, 1, 1)


def item(opened=0, closed=None, outcome="resolved", *, institution=1, theme="ame", known=True):
    """opened and closed: days after DAY; closed None means still open."""
    return Item(
        id=0,
        association_id=1,
        theme=theme,
        institution_id=institution,
        office_id=None,
        opened_on=DAY + timedelta(days=opened),
        closed_on=None if closed is None else DAY + timedelta(days=closed),
        outcome=None if closed is None else outcome,
        delay_known=known,
    )


def test_delay_of_a_situation():
    assert stats.delay_days(DAY, DAY) == 0  # resolved the same day
    assert stats.delay_days(DAY, DAY + timedelta(days=21)) == 21
    assert stats.delay_days(DAY, None) is None  # still open (or reopened)


def test_delay_to_resolution_counts_resolutions_only():
    assert stats.resolution_delay(item(0, 10)) == 10
    assert stats.resolution_delay(item(0, 10, "partly")) == 10
    assert stats.resolution_delay(item(0, 0)) == 0
    for outcome in ("refused", "no_answer", "abandoned"):
        assert stats.resolution_delay(item(0, 10, outcome)) is None
    assert stats.resolution_delay(item(0)) is None  # open, or reopened
    assert stats.resolution_delay(item(0, 5, known=False)) is None  # carried-over note


def test_median_and_percentile():
    assert stats.median([]) is None and stats.percentile([], 90) is None
    assert stats.median([7]) == 7 and stats.percentile([7], 90) == 7
    assert stats.median([10, 20]) == 15
    assert stats.median([3, 1, 2]) == 2
    values = list(range(1, 11))  # 1..10
    assert stats.percentile(values, 90) == 9  # nearest rank: ceil(0.9 × 10) = 9th
    assert stats.percentile(values, 100) == 10
    assert stats.percentile(list(range(1, 12)), 90) == 10  # ceil(9.9) = 10th of 11
    assert stats.percentile([0, 0, 0, 40], 90) == 40


def test_reopened_then_closed_again_counts_from_the_first_opening():
    # A situation opened on day 0, closed on day 5, reopened, then resolved on day 30:
    # the operations keep opened_on and set the new closing date.
    assert stats.resolution_delay(item(0, 30)) == 30


def test_unresolved_after():
    today = DAY + timedelta(days=100)
    items = [
        item(0, 10),  # resolved within 30 and 90
        item(0, 45),  # resolved after 30, within 90
        item(0, 95),  # resolved after 90
        item(0, 5, "refused"),  # closed without a resolution: unresolved
        item(0),  # still open
        item(80),  # opened 20 days ago: not yet eligible for either
        item(5, 5),  # same-day resolution
    ]
    assert stats.unresolved_after(items, 30, today) == (4, 6)
    assert stats.unresolved_after(items, 90, today) == (3, 6)
    assert stats.unresolved_after([], 30, today) == (0, 0)


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "< 3"), (2, "< 3"), (3, 3), (14, 14)])
def test_small_numbers(count, shown):
    assert stats.protect(count) == shown


def test_shares_hide_small_parts_and_small_bases():
    assert stats.share(5, 10) == 50
    assert stats.share(0, 10) == 0
    assert stats.share(1, 10) is None  # a part of 1 would point to one situation
    assert stats.share(2, 2) is None
    assert stats.share(0, 0) is None


def test_figures_of_a_set():
    today = DAY + timedelta(days=200)
    items = [item(0, 21), item(0, 10), item(0, 40), item(0, 0), item(0)]
    items += [item(100, 110, institution=2, theme="rsa")]
    result = figures.compute(items, ["language", "language", "no_answer"], today)
    assert result.total == 6 and result.associations == 1
    assert result.by_theme == [("ame", 5), ("rsa", 1)]
    first, second = result.by_institution
    assert (first.key, first.count, first.resolved) == (1, 5, 4)
    assert first.median == 15.5 and first.p90 == 40 and first.shown
    assert (second.key, second.count, second.shown) == (2, 1, False)
    assert result.by_quarter == [("2027-T1", 5), ("2027-T2", 1)]
    assert result.obstacles == [("language", 2), ("no_answer", 1)]
    assert result.unresolved_30 == (2, 6)  # the open one and the one resolved on day 40


def test_figures_of_nothing():
    result = figures.compute([], [], DAY)
    assert result.total == 0 and result.by_institution == [] and result.overall.median is None
