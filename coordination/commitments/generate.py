"""The commitments' part of the large fictional dataset (`flask demo generate --scale S`),
run right after the directory's (it draws from the same random generator, in the same
order as when both were one function, so a given seed gives the same data).

Per coalition: 20 commitments of its institutions and contacts (a third made at one of
the coalition's held meetings) with 1 to 3 follow-ups, settled ones ending with their
status change. At scale 1 (100 coalitions): 2,000 commitments.
"""

from datetime import date, timedelta

import sqlalchemy as sa

from coordination.commitments.deadlines import BROKEN, KEPT, PARTIAL, PENDING
from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.directory.generate import max_id
from coordination.directory.models import Contact
from coordination.extensions import db
from coordination.meetings.models import HELD, Meeting

COMMITMENTS_PER_COALITION = 20

PROMISES = [
    "Permanence mensuelle dans les locaux d'une association",
    "Délai de traitement des dossiers ramené à un mois",
    "Réouverture de l'accueil sans rendez-vous",
    "Ligne téléphonique dédiée aux associations partenaires",
    "Rappel sous huit jours après chaque signalement",
    "Réunion d'information pour les bénévoles",
    "Accueil en langue anglaise deux matinées par semaine",
    "Borne numérique accompagnée à l'accueil",
]


def generate(ctx) -> None:
    rng, now = ctx.rng, ctx.now
    today = now.date()
    association_of = {u: a for a, users in ctx.delegates.items() for u in users}
    people = {c: ctx.delegates_of_coalition(c) or [None] for c in ctx.coalition_ids}

    def author(coalition_id):
        user = rng.choice(people[coalition_id])
        return user, association_of.get(user)

    # The contacts the directory's part just made (these coalitions are new: all of theirs).
    contact_ids = ctx.by_coalition(Contact.id, Contact.office_id, Contact.institution_id)

    # Commitments, a third of them made at one of the coalition's held meetings.
    held: dict[int, list[tuple[int, date]]] = {}
    for meeting_id, coalition_id, starts_at in db.session.execute(
        sa.select(Meeting.id, Meeting.coalition_id, Meeting.starts_at).where(
            Meeting.coalition_id.in_(ctx.coalition_ids),
            Meeting.status == HELD,
            Meeting.starts_at.is_not(None),
        )
    ):
        held.setdefault(coalition_id, []).append((meeting_id, starts_at.date()))
    first_commitment = max_id(Commitment)
    promises, plans = [], []
    for coalition_id in ctx.coalition_ids:
        for k in range(COMMITMENTS_PER_COALITION):
            contact_id, _office_id, institution_id = rng.choice(contact_ids[coalition_id])
            meeting = None
            if held.get(coalition_id) and k % 3 == 0:
                meeting = rng.choice(held[coalition_id])
            promised_on = meeting[1] if meeting else today - timedelta(days=rng.randint(5, 600))
            due_on = promised_on + timedelta(days=rng.randint(20, 240))
            status = rng.choice([PENDING, PENDING, PENDING, KEPT, PARTIAL, BROKEN])
            if status != PENDING and due_on > today:
                status = PENDING  # only what has come due is settled
            user, association = author(coalition_id)
            promises.append(
                {
                    "coalition_id": coalition_id,
                    "institution_id": institution_id,
                    "contact_id": contact_id if rng.random() < 0.6 else None,
                    "promised_by": rng.choice(["Le directeur", "La directrice de l'accueil", ""]),
                    "title": rng.choice(PROMISES),
                    "details": "",
                    "promised_on": promised_on,
                    "context": "Réunion du collectif"
                    if meeting
                    else "Rencontre avec l'institution",
                    "meeting_id": meeting[0] if meeting else None,
                    "statement_id": None,
                    "due_on": due_on,
                    "status": status,
                    "created_by_id": user,
                    "created_by_association_id": association,
                    "updated_at": now,
                    "created_at": now,
                }
            )
            plans.append((promised_on, due_on, status, user, association))
    ctx.insert(Commitment, promises)
    commitment_ids = [
        row[0]
        for row in db.session.execute(
            sa.select(Commitment.id).where(Commitment.id > first_commitment).order_by(Commitment.id)
        )
    ]
    steps = []
    for commitment_id, promise, plan in zip(commitment_ids, promises, plans, strict=True):
        coalition_id = promise["coalition_id"]
        promised_on, due_on, status, user, association = plan
        last = min(today, due_on + timedelta(days=10))
        span = max((last - promised_on).days, 1)
        count = rng.randint(1, 3)
        for n in range(count):
            settles = status != PENDING and n == count - 1
            steps.append(
                {
                    "coalition_id": coalition_id,
                    "commitment_id": commitment_id,
                    "happened_on": promised_on + timedelta(days=span * (n + 1) // count),
                    "note": "Constat fait en réunion." if settles else "Relance par courrier.",
                    "new_status": status if settles else None,
                    "author_id": user,
                    "author_association_id": association,
                    "created_at": now,
                }
            )
    ctx.insert(CommitmentFollowUp, steps)

    _index(ctx, first_commitment)


def _index(ctx, first: int) -> None:
    """Search documents of the new commitments, built in chunks by their source."""
    from coordination.search import indexing

    ids = list(db.session.scalars(sa.select(Commitment.id).where(Commitment.id > first)))
    key = "search_document (commitment)"
    ctx.counts[key] = ctx.counts.get(key, 0) + indexing.reindex_objects(
        db.session, "commitment", ids
    )
