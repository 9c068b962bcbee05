"""Every read of the directory, in one place, public to the features built on it (the
commitments read institutions and contacts only through these functions).

Statements are built once, on first use (`functools.cache`: composing them costs more
than running them), with bound parameters; rows come back in one shape, a NamedTuple.
Cold pages (institution, office, forms) stay on the ORM with `lazy="raise"` relationships
and explicit loader options.
"""

import functools
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _

from coordination.accounts.models import User
from coordination.coalitions.models import Association
from coordination.coalitions.reads import with_who_did_it
from coordination.db import columns_of, read_rows
from coordination.directory import hours
from coordination.directory.freshness import stale_cutoff
from coordination.directory.models import (
    Contact,
    ContactAccess,
    DirectoryExport,
    Institution,
    Office,
    OpeningException,
    OpeningSlot,
)
from coordination.extensions import db
from coordination.timezone import local_today

# --- choices for forms ------------------------------------------------------------------


def institution_choices(coalition_id: int) -> list[tuple[int, str]]:
    """(id, name) of the coalition's institutions. ORM objects on purpose: they stay in the
    session, so that checking the chosen one afterwards costs no query."""
    return [
        (i.id, i.name)
        for i in db.session.scalars(
            sa.select(Institution)
            .where(Institution.coalition_id == coalition_id)
            .order_by(Institution.name)
        )
    ]


def office_choices(coalition_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(Office.id, Office.name, Institution.name)
        .join(Institution, Institution.id == Office.institution_id)
        .where(Office.coalition_id == coalition_id)
        .order_by(Institution.name, Office.name)
    )
    return [(0, _("— no particular office —"))] + [
        (oid, f"{iname} — {oname}") for oid, oname, iname in rows
    ]


def contact_choices(coalition_id: int) -> list[tuple[int, str]]:
    """The coalition's contacts (not erased) as "name (institution)", "none" first."""
    rows = db.session.execute(
        sa.select(Contact.id, Contact.name, Institution.name)
        .join(Institution, Institution.id == Contact.institution_id)
        .where(Contact.coalition_id == coalition_id, Contact.erased_at.is_(None))
        .order_by(Institution.name, Contact.name)
    )
    return [(0, _("— none —"))] + [(cid, f"{name} ({iname})") for cid, name, iname in rows]


# --- is it in this coalition's directory? -----------------------------------------------


def institution_in(coalition_id: int, institution_id: int) -> bool:
    institution = db.session.get(Institution, institution_id)
    return institution is not None and institution.coalition_id == coalition_id


def contact_in(coalition_id: int, contact_id: int) -> bool:
    contact = db.session.get(Contact, contact_id)
    return contact is not None and contact.coalition_id == coalition_id


def institution_ids(coalition_id: int) -> dict[str, int]:
    """{name: id} of the coalition's institutions (the demo finds its own by name)."""
    return dict(
        db.session.execute(
            sa.select(Institution.name, Institution.id).where(
                Institution.coalition_id == coalition_id
            )
        ).all()
    )


def contact_ids(coalition_id: int) -> dict[str, int]:
    """{name: id} of the coalition's contacts not erased (the demo finds its own by name)."""
    return dict(
        db.session.execute(
            sa.select(Contact.name, Contact.id).where(
                Contact.coalition_id == coalition_id, Contact.erased_at.is_(None)
            )
        ).all()
    )


# --- opening hours ----------------------------------------------------------------------


def load_hours(office_ids: list[int]) -> dict[int, tuple[list, list]]:
    """office id -> (weekly slots, exceptions) as plain hours.Slot / hours.Closure values;
    two queries whatever the number of offices."""
    result: dict[int, tuple[list, list]] = {i: ([], []) for i in office_ids}
    if not office_ids:
        return result
    for slot in db.session.scalars(
        sa.select(OpeningSlot)
        .where(OpeningSlot.office_id.in_(office_ids))
        .order_by(OpeningSlot.weekday, OpeningSlot.opens)
    ):
        result[slot.office_id][0].append(hours.Slot(slot.weekday, slot.opens, slot.closes))
    for e in db.session.scalars(
        sa.select(OpeningException)
        .where(OpeningException.office_id.in_(office_ids))
        .order_by(OpeningException.first_day)
    ):
        result[e.office_id][1].append(
            hours.Closure(e.first_day, e.last_day, e.closed, e.opens, e.closes, e.label)
        )
    return result


# --- a contact's page -------------------------------------------------------------------


