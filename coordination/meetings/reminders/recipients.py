"""Who a meetings reminder goes to: the associations taking part in a meeting and
their active delegates, in a fixed number of queries; the start time in occasion keys."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import MEMBER, Membership
from coordination.extensions import db
from coordination.meetings.access import still_guest
from coordination.meetings.models import MeetingGuest
from coordination.notifications.registry import user_ids_by


def stamp(moment: datetime) -> str:
    """A start time in an occasion key (UTC: unambiguous on the night clocks go back)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


# --- who is reminded --------------------------------------------------------------------


def participants(meetings: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """{meeting id: ids of the associations taking part} for (meeting id, coalition id)
    pairs: the coalition's member associations, and the guest associations invited to
    that meeting that are still guests of the coalition. Two queries."""
    pairs = list(meetings)
    if not pairs:
        return {}
    members: dict[int, set[int]] = defaultdict(set)
    for coalition_id, association_id in db.session.execute(
        sa.select(Membership.coalition_id, Membership.association_id).where(
            Membership.coalition_id.in_({c for _m, c in pairs}),
            Membership.role == MEMBER,
            Membership.is_current,
        )
    ):
        members[coalition_id].add(association_id)
    guests: dict[int, set[int]] = defaultdict(set)
    for meeting_id, association_id in db.session.execute(
        sa.select(MeetingGuest.meeting_id, MeetingGuest.association_id)
        .join(Membership, still_guest())
        .where(MeetingGuest.meeting_id.in_({m for m, _c in pairs}))
    ):
        guests[meeting_id].add(association_id)
    return {m: members[c] | guests[m] for m, c in pairs}


def delegates_by_association(association_ids: Iterable[int]) -> dict[int, list[int]]:
    """{association id: its active delegates' user ids}. One query (none if empty)."""
    return user_ids_by(
        association_ids,
        lambda ids: (
            sa.select(User.association_id, User.id)
            .where(User.association_id.in_(ids), User.active.is_(True))
            .order_by(User.id)
        ),
    )


def _users_of(associations: Iterable[int], delegates: dict[int, list[int]]) -> list[int]:
    return sorted({u for a in associations for u in delegates.get(a, ())})
