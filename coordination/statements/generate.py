"""Statements for the large fictional dataset (`flask demo generate`): at scale 1, 50 per
coalition (5,000) with 6 to 15 revisions each (over 50,000), comments, and for those
past drafting their decision, answers, co-signatories and fate. Bulk inserts only."""

from datetime import timedelta

import sqlalchemy as sa

from coordination.coalitions.models import Association
from coordination.consent.models import Decision, DecisionAnswer
from coordination.extensions import db
from coordination.statements.models import (
    ADOPTED,
    CONSULTATION,
    DRAFT,
    SENT,
    Statement,
    StatementComment,
    StatementEvent,
    StatementRevision,
    StatementSignatory,
)
from coordination.statements.signoff import ADOPT
from coordination.web.markdown import render_markdown

PARAGRAPHS = [
    "Madame, Monsieur,",
    "Les associations de notre coalition accueillent chaque semaine davantage de familles.",
    "Nous constatons des délais croissants pour l'accès aux droits et aux aides d'urgence.",
    "Nous demandons :\n\n- un rendez-vous annuel avec vos services ;\n- des délais tenus.",
    "Nous restons à votre disposition pour vous présenter nos constats.",
    "Veuillez agréer l'expression de notre considération.",
]
RECIPIENTS = ["Conseil départemental (fictif)", "Préfecture (fictive)", "CAF (fictive)"]


def _body(k: int) -> str:
    """Revision k: the text grows paragraph by paragraph, then sentences are reworded."""
    parts = PARAGRAPHS[: min(k, len(PARAGRAPHS))]
    if k > len(PARAGRAPHS):
        parts = [*parts, f"Précision apportée à la version {k}."]
    return "\n\n".join(parts) + "\n"


