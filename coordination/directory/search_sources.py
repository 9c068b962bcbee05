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
from coordination.search.registry import Document, Source, ids_of, register_source


def directory_coalitions(viewer):
    """Members see the directory; guests only where the coalition decided so."""
    for coalition_id, role in viewer.roles.items():
        coalition = viewer.coalitions.get(coalition_id)
        if may_see_directory(role, coalition):
            yield coalition_id


def institution_documents(session, ids):
    rows = session.execute(
        sa.select(
            *columns_of(Institution, "id coalition_id kind name territory notes"),
        ).where(Institution.id.in_(ids))
    )
    return [
        Document.of(
            r,
            "institution",
            "directory.institution",
            r.name,
            KIND_SEARCH_WORDS.get(r.kind, ""),
            r.territory,
            r.notes,
            institution_id=r.id,
        )
        for r in rows
    ]


def office_documents(session, ids):
    rows = session.execute(
        sa.select(
            *columns_of(Office, "id coalition_id name address appointment_rules accessibility"),
            Institution.name.label("institution"),
            Institution.kind,
        )
        .join(Institution, Institution.id == Office.institution_id)
        .where(Office.id.in_(ids))
    )
    return [
        Document.of(
            r,
            "office",
            "directory.office",
            f"{r.institution} — {r.name}",
            r.address,
            r.appointment_rules,
            r.accessibility,
            office_id=r.id,
        )
        for r in rows
    ]


def contact_documents(session, ids):
    rows = session.execute(
        sa.select(
            *columns_of(Contact, "id coalition_id name role can_unblock erased_at"),
            Institution.name.label("institution"),
            Institution.kind,
            Office.name.label("office"),
        )
        .join(Institution, Institution.id == Contact.institution_id)
        .outerjoin(Office, Office.id == Contact.office_id)
        .where(Contact.id.in_(ids))
    )
    return [
        Document.of(
            r,
            "contact",
            "directory.contact",
            r.name or r.role,
            r.role,
            r.institution,
            r.office,
            r.can_unblock,
            contact_id=r.id,
        )
        for r in rows
        if r.erased_at is None
    ]


def register() -> None:
    register_source(
        Source(
            kind="institution",
            label=_l("Institution"),
            model=Institution,
            build=institution_documents,
            coalitions=directory_coalitions,
            order=10,
        )
    )
    register_source(
        Source(
            kind="office",
            label=_l("Office"),
            model=Office,
            build=office_documents,
            watch={
                Institution: lambda objs: sa.select(Office.id).where(
                    Office.institution_id.in_(ids_of(objs))
                )
            },
            coalitions=directory_coalitions,
            order=20,
        )
    )
    register_source(
        Source(
            kind="contact",
            label=_l("Contact"),
            model=Contact,
            build=contact_documents,
            watch={
                Institution: lambda objs: sa.select(Contact.id).where(
                    Contact.institution_id.in_(ids_of(objs))
                ),
                Office: lambda objs: sa.select(Contact.id).where(
                    Contact.office_id.in_(ids_of(objs))
                ),
            },
            coalitions=directory_coalitions,
            order=30,
        )
    )
