"""Every query of the situations feature, each a fixed number of statements whatever the
number of situations (the pages' query counts are tested). The figures' statements are
built once per combination of filters (`functools.cache`: composing them costs more than
running them), with bound parameters."""

import functools
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import Association
from coordination.db import columns_of, read_rows
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
from coordination.web.i18n import lazy_text


@dataclass(frozen=True, slots=True)
class Filters:
    """What the figures are narrowed to: a period of opening, a theme, an institution."""

    start: date | None = None
    end: date | None = None
    theme: str | None = None
    institution_id: int | None = None

    def shape(self) -> tuple[bool, bool, bool, bool]:
        """Which filters are set: the key of the cached statements."""
        return (
            self.start is not None,
            self.end is not None,
            bool(self.theme),
            bool(self.institution_id),
        )

    def params(self, coalition_id: int) -> dict:
        return {
            "coalition_id": coalition_id,
            "start": self.start,
            "end": self.end,
            "theme": self.theme,
            "institution_id": self.institution_id,
        }

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
    *columns_of(
        Situation,
        "id association_id theme institution_id office_id opened_on closed_on outcome delay_known",
    ),
)


def _conditions(shape: tuple[bool, bool, bool, bool]) -> list:
    has_start, has_end, has_theme, has_institution = shape
    found = [Situation.coalition_id == sa.bindparam("coalition_id", type_=sa.Integer)]
    if has_start:
        found.append(Situation.opened_on >= sa.bindparam("start", type_=sa.Date))
    if has_end:
        found.append(Situation.opened_on <= sa.bindparam("end", type_=sa.Date))
    if has_theme:
        found.append(Situation.theme == sa.bindparam("theme", type_=sa.String))
    if has_institution:
        found.append(Situation.institution_id == sa.bindparam("institution_id", type_=sa.Integer))
    return found


@functools.cache
def _items_statement(shape) -> sa.Select:
    return sa.select(*_ITEM_COLUMNS).where(*_conditions(shape))


@functools.cache
def _obstacles_statement(shape) -> sa.Select:
    return (
        sa.select(SituationObstacle.code)
        .join(Situation, Situation.id == SituationObstacle.situation_id)
        .where(*_conditions(shape))
    )


def items(coalition_id: int, filters: Filters = Filters()) -> list[Item]:
    rows = read_rows(_items_statement(filters.shape()), filters.params(coalition_id))
    return [Item(*row) for row in rows]


def obstacle_codes(coalition_id: int, filters: Filters = Filters()) -> list[str]:
    rows = read_rows(_obstacles_statement(filters.shape()), filters.params(coalition_id))
    return [row[0] for row in rows]


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


@functools.cache
def _terms_statement() -> sa.Select:
    return (
        sa.select(SituationTerm.kind, SituationTerm.code, SituationTerm.label)
        .where(SituationTerm.coalition_id == sa.bindparam("coalition_id", type_=sa.Integer))
        .order_by(SituationTerm.label)
    )


def _translated(kind: str, labels: dict) -> dict:
    return {code: lazy_text((f"situation {kind}", code), label) for code, label in labels.items()}


def vocabulary(coalition_id: int) -> Vocabulary:
    """The collectif's lists, as text in the reader's language: the built-in themes and
    obstacles, then its own additions."""
    themes, obstacles = _translated(THEME, THEMES), _translated(OBSTACLE, OBSTACLES)
    for kind, code, label in read_rows(_terms_statement(), {"coalition_id": coalition_id}):
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


def _of_institution(row, coalition_id: int, institution_id: int) -> bool:
    """The office or contact exists and belongs to this institution of this coalition."""
    return (
        row is not None
        and row.coalition_id == coalition_id
        and row.institution_id == institution_id
    )


def office_in(coalition_id: int, institution_id: int, office_id: int) -> bool:
    return _of_institution(db.session.get(Office, office_id), coalition_id, institution_id)


def contact_in(coalition_id: int, institution_id: int, contact_id: int) -> bool:
    contact = db.session.get(Contact, contact_id)
    return _of_institution(contact, coalition_id, institution_id) and contact.erased_at is None


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
            *columns_of(Situation, "id theme opened_on outcome closed_on"),
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


def lines_of(stmt, *, offset: int, limit: int) -> list[Line]:
    """The listing's rows from `offset`, `limit` at most (a page for web/paging.page_of)."""
    return [Line(*r) for r in db.session.execute(stmt.offset(offset).limit(limit))]


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
