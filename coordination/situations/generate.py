"""The situations' part of the large fictional dataset (`flask demo generate --scale S`),
run after the directory's: per collectif, 60 situations of its institutions (an office
and a contact when it has them), a third of them still open, with 1 to 3 obstacles and
1 to 2 steps. At scale 1 (100 collectifs): 6,000 situations.

It draws from its own random generator (seeded), so the other features' data stay the
same whether or not this part runs."""

import random
from datetime import timedelta

import sqlalchemy as sa

from coordination.directory.generate import max_id
from coordination.directory.models import Contact, Institution, Office
from coordination.extensions import db
from coordination.situations.models import Situation, SituationObstacle, SituationStep
from coordination.situations.vocabulary import OBSTACLES, OUTCOMES, STEP_CHOICES, THEMES

SITUATIONS_PER_COALITION = 60
SUMMARIES = [
    "Dossier bloqué depuis plusieurs semaines.",
    "Demande déposée, pièce justificative refusée.",
    "Droits suspendus après un changement de situation.",
    "Rendez-vous impossible à obtenir en ligne.",
    "",
]


def _directory_of(coalition_ids):
    institutions, offices, contacts = {}, {}, {}
    for iid, cid in db.session.execute(
        sa.select(Institution.id, Institution.coalition_id).where(
            Institution.coalition_id.in_(coalition_ids)
        )
    ):
        institutions.setdefault(cid, []).append(iid)
    for oid, iid in db.session.execute(
        sa.select(Office.id, Office.institution_id).where(Office.coalition_id.in_(coalition_ids))
    ):
        offices.setdefault(iid, []).append(oid)
    for contact_id, iid in db.session.execute(
        sa.select(Contact.id, Contact.institution_id).where(Contact.coalition_id.in_(coalition_ids))
    ):
        contacts.setdefault(iid, []).append(contact_id)
    return institutions, offices, contacts


def generate(ctx) -> None:
    rng = random.Random(15_1983)
    today = ctx.now.date()
    association_of = {u: a for a, users in ctx.delegates.items() for u in users}
    institutions, offices, contacts = _directory_of(ctx.coalition_ids)
    themes, obstacles = list(THEMES), list(OBSTACLES)
    first = max_id(Situation)
    rows, plans = [], []
    for coalition_id in ctx.coalition_ids:
        people = ctx.delegates_of_coalition(coalition_id) or [None]
        for _n in range(SITUATIONS_PER_COALITION):
            if not institutions.get(coalition_id):
                break
            institution_id = rng.choice(institutions[coalition_id])
            user = rng.choice(people)
            opened_on = today - timedelta(days=rng.randint(0, 720))
            outcome = closed_on = None
            if rng.random() < 0.67:
                outcome = rng.choice(OUTCOMES[:2] * 3 + OUTCOMES)
                closed_on = min(opened_on + timedelta(days=rng.randint(0, 180)), today)
            rows.append(
                {
                    "coalition_id": coalition_id,
                    "association_id": association_of.get(user),
                    "followed_by_id": user,
                    "theme": rng.choice(themes),
                    "institution_id": institution_id,
                    "office_id": rng.choice(offices[institution_id])
                    if offices.get(institution_id) and rng.random() < 0.7
                    else None,
                    "contact_id": rng.choice(contacts[institution_id])
                    if contacts.get(institution_id) and rng.random() < 0.5
                    else None,
                    "opened_on": opened_on,
                    "summary": rng.choice(SUMMARIES),
                    "outcome": outcome,
                    "closed_on": closed_on,
                    "delay_known": True,
                    "reopened_count": 0,
                    "created_at": ctx.now,
                    "updated_at": ctx.now,
                }
            )
            plans.append((coalition_id, user, opened_on, closed_on or today))
    ctx.insert(Situation, rows)
    ids = list(
        db.session.scalars(
            sa.select(Situation.id).where(Situation.id > first).order_by(Situation.id)
        )
    )
    met, steps = [], []
    for situation_id, (coalition_id, user, opened_on, last) in zip(ids, plans, strict=True):
        for code in rng.sample(obstacles, rng.randint(1, 3)):
            met.append({"coalition_id": coalition_id, "situation_id": situation_id, "code": code})
        span = max((last - opened_on).days, 0)
        for _n in range(rng.randint(1, 2)):
            steps.append(
                {
                    "coalition_id": coalition_id,
                    "situation_id": situation_id,
                    "kind": rng.choice(STEP_CHOICES),
                    "happened_on": opened_on + timedelta(days=rng.randint(0, span)),
                    "note": "",
                    "author_id": user,
                    "association_id": association_of.get(user),
                    "created_at": ctx.now,
                }
            )
    ctx.insert(SituationObstacle, met)
    ctx.insert(SituationStep, steps)
