"""The directory's part of the large dataset, at a small scale: counts in proportion,
coherent rows (same coalition everywhere, hours and follow-ups that make sense), fictional
details only, and search documents that find generated contacts."""

import pytest
import sqlalchemy as sa

from coordination.coalitions.models import Membership
from coordination.commitments.deadlines import PENDING
from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.demo.generate import generate
from coordination.directory.generate import CONTACTS_PER_COALITION
from coordination.directory.models import (
    Contact,
    Institution,
    Office,
    OpeningSlot,
)
from coordination.meetings.models import Meeting
from coordination.search import service
from coordination.search.backends import create_structures
from coordination.search.models import SearchDocument
from coordination.situations.models import Situation


@pytest.fixture
def counts(db):
    create_structures(db.session.connection())
    return generate(scale=0.02, seed=11)


def count(db, stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))


def test_counts_are_in_proportion(db, counts):
    coalitions = counts["coalition"]
    assert coalitions == 2
    assert counts["institution"] == 8 * coalitions
    assert counts["office"] == 16 * coalitions
    assert counts["opening_slot"] >= 3 * counts["office"]
    assert counts["contact"] == CONTACTS_PER_COALITION * coalitions
    assert counts["situation"] == 60 * coalitions
    assert counts["commitment"] == 20 * coalitions
    assert counts["commitment_follow_up"] >= counts["commitment"]
    for kind in ("institution", "office", "contact", "commitment"):
        assert counts[f"search_document ({kind})"] == counts[kind], kind


def test_rows_are_coherent(db, counts):
    mismatched = [
        sa.select(Office.id)
        .join(Institution, Institution.id == Office.institution_id)
        .where(Office.coalition_id != Institution.coalition_id),
        sa.select(Contact.id)
        .join(Institution, Institution.id == Contact.institution_id)
        .where(Contact.coalition_id != Institution.coalition_id),
        sa.select(Contact.id)
        .join(Office, Office.id == Contact.office_id)
        .where(Office.institution_id != Contact.institution_id),
        sa.select(OpeningSlot.id)
        .join(Office, Office.id == OpeningSlot.office_id)
        .where(Office.coalition_id != OpeningSlot.coalition_id),
        sa.select(Situation.id)
        .join(Contact, Contact.id == Situation.contact_id)
        .where(Contact.coalition_id != Situation.coalition_id),
        sa.select(Situation.id)
        .join(Office, Office.id == Situation.office_id)
        .where(Office.institution_id != Situation.institution_id),
        sa.select(Commitment.id)
        .join(Meeting, Meeting.id == Commitment.meeting_id)
        .where(Meeting.coalition_id != Commitment.coalition_id),
        sa.select(CommitmentFollowUp.id)
        .join(Commitment, Commitment.id == CommitmentFollowUp.commitment_id)
        .where(CommitmentFollowUp.happened_on < Commitment.promised_on),
        sa.select(SearchDocument.id)
        .join(Contact, Contact.id == SearchDocument.object_id)
        .where(
            SearchDocument.kind == "contact", SearchDocument.coalition_id != Contact.coalition_id
        ),
    ]
    for stmt in mismatched:
        assert count(db, stmt) == 0, str(stmt)
    # Some commitments were made at the coalition's (held) meetings.
    assert count(db, sa.select(Commitment.id).where(Commitment.meeting_id.is_not(None))) > 0
    # A settled commitment ends with its status change; a pending one has none.
    settled = db.session.execute(
        sa.select(Commitment.id, Commitment.status).where(Commitment.status != PENDING)
    ).all()
    assert settled
    for commitment_id, status in settled:
        last = db.session.scalars(
            sa.select(CommitmentFollowUp.new_status)
            .where(CommitmentFollowUp.commitment_id == commitment_id)
            .order_by(CommitmentFollowUp.happened_on.desc(), CommitmentFollowUp.id.desc())
        ).first()
        assert last == status
    # Fictional details only; some entries are stale, most are not.
    details = db.session.execute(sa.select(Contact.email, Contact.phone)).all()
    assert all(e.endswith(".example") and p.startswith("01 99 00 ") for e, p in details)
    checked = db.session.scalars(sa.select(Contact.last_checked_on)).all()
    assert len({d.isoformat() for d in checked}) > 50


def test_search_finds_generated_contacts(db, counts):
    contact = db.session.scalars(
        sa.select(Contact).where(Contact.kind == "person").order_by(Contact.id.desc())
    ).first()
    association_id = db.session.scalar(
        sa.select(Membership.association_id).where(
            Membership.coalition_id == contact.coalition_id, Membership.role == "member"
        )
    )
    viewer = service.viewer_for(association_id)
    results = service.search(viewer, contact.name, coalition_id=contact.coalition_id, per_page=300)
    assert any(
        h.kind == "contact" and h.url.endswith(f"/contacts/{contact.id}") for h in results.hits
    )
    cpam = service.search(viewer, "cpam", coalition_id=contact.coalition_id, per_page=300)
    assert {h.kind for h in cpam.hits} >= {"institution", "office", "contact"}
    # Only that coalition's directory: a member of another generated coalition finds none of it.
    other = db.session.scalar(
        sa.select(Membership.association_id).where(
            Membership.coalition_id != contact.coalition_id,
            Membership.role == "member",
            Membership.association_id.not_in(
                sa.select(Membership.association_id).where(
                    Membership.coalition_id == contact.coalition_id
                )
            ),
        )
    )
    outsider = service.search(service.viewer_for(other), contact.name, per_page=300)
    assert all(h.coalition_id != contact.coalition_id for h in outsider.hits)
