"""Every read of the directory, in one place, public to the features built on it (the
commitments read institutions and contacts only through these functions).

Statements are built once, on first use (`functools.cache`: composing them costs more
than running them), with bound parameters; rows come back in one shape, a NamedTuple.
Cold pages (institution, office, forms) stay on the ORM with `lazy="raise"` relationships
and explicit loader options.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from coordination.directory.models import Contact, Institution, Office
from coordination.extensions import db

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
