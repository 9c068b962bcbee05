"""The directory's part of the large fictional dataset (`flask demo generate --scale S`).

Per coalition: 8 institutions (one of each kind), 2 offices each with weekly opening hours
(a quarter of them with a closure), 200 contacts (a fifth of them functional desks,
checked at dates spread over 14 months, so that some are stale) (the commitments and the
situations: commitments/generate.py and situations/generate.py, run after this part). At
scale 1 (100 coalitions): 800 institutions, 1,600 offices, 20,000 contacts.

Rows go in with bulk INSERTs (which the session's indexing does not see); their search
documents are then built in chunks with `indexing.reindex_objects`. Everything is
fictional: `.example` e-mails, 01 99 00 xx xx phone numbers.
"""

import unicodedata
from datetime import time, timedelta

import sqlalchemy as sa

from coordination.directory.models import (
    INSTITUTION_KINDS,
    Contact,
    Institution,
    Office,
    OpeningException,
    OpeningSlot,
)
from coordination.extensions import db

CONTACTS_PER_COALITION = 200
OFFICES_PER_INSTITUTION = 2

INSTITUTION_NAMES = {
    "caf": "CAF",
    "cpam": "CPAM",
    "mds": "Maison départementale des solidarités",
    "prefecture": "Préfecture",
    "france_travail": "France Travail",
    "municipality": "CCAS",
    "ofii": "OFII — direction territoriale",
    "other": "Banque alimentaire fictive",
}
OFFICE_NAMES = ["Accueil principal", "Antenne de quartier", "Point d'accueil", "Permanence"]
ROLES = [
    "Référente partenaires associatifs",
    "Conseiller partenaires",
    "Assistante sociale de secteur",
    "Responsable de l'accueil",
    "Chargé de mission insertion",
    "Conseillère référente",
    "Agent d'accueil",
    "Cheffe de service",
]
DESKS = ["Cellule accès aux droits", "Pôle précarité", "Accueil social", "Service partenaires"]
UNBLOCKS = [
    "Dossiers de prestations familiales bloqués",
    "Couverture santé, Complémentaire santé solidaire",
    "Aide médicale de l'État (AME)",
    "Titres de séjour en attente, récépissés",
    "Radiations contestées, inscriptions bloquées",
    "Aides financières d'urgence",
    "Domiciliation, orientation",
    "Sécurité sociale des demandeurs d'asile",
    "Impayés d'énergie, chèque énergie",
]
HOURS = [
    # (weekdays, [(opens, closes), ...])
    ((1, 3), [(time(8, 30), time(12)), (time(13, 30), time(17))]),
    ((0, 1, 2, 3, 4), [(time(9), time(12, 30))]),
    ((0, 1, 3), [(time(9), time(12, 30)), (time(13, 30), time(16, 30))]),
    ((0, 2, 4), [(time(9), time(15))]),
]


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _new_ids(model, after: int) -> list[tuple]:
    """(id, coalition_id, …) of the rows inserted after id `after`, in id order."""
    columns = [model.id, model.coalition_id]
    if model is Office:
        columns.append(Office.institution_id)
    return db.session.execute(sa.select(*columns).where(model.id > after).order_by(model.id)).all()


def max_id(model) -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(model.id), 0)))


