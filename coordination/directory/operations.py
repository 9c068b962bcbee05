"""Directory changes and the GDPR safeguards. Functions flush; the caller commits once.

Transparency-log summaries never hold a contact's name or details (the log outlives an
erasure): they say "contact n°12 (CPAM de Brie)".
"""

import functools
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions import transparency
from coordination.coalitions.models import Association
from coordination.db import read_rows, utcnow
from coordination.directory import hours
from coordination.directory.freshness import stale_cutoff
from coordination.directory.models import (
    EXPORT,
    VIEW,
    Contact,
    ContactAccess,
    DirectoryExport,
    Institution,
    InteractionNote,
    Office,
    OpeningException,
    OpeningSlot,
)
from coordination.errors import Refused
from coordination.extensions import db
from coordination.search.backends import backend_for
from coordination.timezone import local_today

INSTITUTION_FIELDS = ("kind", "name", "territory", "notes")
OFFICE_FIELDS = ("name", "address", "public_phone", "appointment_rules", "accessibility")
CONTACT_FIELDS = (
    "office_id",
    "kind",
    "name",
    "role",
    "phone",
    "email",
    "can_unblock",
    "channel",
    "reach_hours",
    "notes",
)
# Emptied by an erasure: everything that could tell who the person is or how to reach them.
PERSONAL_FIELDS = ("name", "role", "phone", "email", "can_unblock", "reach_hours", "notes")


class DirectoryError(Refused):
    """A refused change, with a message for the user."""


def contact_label(contact: Contact, institution_name: str) -> str:
    return str(
        _l("contact no. %(id)d (%(institution)s)", id=contact.id, institution=institution_name)
    )


def _clean(value):
    return value.strip() if isinstance(value, str) else value


# --- institutions and offices ----------------------------------------------------------


def create_institution(coalition, *, kind: str, name: str, by, territory="", notes=""):
    institution = Institution(
        coalition_id=coalition.id,
        kind=kind,
        name=name.strip(),
        territory=_clean(territory) or "",
        notes=_clean(notes) or "",
        created_by_id=by.id,
        created_by_association_id=by.association_id,
    )
    db.session.add(institution)
    db.session.flush()
    transparency.record(
        coalition.id, "directory.institution_added", institution.name, user=by, obj=institution
    )
    return institution


def update_institution(institution: Institution, *, by, **fields) -> Institution:
    for key in INSTITUTION_FIELDS:
        if key in fields:
            setattr(institution, key, _clean(fields[key]) or "")
    db.session.flush()
    transparency.record(
        institution.coalition_id,
        "directory.institution_changed",
        institution.name,
        user=by,
        obj=institution,
    )
    return institution


def create_office(coalition, institution: Institution, *, name: str, by, **fields) -> Office:
    if institution.coalition_id != coalition.id:
        raise DirectoryError(_l("This institution is not in this coalition's directory."))
    office = Office(
        coalition_id=coalition.id,
        institution_id=institution.id,
        name=name.strip(),
        created_by_id=by.id,
        **{k: _clean(v) or "" for k, v in fields.items() if k in OFFICE_FIELDS},
    )
    db.session.add(office)
    db.session.flush()
    transparency.record(
        coalition.id,
        "directory.office_added",
        f"{institution.name} — {office.name}",
        user=by,
        obj=office,
    )
    return office


def update_office(office: Office, *, by, **fields) -> Office:
    for key in OFFICE_FIELDS:
        if key in fields:
            setattr(office, key, _clean(fields[key]) or "")
    db.session.flush()
    transparency.record(
        office.coalition_id, "directory.office_changed", office.name, user=by, obj=office
    )
    return office


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


def set_weekly_hours(office: Office, slots: list[hours.Slot], *, by) -> None:
    """Replace the office's weekly opening slots."""
    for slot in slots:
        if not slot.start < slot.end:
            raise DirectoryError(_l("An opening must end after it starts."))
    db.session.execute(sa.delete(OpeningSlot).where(OpeningSlot.office_id == office.id))
    for slot in sorted(set(slots), key=lambda s: (s.weekday, s.start)):
        db.session.add(
            OpeningSlot(
                coalition_id=office.coalition_id,
                office_id=office.id,
                weekday=slot.weekday,
                opens=slot.start,
                closes=slot.end,
            )
        )
    db.session.flush()
    transparency.record(
        office.coalition_id, "directory.hours_changed", office.name, user=by, obj=office
    )


