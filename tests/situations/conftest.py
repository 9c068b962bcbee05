"""Situations fixtures: the directory fixture (a collectif with an institution, an office
and a contact) and a helper recording situations directly through the operations."""

from datetime import timedelta

import pytest

from coordination.situations import operations
from coordination.timezone import local_today
from tests.directory.conftest import Directory, directory, world  # noqa: F401  (fixtures)


@pytest.fixture
def record(directory):  # noqa: F811
    """record(theme=..., opened=days ago, closed=days ago or None, outcome=..., by=...)."""

    def _record(
        theme="ame",
        *,
        opened=30,
        closed=None,
        outcome="resolved",
        by=None,
        obstacles=(),
        office=True,
        summary="",
    ):
        today = local_today()
        by = by or directory.member
        situation = operations.record_situation(
            directory.coalition,
            by=by,
            theme=theme,
            institution_id=directory.institution.id,
            office_id=directory.office.id if office else None,
            opened_on=today - timedelta(days=opened),
            obstacles=obstacles,
            summary=summary,
        )
        if closed is not None:
            operations.close_situation(
                situation, by=by, outcome=outcome, closed_on=today - timedelta(days=closed)
            )
        return situation

    return _record
