"""The commitments' search source: a commitment's title, institution, who promised it,
where, its details and the notes of its timeline. Seen where the directory is seen."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.db import columns_of
from coordination.directory.models import Institution
from coordination.directory.search_sources import directory_coalitions
from coordination.search.registry import (
    indexed,
    register_source,
    texts_of,
    watch_children,
    watch_parent,
)


def register() -> None:
    register_source(
        indexed(
            kind="commitment",
            label=_l("Commitment"),
            model=Commitment,
            rows=sa.select(
                *columns_of(Commitment, "id coalition_id title details promised_by context"),
                Institution.name.label("institution"),
            ).join(Institution, Institution.id == Commitment.institution_id),
            related={"notes": texts_of(CommitmentFollowUp.commitment_id, CommitmentFollowUp.note)},
            title=lambda r: r.title,
            body=lambda r: (r.institution, r.promised_by, r.context, r.details, *r.notes),
            endpoint="commitments.commitment",
            url=lambda r: {"commitment_id": r.id},
            watch={
                Institution: watch_children(Commitment.institution_id),
                CommitmentFollowUp: watch_parent("commitment_id"),
            },
            coalitions=directory_coalitions,
            order=40,
        )
    )
