"""When is a contact "stale"? Pure date arithmetic, shared by Python and SQL filters.

A contact is stale when a full period of `months` has passed since it was last checked
(or added, which counts as a check): checked on 15 January with a 6-month period, it is
stale from 15 July. Month ends clamp (checked 31 August → stale from 28 or 29 February).
The same `stale_cutoff` date serves the lists' SQL filter (`last_checked_on <= cutoff`),
so that a page and a count never disagree.
"""

import calendar
from datetime import date

from coordination.timezone import add_months


def stale_cutoff(today: date, months: int) -> date:
    """Contacts last checked on or before this date are stale: the last day `d` with
    `add_months(d, months) <= today` (on a month's last day, the whole month `months`
    earlier qualifies, e.g. 28 February 2026 → 31 August 2025 for 6 months)."""
    earlier = add_months(today, -months)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        return earlier.replace(day=calendar.monthrange(earlier.year, earlier.month)[1])
    return earlier


def is_stale(last_checked_on: date | None, today: date, months: int) -> bool:
    if last_checked_on is None:
        return True
    return last_checked_on <= stale_cutoff(today, months)


def stale_since(last_checked_on: date, months: int) -> date:
    """The day a contact becomes (or became) stale."""
    return add_months(last_checked_on, months)
