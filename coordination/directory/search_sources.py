"""The directory's search sources: institutions, offices, contacts (the commitments have
their own, coordination/commitments/search_sources.py).

Contact documents hold the name, role, institution, office and what the contact can
unblock — never the phone number, e-mail or notes, so a result list shows no direct
details; an erased contact has no document (it leaves the index with its erasure).
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.db import columns_of
from coordination.directory.models import (
    KIND_SEARCH_WORDS,
    Contact,
    Institution,
    Office,
)
from coordination.directory.pages import may_see_directory
from coordination.search.registry import indexed, register_source, watch_children


def directory_coalitions(viewer):
    """Members see the directory; guests only where the coalition decided so."""
    for coalition_id, role in viewer.roles.items():
        coalition = viewer.coalitions.get(coalition_id)
        if may_see_directory(role, coalition):
            yield coalition_id


def register() -> None:
    register_source(
        indexed(
            kind="institution",
            label=_l("Institution"),
            model=Institution,
            rows=sa.select(*columns_of(Institution, "id coalition_id kind name territory notes")),
            title=lambda r: r.name,
            body=lambda r: (KIND_SEARCH_WORDS.get(r.kind, ""), r.territory, r.notes),
            endpoint="directory.institution",
            url=lambda r: {"institution_id": r.id},
            coalitions=directory_coalitions,
            order=10,
        )
    )
    register_source(
        indexed(
            kind="office",
            label=_l("Office"),
            model=Office,
            rows=sa.select(
                *columns_of(Office, "id coalition_id name address appointment_rules accessibility"),
                Institution.name.label("institution"),
                Institution.kind,
            ).join(Institution, Institution.id == Office.institution_id),
            title=lambda r: f"{r.institution} — {r.name}",
            body=lambda r: (r.address, r.appointment_rules, r.accessibility),
            endpoint="directory.office",
            url=lambda r: {"office_id": r.id},
            watch={Institution: watch_children(Office.institution_id)},
            coalitions=directory_coalitions,
            order=20,
        )
    )
    register_source(
        indexed(
            kind="contact",
            label=_l("Contact"),
            model=Contact,
            rows=sa.select(
                *columns_of(Contact, "id coalition_id name role can_unblock erased_at"),
                Institution.name.label("institution"),
                Institution.kind,
                Office.name.label("office"),
            )
            .join(Institution, Institution.id == Contact.institution_id)
            .outerjoin(Office, Office.id == Contact.office_id),
            keep=lambda r: r.erased_at is None,
            title=lambda r: r.name or r.role,
            body=lambda r: (r.role, r.institution, r.office, r.can_unblock),
            endpoint="directory.contact",
            url=lambda r: {"contact_id": r.id},
            watch={
                Institution: watch_children(Contact.institution_id),
                Office: watch_children(Contact.office_id),
            },
            coalitions=directory_coalitions,
            order=30,
        )
    )
