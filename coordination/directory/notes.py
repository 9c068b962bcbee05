"""Interaction notes: how a route worked (when, which kind of case, anonymised; the
outcome; days to solve), about a contact or an office. Functions flush; the caller
commits. Their free text is emptied when the contact is erased (privacy.py).
"""

from datetime import date

from flask_babel import lazy_gettext as _l

from coordination.directory.errors import DirectoryError
from coordination.directory.models import Contact, InteractionNote, Office
from coordination.extensions import db
from coordination.timezone import local_today


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
