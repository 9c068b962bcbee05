"""Institutions, their local offices and the offices' opening hours (weekly slots and
exceptions: closures or special hours). Functions flush; the caller commits once.
The hours' pure rules (open now? next opening?) are in hours.py; reading them, reads.py.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import transparency
from coordination.coalitions.operations import add_logged
from coordination.directory import hours
from coordination.directory.errors import DirectoryError
from coordination.directory.models import Institution, Office, OpeningException, OpeningSlot
from coordination.extensions import db

INSTITUTION_FIELDS = ("kind", "name", "territory", "notes")
OFFICE_FIELDS = ("name", "address", "public_phone", "appointment_rules", "accessibility")


def clean(value):
    return value.strip() if isinstance(value, str) else value


def create_institution(coalition, *, kind: str, name: str, by, territory="", notes=""):
    institution = Institution(
        coalition_id=coalition.id,
        kind=kind,
        name=name.strip(),
        territory=clean(territory) or "",
        notes=clean(notes) or "",
        created_by_id=by.id,
        created_by_association_id=by.association_id,
    )
    return add_logged(institution, "directory.institution_added", institution.name, by=by)


def _update_logged(row, names: tuple[str, ...], fields: dict, action: str, *, by):
    """Set the given `fields` among `names` (text, stripped; empty when None), flush and log
    `action` with the row's name."""
    for key in names:
        if key in fields:
            setattr(row, key, clean(fields[key]) or "")
    db.session.flush()
    transparency.record(row.coalition_id, action, row.name, user=by, obj=row)
    return row


def update_institution(institution: Institution, *, by, **fields) -> Institution:
    action = "directory.institution_changed"
    return _update_logged(institution, INSTITUTION_FIELDS, fields, action, by=by)


def create_office(coalition, institution: Institution, *, name: str, by, **fields) -> Office:
    if institution.coalition_id != coalition.id:
        raise DirectoryError(_l("This institution is not in this coalition's directory."))
    office = Office(
        coalition_id=coalition.id,
        institution_id=institution.id,
        name=name.strip(),
        created_by_id=by.id,
        **{k: clean(v) or "" for k, v in fields.items() if k in OFFICE_FIELDS},
    )
    summary = f"{institution.name} — {office.name}"
    return add_logged(office, "directory.office_added", summary, by=by)


def update_office(office: Office, *, by, **fields) -> Office:
    return _update_logged(office, OFFICE_FIELDS, fields, "directory.office_changed", by=by)


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
    return add_logged(exception, "directory.hours_changed", office.name, by=by, obj=office)


def remove_exception(office: Office, exception: OpeningException, *, by) -> None:
    if exception.office_id != office.id:
        raise DirectoryError(_l("This exception belongs to another office."))
    db.session.delete(exception)
    db.session.flush()
    transparency.record(
        office.coalition_id, "directory.hours_changed", office.name, user=by, obj=office
    )
