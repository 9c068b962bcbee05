"""Meeting fixtures: a world of three member associations, and a meeting factory."""

from datetime import UTC, datetime, timedelta

import pytest

from coordination.db import utcnow
from coordination.meetings import operations


@pytest.fixture
def world(make):
    return make.world(n_members=3)


@pytest.fixture
def plan(db):
    """plan(coalition, by, days=20, **fields) -> a planned meeting `days` from now."""

    def _plan(coalition, by, days=20, **fields):
        fields.setdefault("starts_at", (utcnow() + timedelta(days=days)).replace(microsecond=0))
        fields.setdefault("duration_minutes", 120)
        return operations.plan_meeting(coalition, by, **fields)

    return _plan


def at(year, month, day, hour=14, minute=0):
    """A UTC datetime, for readability."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
