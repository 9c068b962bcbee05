"""Contacts of the directory: a named person or a functional desk of an institution
(personal data: see privacy.py for what is recorded about them and who sees it).
Functions flush; the caller commits once.

Transparency-log summaries never hold a contact's name or details (the log outlives an
erasure): they say "contact n°12 (CPAM de Brie)".
"""

from datetime import date

from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.directory.errors import DirectoryError
from coordination.directory.models import Contact, Institution, Office
from coordination.directory.offices import clean
from coordination.extensions import db
from coordination.timezone import local_today

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


def contact_label(contact: Contact, institution_name: str) -> str:
    return str(
        _l("contact no. %(id)d (%(institution)s)", id=contact.id, institution=institution_name)
    )


def record_contact(contact: Contact, action: str, *, by, institution_name: str | None = None):
    """The transparency log's line for `action` on `contact` (named by its number and
    institution, read here unless given)."""
    if institution_name is None:
        institution_name = db.session.get(Institution, contact.institution_id).name
    transparency.record(
        contact.coalition_id,
        action,
        contact_label(contact, institution_name),
        user=by,
        obj=contact,
    )


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
        **{k: clean(v) for k, v in fields.items() if k in CONTACT_FIELDS and v is not None},
    )
    db.session.add(contact)
    db.session.flush()
    if log:
        record_contact(contact, "directory.contact_added", by=by, institution_name=institution.name)
    return contact


def update_contact(contact: Contact, *, by, **fields) -> Contact:
    if contact.erased:
        raise DirectoryError(_l("This contact was erased; it cannot be edited."))
    institution_id = fields.get("institution_id", contact.institution_id)
    _check_office(contact.coalition_id, institution_id, fields.get("office_id", contact.office_id))
    contact.institution_id = institution_id
    for key in CONTACT_FIELDS:
        if key in fields:
            setattr(contact, key, clean(fields[key]) if fields[key] is not None else None)
    db.session.flush()
    record_contact(contact, "directory.contact_changed", by=by)
    return contact


def confirm_contact(contact: Contact, *, by, on: date | None = None) -> Contact:
    """ "Still valid": someone checked the entry today."""
    if contact.erased:
        raise DirectoryError(_l("This contact was erased; there is nothing to check."))
    contact.last_checked_on = on or local_today()
    contact.last_checked_by_id = by.id
    contact.last_checked_by_association_id = by.association_id
    db.session.flush()
    record_contact(contact, "directory.contact_checked", by=by)
    return contact