def add_exception(
    office: Office,
    *,
    first_day: date,
    last_day: date,
    closed: bool,
    by,
    opens=None,
    closes=None,
    label: str = "",
) -> OpeningException:
    if last_day < first_day:
        raise DirectoryError(_l("The last day comes before the first day."))
    if not closed and not (opens and closes and opens < closes):
        raise DirectoryError(_l("Give the special hours: an opening time before a closing time."))
    exception = OpeningException(
        coalition_id=office.coalition_id,
        office_id=office.id,
        first_day=first_day,
        last_day=last_day,
        closed=closed,
        opens=None if closed else opens,
        closes=None if closed else closes,
        label=label.strip(),
    )
    db.session.add(exception)
    db.session.flush()
    transparency.record(
        office.coalition_id, "directory.hours_changed", office.name, user=by, obj=office
    )
    return exception


def remove_exception(office: Office, exception: OpeningException, *, by) -> None:
    if exception.office_id != office.id:
        raise DirectoryError(_l("This exception belongs to another office."))
    db.session.delete(exception)
    db.session.flush()
    transparency.record(
        office.coalition_id, "directory.hours_changed", office.name, user=by, obj=office
    )


# --- contacts ---------------------------------------------------------------------------


def _check_office(coalition_id: int, institution_id: int, office_id: int | None) -> None:
    if office_id is None:
        return
    office = db.session.get(Office, office_id)
    if (
        office is None
        or office.coalition_id != coalition_id
        or (office.institution_id != institution_id)
    ):
        raise DirectoryError(_l("Choose an office of this institution."))


def create_contact(
    coalition,
    institution: Institution,
    *,
    by,
    name: str,
    checked_on: date | None = None,
    log: bool = True,
    **fields,
) -> Contact:
    if institution.coalition_id != coalition.id:
        raise DirectoryError(_l("This institution is not in this coalition's directory."))
    _check_office(coalition.id, institution.id, fields.get("office_id"))
    contact = Contact(
        coalition_id=coalition.id,
        institution_id=institution.id,
        name=name.strip(),
        added_by_id=by.id,
        added_by_association_id=by.association_id,
        last_checked_on=checked_on or local_today(),
        last_checked_by_id=by.id,
        last_checked_by_association_id=by.association_id,
        **{k: _clean(v) for k, v in fields.items() if k in CONTACT_FIELDS and v is not None},
    )
    db.session.add(contact)
    db.session.flush()
    if log:
        transparency.record(
            coalition.id,
            "directory.contact_added",
            contact_label(contact, institution.name),
            user=by,
            obj=contact,
        )
    return contact


def update_contact(contact: Contact, *, by, **fields) -> Contact:
    if contact.erased:
        raise DirectoryError(_l("This contact was erased; it cannot be edited."))
    institution_id = fields.get("institution_id", contact.institution_id)
    _check_office(contact.coalition_id, institution_id, fields.get("office_id", contact.office_id))
    contact.institution_id = institution_id
    for key in CONTACT_FIELDS:
        if key in fields:
            setattr(contact, key, _clean(fields[key]) if fields[key] is not None else None)
    db.session.flush()
    institution = db.session.get(Institution, contact.institution_id)
    transparency.record(
        contact.coalition_id,
        "directory.contact_changed",
        contact_label(contact, institution.name),
        user=by,
        obj=contact,
    )
    return contact


def confirm_contact(contact: Contact, *, by, on: date | None = None) -> Contact:
    """ "Still valid": someone checked the entry today."""
    if contact.erased:
        raise DirectoryError(_l("This contact was erased; there is nothing to check."))
    contact.last_checked_on = on or local_today()
    contact.last_checked_by_id = by.id
    contact.last_checked_by_association_id = by.association_id
    db.session.flush()
    institution = db.session.get(Institution, contact.institution_id)
    transparency.record(
        contact.coalition_id,
        "directory.contact_checked",
        contact_label(contact, institution.name),
        user=by,
        obj=contact,
    )
    return contact


