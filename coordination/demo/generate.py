"""The large fictional dataset for benchmarks: `flask demo generate --scale S`.

At scale 1 (the default): 100 coalitions, 600 associations, 2,000 delegates, and what each
feature adds in proportion (≥ 5,000 meetings with ≥ 40,000 agenda items, ≥ 20,000 contacts,
≥ 5,000 statements with ≥ 50,000 revisions…). Rows go in with bulk INSERTs (executemany),
in batches, so that it runs in minutes on 2 cores with SQLite or PostgreSQL.

Features add their part with `register_generator(order, fn)`; `fn(ctx)` receives a
GenerationContext and inserts rows with `ctx.insert(Model, rows)`.
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.accounts.passwords import hash_password
from coordination.coalitions.models import Association, Coalition, LogEntry, Membership
from coordination.consent.models import Decision, DecisionAnswer
from coordination.db import utcnow
from coordination.extensions import db

BATCH = 2000
FIRST_NAMES = [
    "Claire",
    "Youssef",
    "Hélène",
    "Marc",
    "Sophie",
    "Thomas",
    "Fatou",
    "Pierre",
    "Julie",
    "Nadia",
    "Jean",
    "Aminata",
    "Lucie",
    "Karim",
    "Élodie",
    "Bruno",
    "Chantal",
    "Mehdi",
    "Anne",
    "Paul",
    "Inès",
    "Hugo",
    "Mireille",
    "Sékou",
]
LAST_NAMES = [
    "Martin",
    "Benali",
    "Dubois",
    "Lefèvre",
    "Garnier",
    "Nguyen",
    "Diallo",
    "Rousseau",
    "Moreau",
    "Haddad",
    "Perrin",
    "Koné",
    "Lambert",
    "Roux",
    "Fontaine",
    "Chevalier",
    "Mercier",
    "Blanc",
    "Guerin",
    "Faure",
    "Traoré",
    "Leroy",
]
KINDS = [
    "Banque solidaire",
    "Épicerie sociale",
    "Secours",
    "Entraide",
    "Amicale",
    "Collectif",
    "Maison des familles",
    "Accueil de jour",
    "Restos",
    "Jardins",
]
PLACES = [
    "Brie",
    "Vallée",
    "Plateau",
    "Marne",
    "Tilleuls",
    "Val",
    "Coteaux",
    "Bocage",
    "Faubourg",
    "Moulin",
    "Étang",
    "Forêt",
    "Bourg",
    "Rives",
    "Source",
]


@dataclass
class GenerationContext:
    scale: float
    rng: random.Random
    now: datetime
    coalition_ids: list[int] = field(default_factory=list)
    association_ids: list[int] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=dict)  # coalition -> associations
    delegates: dict[int, list[int]] = field(default_factory=dict)  # association -> users
    counts: dict[str, int] = field(default_factory=dict)

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def insert(self, model, rows: Iterable[dict]) -> int:
        """Bulk insert in batches; returns how many rows went in."""
        table = model.__table__
        total, batch = 0, []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                db.session.execute(sa.insert(table), batch)
                total += len(batch)
                batch = []
        if batch:
            db.session.execute(sa.insert(table), batch)
            total += len(batch)
        self.counts[table.name] = self.counts.get(table.name, 0) + total
        return total

    def ids(self, model, **filters) -> list[int]:
        stmt = sa.select(model.id).order_by(model.id)
        for key, value in filters.items():
            stmt = stmt.where(getattr(model, key) == value)
        return list(db.session.scalars(stmt))

    def by_coalition(self, *columns) -> dict[int, list]:
        """The values of `columns` (one model's) in that model's rows of the generated
        coalitions, grouped by coalition, in id order: {coalition_id: [value, …]} for one
        column, {coalition_id: [(value, value, …), …]} for several."""
        model = columns[0].class_
        groups: dict[int, list] = {}
        for coalition_id, *values in db.session.execute(
            sa.select(model.coalition_id, *columns)
            .where(model.coalition_id.in_(self.coalition_ids))
            .order_by(model.id)
        ):
            groups.setdefault(coalition_id, []).append(
                values[0] if len(values) == 1 else tuple(values)
            )
        return groups

    def delegates_of_coalition(self, coalition_id: int) -> list[int]:
        return [u for a in self.members[coalition_id] for u in self.delegates.get(a, [])]


_generators: list[tuple[int, Callable]] = []


def register_generator(order: int, fn: Callable[[GenerationContext], None]) -> None:
    if fn not in [g for _o, g in _generators]:
        _generators.append((order, fn))
        _generators.sort(key=lambda item: item[0])


def _core(ctx: GenerationContext) -> None:
    rng, now = ctx.rng, ctx.now
    start_assoc = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Association.id), 0)))
    n_assoc = ctx.n(600)
    ctx.insert(
        Association,
        (
            {
                "name": f"{rng.choice(KINDS)} {rng.choice(PLACES)} n°{start_assoc + i}",
                "short_name": f"A{start_assoc + i}",
                "venue_name": f"Salle {i}",
                "address": f"{i} rue Imaginaire, 99{i % 1000:03d} Ville-Fictive",
                "access_notes": "",
                "can_host": rng.random() > 0.15,
                "created_at": now,
            }
            for i in range(1, n_assoc + 1)
        ),
    )
    ctx.association_ids = ctx.ids(Association)[-n_assoc:]

    password_hash = hash_password("demo-concertation-2026")  # one hash, shared: fast to load
    start_user = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(User.id), 0)))
    n_users = ctx.n(2000)
    ctx.insert(
        User,
        (
            {
                "association_id": ctx.association_ids[i % n_assoc],
                "email": f"delegue{start_user + i}@generated.example",
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "phone": "",
                "password_hash": password_hash,
                "locale": "fr",
                "active": True,
                "created_at": now,
            }
            for i in range(n_users)
        ),
    )
    for user_id, association_id in db.session.execute(
        sa.select(User.id, User.association_id).where(User.id > start_user)
    ):
        ctx.delegates.setdefault(association_id, []).append(user_id)

    n_coalitions = ctx.n(100)
    start_coal = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Coalition.id), 0)))
    ctx.insert(
        Coalition,
        (
            {
                "name": f"Collectif généré n°{start_coal + i} — {rng.choice(PLACES)}",
                "territory": f"Territoire fictif {i}",
                "description": "",
                "cadence_months": 3,
                "attendance_quota": 2,
                "decision_days": 14,
                "stale_contact_months": 6,
                "guests_see_directory": False,
                "public_statements": False,
                "created_at": now,
            }
            for i in range(1, n_coalitions + 1)
        ),
    )
    ctx.coalition_ids = ctx.ids(Coalition)[-n_coalitions:]

    memberships = []
    for index, coalition_id in enumerate(ctx.coalition_ids):
        # Each coalition: 6 member associations of its own, sometimes one shared, one guest.
        own = [ctx.association_ids[(index * 6 + k) % n_assoc] for k in range(6)]
        if index and rng.random() < 0.3:
            own.append(ctx.association_ids[((index - 1) * 6) % n_assoc])
        ctx.members[coalition_id] = sorted(set(own))
        for association_id in ctx.members[coalition_id]:
            memberships.append(
                {
                    "coalition_id": coalition_id,
                    "association_id": association_id,
                    "role": "member",
                    "since": date(2018, 1, 1),
                }
            )
        guest = ctx.association_ids[(index * 6 + 7) % n_assoc]
        if guest not in ctx.members[coalition_id]:
            memberships.append(
                {
                    "coalition_id": coalition_id,
                    "association_id": guest,
                    "role": "guest",
                    "since": date(2023, 1, 1),
                }
            )
    ctx.insert(Membership, memberships)

    decisions = []
    for coalition_id in ctx.coalition_ids:
        for k in range(5):
            opener = rng.choice(ctx.members[coalition_id])
            decisions.append(
                {
                    "coalition_id": coalition_id,
                    "kind": "coalition.settings",
                    "title": f"Changer les paramètres ({k + 1})",
                    "description": "",
                    "payload": {"changes": {"attendance_quota": 2}},
                    "guests_may_answer": False,
                    "status": "open" if k == 4 else "passed",
                    "round": 1,
                    "opened_by_association_id": opener,
                    "opened_at": now - timedelta(days=30 * (5 - k)),
                    "deadline": now + timedelta(days=10) if k == 4 else now - timedelta(days=20),
                    "closed_at": None if k == 4 else now - timedelta(days=25 * (5 - k)),
                    "outcome_note": "",
                }
            )
    ctx.insert(Decision, decisions)
    answers = []
    for decision_id, coalition_id, status in db.session.execute(
        sa.select(Decision.id, Decision.coalition_id, Decision.status).where(
            Decision.coalition_id.in_(ctx.coalition_ids)
        )
    ):
        voters = ctx.members[coalition_id] if status == "passed" else ctx.members[coalition_id][:3]
        answers.extend(
            {
                "decision_id": decision_id,
                "association_id": a,
                "round": 1,
                "answer": "agree",
                "reason": "",
                "answered_at": now,
            }
            for a in voters
        )
    ctx.insert(DecisionAnswer, answers)
    ctx.insert(
        LogEntry,
        (
            {
                "coalition_id": c,
                "at": now - timedelta(hours=k),
                "action": "decision.opened",
                "summary": f"Décision générée {k}",
                "association_id": ctx.members[c][0],
            }
            for c in ctx.coalition_ids
            for k in range(20)
        ),
    )


def generate(scale: float = 1.0, seed: int = 1983, now: datetime | None = None) -> dict:
    ctx = GenerationContext(scale=scale, rng=random.Random(seed), now=now or utcnow())
    _core(ctx)
    db.session.flush()
    for _order, fn in _generators:
        fn(ctx)
        db.session.flush()
    return ctx.counts
