"""Every query of the situations feature, each a fixed number of statements whatever the
number of situations (the pages' query counts are tested)."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import Association
from coordination.directory.models import Contact, Institution, Office
from coordination.extensions import db
from coordination.situations.models import (
    Situation,
    SituationObstacle,
    SituationStep,
    SituationTerm,
)
from coordination.situations.stats import Item
from coordination.situations.vocabulary import OBSTACLE, OBSTACLES, THEME, THEMES


@dataclass(frozen=True, slots=True)
class Filters:
    """What the figures are narrowed to: a period of opening, a theme, an institution."""

    start: date | None = None
    end: date | None = None
    theme: str | None = None
    institution_id: int | None = None

    def conditions(self) -> list:
        found = []
        if self.start is not None:
            found.append(Situation.opened_on >= self.start)
        if self.end is not None:
            found.append(Situation.opened_on <= self.end)
        if self.theme:
            found.append(Situation.theme == self.theme)
        if self.institution_id:
            found.append(Situation.institution_id == self.institution_id)
        return found

    def as_args(self) -> dict:
        """The query-string form (the link back from a citation, the export links)."""
        args = {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "theme": self.theme,
            "institution": self.institution_id,
        }
        return {k: v for k, v in args.items() if v}


_ITEM_COLUMNS = (
    Situation.id,
    Situation.association_id,
    Situation.theme,
    Situation.institution_id,
    Situation.office_id,
    Situation.opened_on,
    Situation.closed_on,
    Situation.outcome,
    Situation.delay_known,
)


def items(coalition_id: int, filters: Filters = Filters()) -> list[Item]:
    stmt = sa.select(*_ITEM_COLUMNS).where(
        Situation.coalition_id == coalition_id, *filters.conditions()
    )
    return [Item(*row) for row in db.session.execute(stmt)]


def obstacle_codes(coalition_id: int, filters: Filters = Filters()) -> list[str]:
    stmt = (
        sa.select(SituationObstacle.code)
        .join(Situation, Situation.id == SituationObstacle.situation_id)
        .where(Situation.coalition_id == coalition_id, *filters.conditions())
    )
    return list(db.session.scalars(stmt))


def office_items(office_id: int) -> list[Item]:
    return [
        Item(*row)
        for row in db.session.execute(
            sa.select(*_ITEM_COLUMNS).where(Situation.office_id == office_id)
        )
    ]


class Vocabulary(NamedTuple):
    themes: dict  # code -> label, the built-in ones first
    obstacles: dict


def vocabulary(coalition_id: int) -> Vocabulary:
    """The collectif's lists: the built-in themes and obstacles and its own additions."""
    themes, obstacles = dict(THEMES), dict(OBSTACLES)
    rows = db.session.execute(
        sa.select(SituationTerm.kind, SituationTerm.code, SituationTerm.label)
        .where(SituationTerm.coalition_id == coalition_id)
        .order_by(SituationTerm.label)
    )
    for kind, code, label in rows:
        {THEME: themes, OBSTACLE: obstacles}[kind][code] = label
    return Vocabulary(themes, obstacles)


def own_terms(coalition_id: int, kind: str) -> list[SituationTerm]:
    return list(
        db.session.scalars(
            sa.select(SituationTerm)
            .where(SituationTerm.coalition_id == coalition_id, SituationTerm.kind == kind)
            .order_by(SituationTerm.id)
        )
    )


def office_in(coalition_id: int, institution_id: int, office_id: int) -> bool:
    office = db.session.get(Office, office_id)
    return (
        office is not None
        and office.coalition_id == coalition_id
        and office.institution_id == institution_id
    )


def contact_in(coalition_id: int, institution_id: int, contact_id: int) -> bool:
    contact = db.session.get(Contact, contact_id)
    return (
        contact is not None
        and contact.coalition_id == coalition_id
        and contact.institution_id == institution_id
        and contact.erased_at is None
    )


class Line(NamedTuple):
    """A situation in the list: who follows it, with whom, since when, how it ended."""

    id: int
    theme: str
    opened_on: date
    outcome: str | None
    closed_on: date | None
    institution: str
    office: str | None
    association_id: int | None
    association: str | None
    followed_by: str | None


_Followed = sa.orm.aliased(User)


def listing(coalition_id: int, *, state: str | None = None, association_id: int | None = None):
    """The statement of the list page (paged by the view): open ones first, newest first."""
    stmt = (
        sa.select(
            Situation.id,
            Situation.theme,
            Situation.opened_on,
            Situation.outcome,
            Situation.closed_on,
            Institution.name.label("institution"),
            Office.name.label("office"),
            Situation.association_id,
            Association.short_name.label("association"),
            _Followed.name.label("followed_by"),
        )
        .join(Institution, Institution.id == Situation.institution_id)
        .outerjoin(Office, Office.id == Situation.office_id)
        .outerjoin(Association, Association.id == Situation.association_id)
        .outerjoin(_Followed, _Followed.id == Situation.followed_by_id)
        .where(Situation.coalition_id == coalition_id)
        .order_by(Situation.outcome.is_not(None), Situation.opened_on.desc(), Situation.id.desc())
    )
    if state == "open":
        stmt = stmt.where(Situation.outcome.is_(None))
    elif state == "closed":
        stmt = stmt.where(Situation.outcome.is_not(None))
    if association_id:
        stmt = stmt.where(Situation.association_id == association_id)
    return stmt


def page_of(stmt, page: int, size: int) -> tuple[list[Line], bool]:
    rows = [Line(*r) for r in db.session.execute(stmt.offset((page - 1) * size).limit(size + 1))]
    return rows[:size], len(rows) > size


def situation(coalition_id: int, situation_id: int) -> Situation | None:
    """A situation with everything its page shows, in one query per collection."""
    return db.session.scalars(
        sa.select(Situation)
        .where(Situation.id == situation_id, Situation.coalition_id == coalition_id)
        .options(
            sa.orm.joinedload(Situation.institution),
            sa.orm.joinedload(Situation.office),
            sa.orm.joinedload(Situation.contact),
            sa.orm.joinedload(Situation.association),
            sa.orm.joinedload(Situation.followed_by),
            sa.orm.selectinload(Situation.steps).joinedload(SituationStep.author),
            sa.orm.selectinload(Situation.obstacles),
        )
    ).first()


def counts_by_contact(contact_id: int) -> tuple[int, int]:
    """(situations, of which open) followed through a contact: the contact page's line."""
    total, still_open = db.session.execute(
        sa.select(
            sa.func.count(Situation.id),
            sa.func.count(Situation.id).filter(Situation.outcome.is_(None)),
        ).where(Situation.contact_id == contact_id)
    ).one()
    return total, still_open
