"""What a set of situations adds up to: counts by theme, institution, office and quarter,
delays to resolution per institution, unresolved shares, most frequent obstacles.

`compute` is pure (rows in, a `Figures` out); reads.py loads the rows in a fixed number of
queries. Counts are kept exact here; what leaves the detail pages goes through
`stats.protect` (templates: the `small` filter; exports; citations).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from coordination.situations import stats
from coordination.situations.stats import Item

OBSTACLES_SHOWN = 8


@dataclass(slots=True)
class Delays:
    key: int | str | None
    count: int  # situations
    resolved: int  # situations resolved (with a known delay)
    median: float | None
    p90: float | None

    @property
    def median_days(self) -> int | None:
        """The median in whole days, halves rounded up (32.5 days: 33)."""
        return None if self.median is None else int(self.median + 0.5)

    @property
    def shown(self) -> bool:
        """Delays are shown only when computed from at least 3 resolved situations."""
        return self.resolved >= stats.SMALL


@dataclass(slots=True)
class Figures:
    total: int = 0
    associations: int = 0
    by_theme: list[tuple[str, int]] = field(default_factory=list)
    by_institution: list[Delays] = field(default_factory=list)
    by_quarter: list[tuple[str, int]] = field(default_factory=list)
    obstacles: list[tuple[str, int]] = field(default_factory=list)
    unresolved_30: tuple[int, int] = (0, 0)
    unresolved_90: tuple[int, int] = (0, 0)
    overall: Delays | None = None

    @property
    def biggest(self) -> int:
        """The largest count of the bar charts (their scale)."""
        counts = [c for _k, c in self.by_theme] + [d.count for d in self.by_institution]
        return max(counts, default=0)


def delays_of(key, items: list[Item]) -> Delays:
    values = stats.resolution_delays(items)
    return Delays(key, len(items), len(values), stats.median(values), stats.percentile(values, 90))


def quarter_of(day: date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def compute(items: list[Item], obstacle_codes: list[str], today: date) -> Figures:
    """The figures of `items`; `obstacle_codes` holds one code per obstacle met."""
    if not items:
        return Figures(overall=delays_of(None, []))
    per_institution: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        per_institution[item.institution_id].append(item)
    themes = Counter(i.theme for i in items)
    quarters = Counter(quarter_of(i.opened_on) for i in items)
    return Figures(
        total=len(items),
        associations=len({i.association_id for i in items if i.association_id is not None}),
        by_theme=sorted(themes.items(), key=lambda kv: (-kv[1], kv[0])),
        by_institution=sorted(
            (delays_of(k, v) for k, v in per_institution.items()),
            key=lambda d: (-d.count, d.key),
        ),
        by_quarter=sorted(quarters.items()),
        obstacles=Counter(obstacle_codes).most_common(OBSTACLES_SHOWN),
        unresolved_30=stats.unresolved_after(items, 30, today),
        unresolved_90=stats.unresolved_after(items, 90, today),
        overall=delays_of(None, items),
    )


def per_office(items: list[Item]) -> dict[int, Delays]:
    """Delays per office (the directory's office page shows its line)."""
    grouped: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.office_id is not None:
            grouped[item.office_id].append(item)
    return {office: delays_of(office, rows) for office, rows in grouped.items()}
