"""The directory's changes, by area, re-exported here for callers:

- offices.py: institutions, offices and their opening hours;
- contacts.py: contacts (create, edit, "still valid");
- privacy.py: everything GDPR (recording a view, the access log, erasure, export);
- reads.py: every read (contact page, access log, hours, staleness).

Interaction notes became situations (coordination/situations/).

Functions flush; the caller commits once (views: `coordination.web.writes.perform`).
"""

from coordination.directory.contacts import (
    CONTACT_FIELDS,
    confirm_contact,
    contact_label,
    create_contact,
    update_contact,
)
from coordination.directory.errors import DirectoryError
from coordination.directory.offices import (
    INSTITUTION_FIELDS,
    OFFICE_FIELDS,
    add_exception,
    create_institution,
    create_office,
    remove_exception,
    set_weekly_hours,
    update_institution,
    update_office,
)
from coordination.directory.privacy import (
    PERSONAL_FIELDS,
    erase_contact,
    export_contacts,
    exportable_contacts,
    record_view,
)
from coordination.directory.reads import (
    ACCESS_SHOWN,
    access_log,
    contact_details,
    load_hours,
    stale_condition,
    stale_counts,
)
from coordination.timezone import local_today

__all__ = [
    "ACCESS_SHOWN",
    "CONTACT_FIELDS",
    "INSTITUTION_FIELDS",
    "OFFICE_FIELDS",
    "PERSONAL_FIELDS",
    "DirectoryError",
    "access_log",
    "add_exception",
    "confirm_contact",
    "contact_details",
    "contact_label",
    "create_contact",
    "create_institution",
    "create_office",
    "erase_contact",
    "export_contacts",
    "exportable_contacts",
    "load_hours",
    "local_today",
    "record_view",
    "remove_exception",
    "set_weekly_hours",
    "stale_condition",
    "stale_counts",
    "update_contact",
    "update_institution",
    "update_office",
]