@functools.cache
def _contact_details_statement() -> sa.Select:
    """Built once (aliases are costly to build): bound parameters `contact_id`, `coalition_id`."""
    added_by, checked_by = sa.orm.aliased(User), sa.orm.aliased(User)
    added_assoc, checked_assoc, erased_assoc = (sa.orm.aliased(Association) for _ in "abc")
    return (
        sa.select(
            *Contact.__table__.c,
            Institution.name.label("institution_name"),
            Office.name.label("office_name"),
            added_by.name.label("added_by_name"),
            added_assoc.short_name.label("added_by_association"),
            checked_by.name.label("last_checked_by_name"),
            checked_assoc.short_name.label("last_checked_by_association"),
            erased_assoc.name.label("erased_by_association"),
        )
        .join(Institution, Institution.id == Contact.institution_id)
        .outerjoin(Office, Office.id == Contact.office_id)
        .outerjoin(added_by, added_by.id == Contact.added_by_id)
        .outerjoin(added_assoc, added_assoc.id == Contact.added_by_association_id)
        .outerjoin(checked_by, checked_by.id == Contact.last_checked_by_id)
        .outerjoin(checked_assoc, checked_assoc.id == Contact.last_checked_by_association_id)
        .outerjoin(erased_assoc, erased_assoc.id == Contact.erased_by_association_id)
        .where(
            Contact.id == sa.bindparam("contact_id", type_=sa.Integer),
            Contact.coalition_id == sa.bindparam("coalition_id", type_=sa.Integer),
        )
    )


def contact_details(coalition_id: int, contact_id: int) -> sa.Row | None:
    """What a contact's page shows, as one row: the contact's columns plus the names of its
    institution, office, and of who added, last checked or erased it (None where absent).
    None if there is no such contact in this coalition."""
    rows = read_rows(
        _contact_details_statement(), {"contact_id": contact_id, "coalition_id": coalition_id}
    )
    return rows[0] if rows else None


def record_view(contact, *, by) -> bool:
    """Log that `by` was shown the contact's direct details (nothing to log once erased).
    `contact` is a Contact or a row with its id, coalition_id and erased_at. One INSERT on
    the session's connection: committed with the session's transaction."""
    if contact.erased_at is not None:
        return False
    db.session.connection().execute(
        _INSERT_ACCESS,
        {
            "coalition_id": contact.coalition_id,
            "contact_id": contact.id,
            "user_id": by.id,
            "association_id": by.association_id,
            "kind": VIEW,
            "at": utcnow(),
        },
    )
    return True


_INSERT_ACCESS = sa.insert(ContactAccess)


ACCESS_SHOWN = 20


@functools.cache
def _access_log_statement() -> sa.Select:
    return (
        sa.select(
            ContactAccess.at,
            ContactAccess.kind,
            User.name.label("user_name"),
            Association.short_name.label("association"),
            DirectoryExport.purpose.label("export_purpose"),
        )
        .outerjoin(User, User.id == ContactAccess.user_id)
        .outerjoin(Association, Association.id == ContactAccess.association_id)
        .outerjoin(DirectoryExport, DirectoryExport.id == ContactAccess.export_id)
        .where(ContactAccess.contact_id == sa.bindparam("contact_id", type_=sa.Integer))
        .order_by(ContactAccess.at.desc(), ContactAccess.id.desc())
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )


def access_log(contact_id: int, *, limit: int = ACCESS_SHOWN, offset: int = 0) -> list:
    """Latest first: rows of (at, kind, user name, association short name, export purpose);
    a deleted delegate's name is None."""
    return read_rows(
        _access_log_statement(), {"contact_id": contact_id, "limit": limit, "offset": offset}
    )


def erase_contact(contact: Contact, *, by) -> Contact:
    """Erasure on request (GDPR art. 17): the personal fields are deleted for good, the
    free texts of its interaction notes too (their case type, outcome and duration stay),
    its search document goes; a trace remains: "erased on <date> by <association>".
    Access-log entries stay (they name who looked, not the contact)."""
    if contact.erased:
        raise DirectoryError(_l("This contact is already erased."))
    institution = db.session.get(Institution, contact.institution_id)
    for key in PERSONAL_FIELDS:
        setattr(contact, key, "")
    contact.erased_at = utcnow()
    contact.erased_by_association_id = by.association_id
    db.session.execute(
        sa.update(InteractionNote)
        .where(InteractionNote.contact_id == contact.id)
        .values(details="")
    )
    db.session.flush()  # the search document is removed by the indexing hook
    backend_for(db.engine.dialect.name).compact(db.session.connection())
    transparency.record(
        contact.coalition_id,
        "directory.contact_erased",
        contact_label(contact, institution.name),
        user=by,
        obj=contact,
    )
    return contact


# --- interaction notes ------------------------------------------------------------------