@functools.cache
def _contact_details_statement() -> sa.Select:
    """Built once (aliases are costly to build): bound parameters `contact_id`, `coalition_id`."""
    added_by, checked_by = sa.orm.aliased(User), sa.orm.aliased(User)
    added_assoc, checked_assoc, erased_assoc = (sa.orm.aliased(Association) for _ in "abc")
    stmt = (
        sa.select(
            *Contact.__table__.c,
            Institution.name.label("institution_name"),
            Office.name.label("office_name"),
        )
        .join(Institution, Institution.id == Contact.institution_id)
        .outerjoin(Office, Office.id == Contact.office_id)
    )
    # Who added the contact, who last checked it: Contact.<prefix>_id and
    # <prefix>_association_id, shown as <prefix>_name and <prefix>_association.
    for prefix, user, association in (
        ("added_by", added_by, added_assoc),
        ("last_checked_by", checked_by, checked_assoc),
    ):
        stmt = with_who_did_it(
            stmt,
            getattr(Contact, f"{prefix}_id"),
            getattr(Contact, f"{prefix}_association_id"),
            f"{prefix}_name",
            f"{prefix}_association",
            user=user,
            association=association,
        )
    return (
        stmt.add_columns(erased_assoc.name.label("erased_by_association"))
        .outerjoin(erased_assoc, erased_assoc.id == Contact.erased_by_association_id)
        .where(
            Contact.id == sa.bindparam("contact_id", type_=sa.Integer),
            Contact.coalition_id == sa.bindparam("coalition_id", type_=sa.Integer),
        )
    )


# The contact page's row: every column of the contact, then the names around it.
ContactDetails = NamedTuple(
    "ContactDetails",
    [(column.name, object) for column in Contact.__table__.c]
    + [
        (name, str | None)
        for name in (
            "institution_name",
            "office_name",
            "added_by_name",
            "added_by_association",
            "last_checked_by_name",
            "last_checked_by_association",
            "erased_by_association",
        )
    ],
)


def contact_details(coalition_id: int, contact_id: int) -> ContactDetails | None:
    """What a contact's page shows, as one row: the contact's columns plus the names of its
    institution, office, and of who added, last checked or erased it (None where absent).
    None if there is no such contact in this coalition."""
    rows = read_rows(
        _contact_details_statement(), {"contact_id": contact_id, "coalition_id": coalition_id}
    )
    return ContactDetails(*rows[0]) if rows else None


ACCESS_SHOWN = 20


@functools.cache
def _access_log_statement() -> sa.Select:
    return (
        with_who_did_it(
            sa.select(ContactAccess.at, ContactAccess.kind),
            ContactAccess.user_id,
            ContactAccess.association_id,
        )
        .add_columns(DirectoryExport.purpose.label("export_purpose"))
        .outerjoin(DirectoryExport, DirectoryExport.id == ContactAccess.export_id)
        .where(ContactAccess.contact_id == sa.bindparam("contact_id", type_=sa.Integer))
        .order_by(ContactAccess.at.desc(), ContactAccess.id.desc())
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )


class AccessEntry(NamedTuple):
    at: datetime
    kind: str  # models.VIEW or models.EXPORT
    user_name: str | None  # None: the delegate's account was deleted
    association: str | None
    export_purpose: str | None


def access_log(contact_id: int, *, limit: int = ACCESS_SHOWN, offset: int = 0) -> list[AccessEntry]:
    """Latest first: who saw the contact's direct details, when, how (and for an export,
    its stated purpose)."""
    return [
        AccessEntry(*row)
        for row in read_rows(
            _access_log_statement(), {"contact_id": contact_id, "limit": limit, "offset": offset}
        )
    ]


# --- staleness --------------------------------------------------------------------------


def stale_condition(coalition):
    return Contact.last_checked_on <= stale_cutoff(local_today(), coalition.stale_contact_months)


def _stale_params(coalitions) -> dict:
    today = local_today()
    params = {}
    for n, c in enumerate(coalitions):
        params[f"coalition_{n}"] = c.id
        params[f"cutoff_{n}"] = stale_cutoff(today, c.stale_contact_months)
    return params


def _stale_in_any(coalitions: int):
    """SQL: a not erased contact, stale by its own coalition's period (parameters
    coalition_<n> and cutoff_<n>, from _stale_params)."""
    return sa.and_(
        sa.or_(
            *(
                sa.and_(
                    Contact.coalition_id == sa.bindparam(f"coalition_{n}"),
                    Contact.last_checked_on <= sa.bindparam(f"cutoff_{n}"),
                )
                for n in range(coalitions)
            )
        ),
        Contact.erased_at.is_(None),
    )