def generate(ctx) -> None:
    from coordination.demo.generate import FIRST_NAMES, LAST_NAMES, PLACES

    rng, now = ctx.rng, ctx.now
    today = now.date()
    association_of = {u: a for a, users in ctx.delegates.items() for u in users}
    people = {c: ctx.delegates_of_coalition(c) or [None] for c in ctx.coalition_ids}
    place_of = {c: f"{rng.choice(PLACES)}-Fictif" for c in ctx.coalition_ids}

    def author(coalition_id):
        user = rng.choice(people[coalition_id])
        return user, association_of.get(user)

    # Institutions: one of each kind per coalition.
    first = max_id(Institution)
    rows = []
    for coalition_id in ctx.coalition_ids:
        for kind in INSTITUTION_KINDS:
            user, association = author(coalition_id)
            rows.append(
                {
                    "coalition_id": coalition_id,
                    "kind": kind,
                    "name": f"{INSTITUTION_NAMES[kind]} de {place_of[coalition_id]}",
                    "territory": f"Territoire de {place_of[coalition_id]}",
                    "notes": "",
                    "created_by_id": user,
                    "created_by_association_id": association,
                    "created_at": now,
                }
            )
    ctx.insert(Institution, rows)
    institutions = _new_ids(Institution, first)
    by_coalition: dict[int, list[int]] = {}
    for institution_id, coalition_id in institutions:
        by_coalition.setdefault(coalition_id, []).append(institution_id)

    # Offices, their weekly hours, a closure for one in four.
    first_office = max_id(Office)
    ctx.insert(
        Office,
        (
            {
                "coalition_id": coalition_id,
                "institution_id": institution_id,
                "name": f"{OFFICE_NAMES[k % len(OFFICE_NAMES)]} n°{k + 1}",
                "address": f"{rng.randint(1, 90)} rue de l'Exemple, 99{rng.randint(0, 999):03d} "
                f"{place_of[coalition_id]}",
                "public_phone": f"01 99 00 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
                "appointment_rules": rng.choice(
                    [
                        "Sans rendez-vous le matin, sur rendez-vous l'après-midi.",
                        "Uniquement sur rendez-vous, pris en ligne ou par téléphone.",
                        "Sans rendez-vous le mardi et le jeudi.",
                    ]
                ),
                "accessibility": rng.choice(["Accès de plain-pied.", "Ascenseur.", ""]),
                "created_by_id": author(coalition_id)[0],
                "created_at": now,
            }
            for institution_id, coalition_id in institutions
            for k in range(OFFICES_PER_INSTITUTION)
        ),
    )
    offices = _new_ids(Office, first_office)
    offices_of: dict[int, list[int]] = {}
    for office_id, _coalition_id, institution_id in offices:
        offices_of.setdefault(institution_id, []).append(office_id)
    slots, closures = [], []
    for office_id, coalition_id, _institution_id in offices:
        days, parts = HOURS[office_id % len(HOURS)]
        slots.extend(
            {
                "coalition_id": coalition_id,
                "office_id": office_id,
                "weekday": day,
                "opens": opens,
                "closes": closes,
            }
            for day in days
            for opens, closes in parts
        )
        if rng.random() < 0.25:
            start = today + timedelta(days=rng.randint(-20, 60))
            closures.append(
                {
                    "coalition_id": coalition_id,
                    "office_id": office_id,
                    "first_day": start,
                    "last_day": start + timedelta(days=rng.randint(0, 13)),
                    "closed": True,
                    "opens": None,
                    "closes": None,
                    "label": "Fermeture exceptionnelle",
                }
            )
    ctx.insert(OpeningSlot, slots)
    ctx.insert(OpeningException, closures)

    # Contacts.
    first_contact = max_id(Contact)
    contacts = []
    serial = first_contact
    for coalition_id in ctx.coalition_ids:
        own = by_coalition[coalition_id]
        for k in range(CONTACTS_PER_COALITION):
            serial += 1
            institution_id = own[k % len(own)]
            office_id = rng.choice(offices_of[institution_id] + [None])
            desk = rng.random() < 0.2
            first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = rng.choice(DESKS) if desk else f"{first_name} {last_name}"
            local_part = f"accueil{serial}" if desk else f"{_ascii(first_name)}.{_ascii(last_name)}"
            user, association = author(coalition_id)
            checked_by, checked_association = author(coalition_id)
            contacts.append(
                {
                    "coalition_id": coalition_id,
                    "institution_id": institution_id,
                    "office_id": office_id,
                    "kind": "desk" if desk else "person",
                    "name": name,
                    "role": rng.choice(ROLES) if not desk else "Accueil des partenaires",
                    "phone": f"01 99 00 {serial // 100 % 100:02d} {serial % 100:02d}",
                    "email": f"{local_part}.{serial}@institution-fictive.example",
                    "can_unblock": rng.choice(UNBLOCKS),
                    "channel": "email" if desk else rng.choice(["phone", "phone", "email"]),
                    "reach_hours": "Le matin, sauf le mercredi",
                    "notes": "",
                    "added_by_id": user,
                    "added_by_association_id": association,
                    "last_checked_on": today - timedelta(days=rng.randint(0, 420)),
                    "last_checked_by_id": checked_by,
                    "last_checked_by_association_id": checked_association,
                    "updated_at": now,
                    "created_at": now,
                    "erased_at": None,
                    "erased_by_association_id": None,
                }
            )
    ctx.insert(Contact, contacts)
    contact_ids: dict[int, list[tuple[int, int | None, int]]] = {}
    for contact_id, coalition_id, office_id, institution_id in db.session.execute(
        sa.select(Contact.id, Contact.coalition_id, Contact.office_id, Contact.institution_id)
        .where(Contact.id > first_contact)
        .order_by(Contact.id)
    ):
        contact_ids.setdefault(coalition_id, []).append((contact_id, office_id, institution_id))

    _index(ctx, first, first_office, first_contact)


def _index(ctx, *firsts: int) -> None:
    """Search documents of the new rows, built in chunks by the sources themselves."""
    from coordination.search import indexing

    for (kind, model), first in zip(
        (
            ("institution", Institution),
            ("office", Office),
            ("contact", Contact),
        ),
        firsts,
        strict=True,
    ):
        ids = list(db.session.scalars(sa.select(model.id).where(model.id > first)))
        key = f"search_document ({kind})"
        ctx.counts[key] = ctx.counts.get(key, 0) + indexing.reindex_objects(db.session, kind, ids)