def add_interaction(
    coalition,
    *,
    by,
    occurred_on: date,
    case_type: str,
    outcome: str,
    details: str = "",
    resolution_days: int | None = None,
    contact: Contact | None = None,
    office: Office | None = None,
) -> InteractionNote:
    if contact is None and office is None:
        raise DirectoryError(_l("A note is about a contact or an office."))
    for target in (contact, office):
        if target is not None and target.coalition_id != coalition.id:
            raise DirectoryError(_l("This entry is not in this coalition's directory."))
    if occurred_on > local_today():
        raise DirectoryError(_l("The date cannot be in the future."))
    note = InteractionNote(
        coalition_id=coalition.id,
        contact_id=contact.id if contact else None,
        office_id=office.id if office else (contact.office_id if contact else None),
        occurred_on=occurred_on,
        case_type=case_type,
        details=details.strip(),
        outcome=outcome,
        resolution_days=resolution_days,
        author_id=by.id,
        author_association_id=by.association_id,
    )
    db.session.add(note)
    db.session.flush()
    return note


@functools.cache
def _notes_statement(of_contact: bool) -> sa.Select:
    about = InteractionNote.contact_id if of_contact else InteractionNote.office_id
    return (
        sa.select(
            InteractionNote.occurred_on,
            InteractionNote.case_type,
            InteractionNote.details,
            InteractionNote.outcome,
            InteractionNote.resolution_days,
            Association.short_name.label("author_short_name"),
        )
        .outerjoin(Association, Association.id == InteractionNote.author_association_id)
        .where(about == sa.bindparam("about", type_=sa.Integer))
        .order_by(InteractionNote.occurred_on.desc(), InteractionNote.id.desc())
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )


def interaction_notes(*, contact_id: int | None = None, office_id: int | None = None, limit=50):
    """Latest first: rows of a note's columns plus `author_short_name` (its author's
    association, None if unknown)."""
    of_contact = contact_id is not None
    return read_rows(
        _notes_statement(of_contact),
        {"about": contact_id if of_contact else office_id, "limit": limit},
    )


# --- export -----------------------------------------------------------------------------


def exportable_contacts(coalition_id: int) -> list[Contact]:
    return list(
        db.session.scalars(
            sa.select(Contact)
            .where(Contact.coalition_id == coalition_id, Contact.erased_at.is_(None))
            .options(sa.orm.joinedload(Contact.institution), sa.orm.joinedload(Contact.office))
            .order_by(Contact.institution_id, Contact.name, Contact.id)
        ).unique()
    )


def export_contacts(coalition, *, fmt: str, purpose: str, by):
    """Log an export (who, when, format, purpose, how many) and, on each exported contact's
    own access log, that its details left in this export. Returns (export, contacts)."""
    purpose = purpose.strip()
    if not purpose:
        raise DirectoryError(_l("Say what the export is for."))
    contacts = exportable_contacts(coalition.id)
    export = DirectoryExport(
        coalition_id=coalition.id,
        user_id=by.id,
        association_id=by.association_id,
        format=fmt,
        purpose=purpose,
        count=len(contacts),
    )
    db.session.add(export)
    db.session.flush()
    if contacts:
        db.session.execute(
            sa.insert(ContactAccess),
            [
                {
                    "coalition_id": coalition.id,
                    "contact_id": c.id,
                    "user_id": by.id,
                    "association_id": by.association_id,
                    "kind": EXPORT,
                    "export_id": export.id,
                    "at": export.at,
                }
                for c in contacts
            ],
        )
    transparency.record(
        coalition.id,
        "directory.exported",
        str(
            _l(
                "%(count)d contacts (%(format)s) — purpose: %(purpose)s",
                count=len(contacts),
                format=fmt.upper(),
                purpose=purpose,
            )
        ),
        user=by,
        obj=export,
    )
    return export, contacts


# --- lists ------------------------------------------------------------------------------


def stale_condition(coalition):
    return Contact.last_checked_on <= stale_cutoff(local_today(), coalition.stale_contact_months)


def stale_counts(coalitions) -> dict[int, int]:
    """coalition id -> number of stale (not erased) contacts; one query for all."""
    if not coalitions:
        return {}
    today = local_today()
    params = {}
    for n, c in enumerate(coalitions):
        params[f"coalition_{n}"] = c.id
        params[f"cutoff_{n}"] = stale_cutoff(today, c.stale_contact_months)
    return dict(read_rows(_stale_counts_statement(len(coalitions)), params))


@functools.lru_cache(maxsize=16)
def _stale_counts_statement(coalitions: int):
    # Each coalition has its own staleness rule; the statement's shape only depends on how
    # many there are, so it is built once per count (composing it costs more than running).
    return (
        sa.select(Contact.coalition_id, sa.func.count(Contact.id))
        .where(
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
        .group_by(Contact.coalition_id)
    )