def stale_counts(coalitions) -> dict[int, int]:
    """coalition id -> number of stale (not erased) contacts; one query for all."""
    if not coalitions:
        return {}
    return dict(read_rows(_stale_counts_statement(len(coalitions)), _stale_params(coalitions)))


@functools.lru_cache(maxsize=16)
def _stale_counts_statement(coalitions: int):
    # Each coalition has its own staleness rule; the statement's shape only depends on how
    # many there are, so it is built once per count (composing it costs more than running).
    return (
        sa.select(Contact.coalition_id, sa.func.count(Contact.id))
        .where(_stale_in_any(coalitions))
        .group_by(Contact.coalition_id)
    )


class StaleContact(NamedTuple):
    id: int
    coalition_id: int
    name: str
    institution: str
    last_checked_on: date


STALE_ADDED_BY_LIMIT = 10


def stale_added_by(association_id: int, coalitions) -> list[StaleContact]:
    """The stale contacts this association added, in these coalitions, longest unchecked
    first (at most STALE_ADDED_BY_LIMIT); one query for all."""
    if not coalitions:
        return []
    params = {**_stale_params(coalitions), "association_id": association_id}
    return [
        StaleContact._make(row)
        for row in read_rows(_stale_added_by_statement(len(coalitions)), params)
    ]


@functools.lru_cache(maxsize=16)
def _stale_added_by_statement(coalitions: int):
    return (
        sa.select(
            *columns_of(Contact, "id coalition_id name"),
            Institution.name.label("institution"),
            Contact.last_checked_on,
        )
        .join(Institution, Institution.id == Contact.institution_id)
        .where(
            _stale_in_any(coalitions),
            Contact.added_by_association_id == sa.bindparam("association_id"),
        )
        .order_by(Contact.last_checked_on, Contact.id)
        .limit(STALE_ADDED_BY_LIMIT)
    )


# --- lists and cold pages (ORM, relationships loaded explicitly) -------------------------


def institutions_listing(coalition_id: int) -> sa.Select:
    """The overview's institutions with their offices (two queries), by name."""
    return (
        sa.select(Institution)
        .where(Institution.coalition_id == coalition_id)
        .options(sa.orm.selectinload(Institution.offices))
        .order_by(Institution.name, Institution.id)
    )


def contact_counts(coalition, institution_ids: list[int]) -> dict[int, tuple[int, int]]:
    """institution id -> (contacts, stale contacts), erased ones left out. One query."""
    return {
        iid: (total, stale)
        for iid, total, stale in db.session.execute(
            sa.select(
                Contact.institution_id,
                sa.func.count(Contact.id),
                sa.func.count(Contact.id).filter(stale_condition(coalition)),
            )
            .where(Contact.institution_id.in_(institution_ids), Contact.erased_at.is_(None))
            .group_by(Contact.institution_id)
        )
    }


def contacts_listing(coalition, *, stale_only: bool, institution_id: int | None) -> sa.Select:
    """The contact list (never their direct details on the page), by name or, for the stale
    ones, least recently checked first; institution and office joined in."""
    stmt = (
        sa.select(Contact)
        .where(Contact.coalition_id == coalition.id, Contact.erased_at.is_(None))
        .options(sa.orm.joinedload(Contact.institution), sa.orm.joinedload(Contact.office))
        .order_by(Contact.last_checked_on if stale_only else Contact.name, Contact.id)
    )
    if stale_only:
        stmt = stmt.where(stale_condition(coalition))
    if institution_id:
        stmt = stmt.where(Contact.institution_id == institution_id)
    return stmt


def institution_contacts(institution_id: int) -> list[Contact]:
    return db.session.scalars(
        sa.select(Contact)
        .where(Contact.institution_id == institution_id, Contact.erased_at.is_(None))
        .options(sa.orm.joinedload(Contact.office))
        .order_by(Contact.name)
        .limit(200)
    ).all()


def office_contacts(office_id: int) -> list[Contact]:
    return db.session.scalars(
        sa.select(Contact)
        .where(Contact.office_id == office_id, Contact.erased_at.is_(None))
        .order_by(Contact.name)
        .limit(200)
    ).all()


def coming_exceptions(office_id: int, today: date) -> list[OpeningException]:
    """The office's exceptions to its hours not over yet, soonest first."""
    return db.session.scalars(
        sa.select(OpeningException)
        .where(OpeningException.office_id == office_id, OpeningException.last_day >= today)
        .order_by(OpeningException.first_day)
    ).all()
