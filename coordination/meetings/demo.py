"""Demo meetings (fictional): Brie-et-Marne's quarterly history hosted in rotation, the
next meeting with its agenda and a guest speaker, a date poll for the one after; two
monthly meetings of the Tilleuls collective. Dates are relative to today."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from coordination.meetings import operations, polls
from coordination.meetings.models import CANCELLED, HELD, HOST
from coordination.timezone import add_months, local_today, to_utc

MINUTES = """## Tour de table

- Hausse des demandes d'aide alimentaire chez les familles monoparentales.
- Délais de traitement des dossiers de complémentaire santé toujours longs.

## Points traités

{topic}

## Prochaine réunion

Chez l'association suivante dans la rotation.
"""

TOPICS = [
    "Organisation des collectes de printemps et partage des créneaux de distribution.",
    "Point sur l'accès aux droits : rendez-vous CAF difficiles à obtenir.",
    "Préparation d'un message commun au Conseil départemental sur le FEAD.",
    "Bilan de l'été : fermetures de locaux et relais entre associations.",
    "Accueil des personnes exilées : intervention de l'OFII envisagée.",
    "Précarité énergétique : retours des permanences d'hiver.",
]


def _at(day: date, hour: int = 14) -> datetime:
    return to_utc(datetime.combine(day, time(hour, 0)))


def _tuesday(day: date) -> date:
    """The Tuesday on or after `day`: the coalition meets on Tuesday afternoons."""
    return day + timedelta(days=(1 - day.weekday()) % 7)


def _plan(coalition, by, day, **extra):
    roles = operations.propose_roles(coalition, day)
    return operations.plan_meeting(
        coalition,
        by,
        starts_at=_at(day),
        duration_minutes=150,
        host_association_id=roles[HOST].choice,
        facilitator_id=roles["facilitator_id"],
        note_taker_id=roles["note_taker_id"],
        **extra,
    )


def _take_on(meeting, delegate, what: str, due_on: date):
    """An action of the meeting that `delegate` takes on for their own association."""
    return operations.add_action(
        meeting,
        delegate,
        what=what,
        association_id=delegate.association_id,
        assignee_id=delegate.id,
        due_on=due_on,
    )


def _corrected(meeting, n: int) -> str | None:
    """Once in the history, the meeting corrects the previous minutes before approving."""
    if n != 3:
        return None
    return meeting.minutes.replace("toujours longs.", "toujours longs (trois mois en moyenne).")


def load(world) -> None:
    d = world.delegates
    claire = d["claire.martin@paniers.example"]
    helene = d["helene.dubois@croix-solidaire.example"]
    sophie = d["sophie.garnier@entraide.example"]
    fatou = d["fatou.diallo@fraternel.example"]
    julie = d["julie.moreau@epicerie.example"]
    brie = world.coalitions["brie"]
    a = world.associations
    today = local_today()

    # The next quarterly meeting, about three weeks away; six held before it.
    next_day = _tuesday(today + timedelta(days=20))
    past_days = [_tuesday(add_months(next_day, -3 * k)) for k in range(6, 0, -1)]
    held = []
    for n, day in enumerate(past_days):
        meeting = _plan(brie, claire, day, title="Réunion trimestrielle")
        if held:  # each meeting approves the minutes of the one before (on its agenda)
            operations.approve_minutes(
                held[-1],
                meeting,
                helene,
                base_number=1,
                text=_corrected(held[-1], n),
                now=meeting.starts_at + timedelta(hours=1),
            )
        operations.save_minutes(meeting, claire, MINUTES.format(topic=TOPICS[n]), 0)
        operations.set_status(meeting, HELD, claire)
        for user in (claire, helene, sophie, fatou):
            operations.set_attendance(meeting, user, user_ids=[user.id], extra_names=[], quota=2)
        held.append(meeting)
    operations.record_decision(
        held[-2], helene, "Adresser un courrier commun au Conseil départemental sur le FEAD."
    )
    done = _take_on(
        held[-2], helene, "Rédiger le projet de courrier sur le FEAD", held[-1].starts_at.date()
    )
    operations.set_action_status(done, "done", helene)
    _take_on(
        held[-1],
        sophie,
        "Recenser les familles sans solution de garde pendant les distributions",
        next_day - timedelta(days=7),
    )
    _take_on(
        held[-1],
        claire,
        "Demander un rendez-vous au service social départemental",
        next_day + timedelta(days=30),
    )

    # The next meeting: open agenda, one urgent item, a guest speaker, a guest association.
    upcoming = _plan(brie, claire, next_day, title="Réunion trimestrielle")
    operations.invite_guest_association(upcoming, a["epicerie"].id, claire)
    child = operations.propose_item(
        upcoming,
        sophie,
        title="Protection de l'enfance : les informations préoccupantes",
        topic="Protection de l'enfance",
        duration_minutes=40,
        description="Comment et quand transmettre une **information préoccupante** ? "
        "Intervention d'une association départementale.",
    )
    operations.propose_item(
        upcoming,
        helene,
        title="Colis d'hiver : coordination des dates",
        topic="Aide alimentaire",
        duration_minutes=30,
        links="https://example.org/calendrier-colis",
    )
    operations.propose_item(
        upcoming,
        julie,
        title="Épicerie solidaire : présentation du nouveau local",
        topic="Aide alimentaire",
        duration_minutes=20,
    )
    operations.propose_item(
        upcoming,
        fatou,
        title="Fermeture annoncée de l'accueil CAF de Melun-Fictif",
        topic="Accès aux droits",
        duration_minutes=20,
        urgent=True,
    )
    speaker = operations.invite_speaker(
        upcoming,
        sophie,
        organisation="Association départementale de protection de l'enfance (fictive)",
        person="Mme Laure Fictive",
        role="Éducatrice spécialisée, cheffe de service",
        email="accueil@adpe-fictive.example",
        phone="01 99 00 12 34",
        postal_address="10 rue de l'Exemple\n77000 Melun-Fictif",
        topic="Les informations préoccupantes : repérer, transmettre, accompagner",
        agenda_item_id=child.id,
        delegate_id=sophie.id,
    )
    operations.change_speaker_status(speaker, "invited", sophie)
    for user in (claire, helene):
        operations.set_attendance(upcoming, user, user_ids=[user.id], extra_names=[], quota=2)

    # The one after: date still open, a poll in progress.
    following = operations.plan_meeting(
        brie, helene, title="Réunion trimestrielle", starts_at=None, duration_minutes=150
    )
    base = _tuesday(add_months(next_day, 3))
    poll = polls.open_poll(following, helene, [_at(base + timedelta(days=k)) for k in (0, 2, 7)])
    slots = [s.id for s in polls.slots_of(poll)]
    polls.answer(poll, claire, dict(zip(slots, ["yes", "maybe", "no"], strict=True)))
    polls.answer(poll, helene, dict(zip(slots, ["yes", "yes", "maybe"], strict=True)))
    polls.answer(poll, sophie, dict(zip(slots, ["no", "yes", "yes"], strict=True)))

    # Tilleuls: monthly meetings.
    tilleuls = world.coalitions["tilleuls"]
    nadia = d["nadia.haddad@tilleuls.example"]
    last = _plan(tilleuls, nadia, _tuesday(add_months(today, -1)), title="Réunion mensuelle")
    operations.save_minutes(
        last, nadia, "## Accueil CPAM\n\n- Relance écrite envoyée.\n- Pétition : 312 signatures.", 0
    )
    operations.set_status(last, HELD, nadia)
    cancelled = _plan(tilleuls, nadia, _tuesday(add_months(today, -2)), title="Réunion mensuelle")
    operations.set_status(cancelled, CANCELLED, nadia)
    nxt = _plan(tilleuls, nadia, _tuesday(today + timedelta(days=9)), title="Réunion mensuelle")
    operations.propose_item(
        nxt,
        nadia,
        title="Réponse de la CPAM à notre courrier",
        topic="Accès aux droits",
        duration_minutes=30,
    )


# --- `flask demo generate --scale S`: the large fictional dataset ------------------------

TOPIC_WORDS = ["Aide alimentaire", "Logement", "Accès aux droits", "Santé", "Énergie", "Enfance"]


def generate(ctx) -> None:
    """Per coalition: 50 meetings (one a month back from now, the last two planned), each
    with 8 agenda items, 2 action items (a third of them open) and one attendee per
    member association — about 5,000 meetings and 40,000 items at scale 1."""
    from coordination.coalitions.models import Association
    from coordination.extensions import db
    from coordination.meetings.models import ActionItem, AgendaItem, Attendance, Meeting

    rng, now = ctx.rng, ctx.now
    hosts_ok = set(
        db.session.scalars(
            sa.select(Association.id).where(
                Association.id.in_(ctx.association_ids), Association.can_host.is_(True)
            )
        )
    )
    meetings = []
    for coalition_id in ctx.coalition_ids:
        members = ctx.members[coalition_id]
        able = [a for a in members if a in hosts_ok] or members
        people = ctx.delegates_of_coalition(coalition_id) or [None]
        for k in range(50):
            starts = now + timedelta(days=30 * (k - 47))
            host = able[k % len(able)]
            meetings.append(
                {
                    "coalition_id": coalition_id,
                    "title": "Réunion mensuelle",
                    "starts_at": starts.replace(hour=13, minute=0, second=0, microsecond=0),
                    "duration_minutes": 150,
                    "place": f"Salle de l'association {host}",
                    "access_notes": "",
                    "video_url": "",
                    "host_association_id": host,
                    "facilitator_id": people[k % len(people)],
                    "note_taker_id": people[(k + 1) % len(people)],
                    "status": "held" if starts < now else "planned",
                    "minutes": "## Tour de table\n\n- Échanges." if starts < now else "",
                    "minutes_version": 1 if starts < now else 0,
                    "created_at": now,
                }
            )
    first = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Meeting.id), 0)))
    first_item = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(AgendaItem.id), 0)))
    ctx.insert(Meeting, meetings)
    rows = db.session.execute(
        sa.select(Meeting.id, Meeting.coalition_id, Meeting.status).where(Meeting.id > first)
    ).all()
    ctx.insert(
        AgendaItem,
        (
            {
                "coalition_id": coalition_id,
                "meeting_id": meeting_id,
                "title": f"Point {k + 1} : {rng.choice(TOPIC_WORDS).lower()}",
                "description": "",
                "topic": rng.choice(TOPIC_WORDS),
                "duration_minutes": rng.choice((10, 15, 20, 30)),
                "links": "",
                "urgent": k == 7 and rng.random() < 0.2,
                "position": k + 1,
                "proposer_association_id": rng.choice(ctx.members[coalition_id]),
                "created_at": now,
            }
            for meeting_id, coalition_id, _status in rows
            for k in range(8)
        ),
    )
    ctx.insert(
        ActionItem,
        (
            {
                "coalition_id": coalition_id,
                "meeting_id": meeting_id,
                "what": f"Action de suivi n°{k + 1}",
                "association_id": rng.choice(ctx.members[coalition_id]),
                "status": "open" if rng.random() < 0.33 else "done",
                "created_at": now,
            }
            for meeting_id, coalition_id, status in rows
            if status == "held"
            for k in range(2)
        ),
    )
    ctx.insert(
        Attendance,
        (
            {
                "coalition_id": coalition_id,
                "meeting_id": meeting_id,
                "association_id": association_id,
                "user_id": ctx.delegates[association_id][0],
                "extra_name": "",
            }
            for meeting_id, coalition_id, status in rows
            if status == "held"
            for association_id in ctx.members[coalition_id]
            if ctx.delegates.get(association_id)
        ),
    )
    _minutes_history(ctx, rows)
    _index_generated(ctx, [r.id for r in rows], first_item)


def _minutes_history(ctx, rows) -> None:
    """Each generated minutes as revision 1; approved at the next meeting when that one
    was held (as the migration carries old minutes over), else a draft."""
    from coordination.meetings.models_minutes import MinutesApproval, MinutesRevision

    held = sorted((r for r in rows if r.status == "held"), key=lambda r: r.id)
    ctx.insert(
        MinutesRevision,
        (
            {
                "coalition_id": r.coalition_id,
                "meeting_id": r.id,
                "number": 1,
                "text": "## Tour de table\n\n- Échanges.",
                "created_at": ctx.now,
            }
            for r in held
        ),
    )
    by_coalition: dict[int, list] = {}
    for r in held:  # ids follow the dates within a coalition
        by_coalition.setdefault(r.coalition_id, []).append(r)
    ctx.insert(
        MinutesApproval,
        (
            {
                "coalition_id": r.coalition_id,
                "meeting_id": r.id,
                "at_meeting_id": following.id,
                "revision_number": 1,
                "approved_at": ctx.now,
                "created_at": ctx.now,
            }
            for meetings in by_coalition.values()
            for r, following in zip(meetings, meetings[1:], strict=False)
        ),
    )


def _index_generated(ctx, meeting_ids: list[int], first_item: int) -> None:
    """Bulk inserts bypass the session's indexing: build the new documents in chunks."""
    from coordination.extensions import db
    from coordination.meetings.models import AgendaItem
    from coordination.meetings.search_sources import AGENDA_ITEM, MEETING, MINUTES
    from coordination.search import indexing

    item_ids = list(db.session.scalars(sa.select(AgendaItem.id).where(AgendaItem.id > first_item)))
    for kind, ids in ((MEETING, meeting_ids), (MINUTES, meeting_ids), (AGENDA_ITEM, item_ids)):
        written = indexing.reindex_objects(db.session, kind, ids)
        ctx.counts[f"search_document ({kind})"] = (
            ctx.counts.get(f"search_document ({kind})", 0) + written
        )
