"""The meeting pack's chapter on statements awaiting sign-off (registered with
meetings.sections.register_pack_section): each statement under consultation in the
coalition, with the text submitted for sign-off, so the meeting can discuss it on paper."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from coordination.coalitions.models import MEMBER
from coordination.consent.models import Decision
from coordination.db import columns_of, read_rows
from coordination.statements.models import CONSULTATION, Statement, StatementRevision

TITLE = _l("Statements awaiting sign-off")


@dataclass(slots=True)
class AwaitingText:
    id: int
    title: str
    recipient: str | None
    purpose: str | None
    number: int
    body_html: Markup
    deadline: datetime | None


@cache
def _statement():
    return (
        sa.select(
            Statement.id,
            *columns_of(StatementRevision, "title recipient purpose number body_html"),
            Decision.deadline,
        )
        .join(
            StatementRevision,
            sa.and_(
                StatementRevision.statement_id == Statement.id,
                StatementRevision.number
                == sa.func.coalesce(Statement.frozen_number, Statement.current_number),
            ),
        )
        .outerjoin(Decision, Decision.id == Statement.decision_id)
        .where(
            Statement.coalition_id == sa.bindparam("coalition_id"),
            Statement.status == CONSULTATION,
        )
        .order_by(Decision.deadline, Statement.id)
    )


def awaiting(coalition_id: int) -> list[AwaitingText]:
    """Statements under consultation with the text submitted (one query)."""
    return [
        AwaitingText(
            row.id,
            row.title,
            row.recipient,
            row.purpose,
            row.number,
            Markup(row.body_html),  # noqa: S704 - the sanitiser's stored output
            row.deadline,
        )
        for row in read_rows(_statement(), {"coalition_id": coalition_id})
    ]


def pack_section(coalition, meeting) -> dict | None:
    """Members only: the texts are the coalition's own positions."""
    if coalition.viewer_role != MEMBER:
        return None
    return {"statements": awaiting(coalition.id)}
