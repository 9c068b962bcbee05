"""The commitments' search source: a commitment's title, institution, who promised it,
where, its details and the notes of its timeline. Seen where the directory is seen."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.db import columns_of
from coordination.directory.models import Institution
from coordination.directory.search_sources import directory_coalitions
from coordination.search.registry import Document, Source, ids_of, register_source, texts_by_id


def commitment_documents(session, ids):
    rows = session.execute(
        sa.select(
            *columns_of(Commitment, "id coalition_id title details promised_by context"),
            Institution.name.label("institution"),
        )
        .join(Institution, Institution.id == Commitment.institution_id)
        .where(Commitment.id.in_(ids))
    ).all()
    notes = texts_by_id(
        session.execute(
            sa.select(CommitmentFollowUp.commitment_id, CommitmentFollowUp.note)
            .where(CommitmentFollowUp.commitment_id.in_(ids))
            .order_by(CommitmentFollowUp.id)
        )
    )
    return [
        Document.of(
            r,
            "commitment",
            "commitments.commitment",
            r.title,
            r.institution,
            r.promised_by,
            r.context,
            r.details,
            *notes.get(r.id, []),
            commitment_id=r.id,
        )
        for r in rows
    ]


def register() -> None:
    register_source(
        Source(
            kind="commitment",
            label=_l("Commitment"),
            model=Commitment,
            build=commitment_documents,
            watch={
                Institution: lambda objs: sa.select(Commitment.id).where(
                    Commitment.institution_id.in_(ids_of(objs))
                ),
                CommitmentFollowUp: lambda objs: [o.commitment_id for o in objs],
            },
            coalitions=directory_coalitions,
            order=40,
        )
    )