def generate(ctx) -> None:
    rng, now = ctx.rng, ctx.now
    per_coalition = max(1, ctx.n(5000) // max(1, len(ctx.coalition_ids)))
    html_cache: dict[int, str] = {}

    def html(k):
        if k not in html_cache:
            html_cache[k] = str(render_markdown(_body(k)))
        return html_cache[k]

    plan = []  # (coalition, status, revisions)
    for coalition_id in ctx.coalition_ids:
        for _ in range(per_coalition):
            roll = rng.random()
            status = DRAFT if roll < 0.3 else CONSULTATION if roll < 0.4 else ADOPTED
            if status == ADOPTED and rng.random() < 0.5:
                status = SENT
            plan.append((coalition_id, status, rng.randint(6, 15)))
    before = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Statement.id), 0)))
    ctx.insert(
        Statement,
        (
            {
                "coalition_id": c,
                "title": f"Déclaration commune générée n°{before + i + 1}",
                "recipient": rng.choice(RECIPIENTS),
                "purpose": "Faire entendre les constats des associations.",
                "status": status,
                "current_number": revisions,
                "frozen_number": revisions if status != DRAFT else None,
                "adopted_at": now - timedelta(days=20) if status in (ADOPTED, SENT) else None,
                "created_by_association_id": ctx.members[c][0],
                "created_at": now - timedelta(days=60 + revisions),
                "updated_at": now - timedelta(days=rng.randint(1, 20)),
            }
            for i, (c, status, revisions) in enumerate(plan)
        ),
    )
    ids = list(
        db.session.scalars(
            sa.select(Statement.id).where(Statement.id > before).order_by(Statement.id)
        )
    )
    statements = list(zip(ids, plan, strict=True))

    def author(c):
        association = rng.choice(ctx.members[c])
        users = ctx.delegates.get(association) or [None]
        return rng.choice(users), association

    def revision_rows():
        for sid, (c, _status, revisions) in statements:
            for k in range(1, revisions + 1):
                user, association = author(c)
                yield {
                    "statement_id": sid,
                    "coalition_id": c,
                    "number": k,
                    "title": f"Déclaration commune générée n°{sid}",
                    "recipient": RECIPIENTS[sid % len(RECIPIENTS)],
                    "purpose": "Faire entendre les constats des associations.",
                    "body": _body(k),
                    "body_html": html(k),
                    "summary": f"Version {k}",
                    "kind": "edit",
                    "author_id": user,
                    "association_id": association,
                    "created_at": now - timedelta(days=60 + revisions - k),
                }

    ctx.insert(StatementRevision, revision_rows())

    def comment_rows():
        for sid, (c, _status, revisions) in statements:
            for k in range(rng.randint(0, 4)):
                user, association = author(c)
                yield {
                    "statement_id": sid,
                    "coalition_id": c,
                    "revision_number": rng.randint(1, revisions),
                    "quote": "",
                    "body": f"Commentaire généré {k + 1}.",
                    "author_id": user,
                    "association_id": association,
                    "created_at": now - timedelta(days=30, hours=k),
                    "resolved_at": now - timedelta(days=29) if k % 2 else None,
                }

    ctx.insert(StatementComment, comment_rows())

    signed = [(sid, plan_) for sid, plan_ in statements if plan_[1] != DRAFT]
    before_decision = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Decision.id), 0)))
    ctx.insert(
        Decision,
        (
            {
                "coalition_id": c,
                "kind": ADOPT,
                "title": f"Adopter la déclaration commune n°{sid}",
                "description": _body(revisions),
                "payload": {"statement_id": sid, "revision_number": revisions},
                "subject_type": "Statement",
                "subject_id": sid,
                "guests_may_answer": False,
                "status": "open" if status == CONSULTATION else "passed",
                "round": 1,
                "opened_by_association_id": ctx.members[c][0],
                "opened_at": now - timedelta(days=25),
                "deadline": now + timedelta(days=7)
                if status == CONSULTATION
                else now - timedelta(days=11),
                "closed_at": None if status == CONSULTATION else now - timedelta(days=20),
                "outcome_note": "",
            }
            for sid, (c, status, revisions) in signed
        ),
    )
    decision_of = dict(
        db.session.execute(
            sa.select(Decision.subject_id, Decision.id).where(
                Decision.id > before_decision, Decision.kind == ADOPT
            )
        ).all()
    )
    table = Statement.__table__
    if decision_of:
        db.session.execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("sid"))
            .values(decision_id=sa.bindparam("did")),
            [{"sid": s, "did": d} for s, d in decision_of.items()],
        )
    answers, signatories, events = [], [], []
    names = dict(
        db.session.execute(
            sa.select(Association.id, Association.name).where(
                Association.id.in_({a for m in ctx.members.values() for a in m})
            )
        ).all()
    )
    for sid, (c, status, _revisions) in signed:
        voters = ctx.members[c] if status != CONSULTATION else ctx.members[c][:2]
        for association in voters:
            value = "agree" if status == CONSULTATION or rng.random() < 0.85 else "abstain"
            answers.append(
                {
                    "decision_id": decision_of[sid],
                    "association_id": association,
                    "round": 1,
                    "answer": value,
                    "reason": "",
                    "answered_at": now - timedelta(days=21),
                }
            )
            if status != CONSULTATION and value == "agree":
                signatories.append(
                    {
                        "statement_id": sid,
                        "coalition_id": c,
                        "association_id": association,
                        "name": names[association],
                        "guest": False,
                        "signed_at": now - timedelta(days=20),
                    }
                )
        if status == SENT:
            events.append(
                {
                    "statement_id": sid,
                    "coalition_id": c,
                    "kind": SENT,
                    "on": (now - timedelta(days=15)).date(),
                    "note": "Envoyée par courrier.",
                    "created_at": now - timedelta(days=15),
                }
            )
    ctx.insert(DecisionAnswer, answers)
    ctx.insert(StatementSignatory, signatories)
    ctx.insert(StatementEvent, events)
