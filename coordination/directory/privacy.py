"""Everything the directory does with personal data under the GDPR: the file a data-
protection officer opens.

What is recorded
- A contact (models.Contact): a named person or a functional desk of an institution;
  name, role, phone, e-mail, what they can unblock, how and when to reach them, notes,
  who added it and who last checked it ("still valid"), and when. Lists and search
  results never show the phone or the e-mail: only the contact's own page does.
- Each display of those direct details (`record_view`: models.ContactAccess, kind "view"):
  which delegate of which association, when; never anything about the contact beyond
  its id. Written in its own short transaction before the page is rendered.
- Each export of the directory (`export_contacts`: models.DirectoryExport): who, when, in
  which format, for what stated purpose, how many contacts; and on each exported
  contact's access log an entry of kind "export" pointing to it.
- Situations followed through a contact (coordination/situations/, which replaced the
  interaction notes) hold no identity (their identity guard refuses it); an erasure
  empties the free text of their steps (the "contact_erased" extra).
- A CSV import waiting for confirmation (models.ContactImport, imports.py) keeps its
  checked rows on the server for at most imports.IMPORT_HOURS (24) hours, for the
  delegate who uploaded it only; confirmed or cancelled, its personal data is emptied.

For how long
- Contacts stay until they are erased on request (`erase_contact`, GDPR art. 17): the
  personal fields are deleted for good (SQLite overwrites them on disk: secure_delete),
  the free text of the steps of situations followed through them too, their search
  document goes; a trace
  remains ("erased on <date> by <association>"). Transparency-log lines never held the
  name ("contact no. 12 (CPAM de Brie)").
- The access log and the export log are kept as long as the contact, with no automatic
  expiry today; an erasure keeps them (they name who looked, not the contact).
- Contacts not checked for the coalition's chosen period are flagged as stale, and the
  members reminded monthly (reminders.py); nothing is deleted automatically.

Who can read it
- The delegates of the coalition's member associations; guest associations only where
  the coalition decided to open its directory to guests (pages.directory_or_404). Only
  members change, erase, export or import.
- A contact's access log is on its page (latest `reads.ACCESS_SHOWN`) and in full on
  its "accesses" page; showing the log is not itself logged (it names delegates only).

Functions flush; the caller commits (the view-logging transaction is the contact page's).
"""

import functools

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.db import utcnow
from coordination.directory.contacts import record_contact
from coordination.directory.errors import DirectoryError
from coordination.directory.extras import extra
from coordination.directory.models import (
    EXPORT,
    VIEW,
    Contact,
    ContactAccess,
    DirectoryExport,
    Institution,
)
from coordination.directory.reads import ACCESS_SHOWN, access_log  # noqa: F401  (re-exported)
from coordination.extensions import db
from coordination.search.backends import backend_for

# Emptied by an erasure: everything that could tell who the person is or how to reach them.
PERSONAL_FIELDS = ("name", "role", "phone", "email", "can_unblock", "reach_hours", "notes")


@functools.cache
def _insert_access() -> sa.Insert:
    return sa.insert(ContactAccess)


def record_view(contact, *, by) -> bool:
    """Log that `by` was shown the contact's direct details (nothing to log once erased).
    `contact` is a Contact or a row with its id, coalition_id and erased_at. One INSERT on
    the session's connection: committed with the session's transaction."""
    if contact.erased_at is not None:
        return False
    db.session.connection().execute(
        _insert_access(),
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


def erase_contact(contact: Contact, *, by) -> Contact:
    """Erasure on request (GDPR art. 17): the personal fields are deleted for good, the
    free texts of the steps of situations followed through it too (the situations and their
    figures stay),
    its search document goes; a trace remains: "erased on <date> by <association>".
    Access-log entries stay (they name who looked, not the contact)."""
    if contact.erased:
        raise DirectoryError(_l("This contact is already erased."))
    institution = db.session.get(Institution, contact.institution_id)
    for key in PERSONAL_FIELDS:
        setattr(contact, key, "")
    contact.erased_at = utcnow()
    contact.erased_by_association_id = by.association_id
    extra("contact_erased", contact.id)
    db.session.flush()  # the search document is removed by the indexing hook
    backend_for(db.engine.dialect.name).compact(db.session.connection())
    record_contact(contact, "directory.contact_erased", by=by, institution_name=institution.name)
    return contact


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
