"""Delays and their summaries: pure functions (no database, no request), tested alone.

- The delay of a situation is the number of days from its opening to its closing
  (same-day resolution: 0). A reopened situation is open again: it has no delay until it
  is closed again, and then its delay runs from the first opening (the person waited all
  that time).
- The delay *to resolution* only counts situations closed as resolved, wholly or in part,
  whose delay is known (notes carried over without a number of days are left out).
- Median: the middle value, or the mean of the two middle ones. 90th percentile: the
  nearest-rank value (the smallest delay that at least 90 % of the delays do not exceed).
- "Still unresolved after N days": among the situations opened at least N days before the
  reference day, those not resolved within N days (still open, closed later, or closed
  without a resolution).
- Small numbers: any count below 3 is shown as "< 3" (`protect`), and what is computed
  from fewer than 3 situations is not shown at all (`is_small`).
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from coordination.situations.vocabulary import RESOLUTIONS

SMALL = 3
SMALL_LABEL = "< 3"


class Item(NamedTuple):
    """What the figures need of one situation."""

    id: int
    association_id: int | None
    theme: str
    institution_id: int
    office_id: int | None
    opened_on: date
    closed_on: date | None
    outcome: str | None
    delay_known: bool = True


def delay_days(opened_on: date, closed_on: date | None) -> int | None:
    if closed_on is None:
        return None
    return max((closed_on - opened_on).days, 0)


def resolution_delay(item: Item) -> int | None:
    """Days to resolution, or None when not (yet) resolved or the delay is unknown."""
    if item.outcome not in RESOLUTIONS or not item.delay_known:
        return None
    return delay_days(item.opened_on, item.closed_on)


def resolution_delays(items: Iterable[Item]) -> list[int]:
    return [d for d in (resolution_delay(i) for i in items) if d is not None]


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (0 < q <= 100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def resolved_within(item: Item, days: int) -> bool:
    delay = delay_days(item.opened_on, item.closed_on)
    return item.outcome in RESOLUTIONS and delay is not None and delay <= days


def unresolved_after(items: Iterable[Item], days: int, today: date) -> tuple[int, int]:
    """(situations not resolved within `days`, situations opened at least `days` ago)."""
    eligible = [i for i in items if (today - i.opened_on).days >= days]
    return sum(1 for i in eligible if not resolved_within(i, days)), len(eligible)


def is_small(count: int) -> bool:
    return 0 < count < SMALL


def protect(count: int) -> int | str:
    """The one rule for counts leaving the detail pages: fewer than 3 shows as "< 3"
    (the count itself otherwise, a number for spreadsheets)."""
    return SMALL_LABEL if is_small(count) else count


def share(part: int, whole: int) -> int | None:
    """A whole percentage, or None when the base is empty or too small to show."""
    if whole == 0 or is_small(whole) or is_small(part):
        return None
    return round(100 * part / whole)
