"""Demo commitments: what the fictional institutions of the demo directory promised,
one made at Brie's last held meeting. Loaded right after the directory (its institutions
and contacts are found by name); dates are relative to the day the demo is loaded, so
that "overdue" stays true."""

from datetime import timedelta

import sqlalchemy as sa

from coordination.commitments import operations
from coordination.commitments.deadlines import BROKEN, KEPT
from coordination.directory import reads as directory
from coordination.extensions import db
from coordination.meetings.models import HELD, Meeting
from coordination.timezone import local_today, to_local

# Each promise: (coalition, author, title, institution, contact or None, promised by,
# promised days ago, context, due in days (negative: past), follow-ups as
# (author, note, new status or None, days ago)); created in this order.
_CLAIRE = "claire.martin@paniers.example"
_HELENE = "helene.dubois@croix-solidaire.example"
_NADIA = "nadia.haddad@tilleuls.example"
_BRIE = (
    (
        _CLAIRE,
        "Permanence CPAM dans les locaux de la MDS un jeudi par mois",
        "CPAM de Brie-et-Marne",
        "Nathalie Giraud",
        "La directrice de l'accueil",
        200,
        "Rencontre trimestrielle avec la CPAM",
        -120,
        ((_HELENE, "Première permanence tenue.", KEPT, 125),),
    ),
    (
        _HELENE,
        "Délai de traitement des dossiers de prestations ramené à un mois",
        "CAF de Brie-et-Marne",
        "Olivier Marchand",
        "Le conseiller partenaires",
        20,
        "Réunion de concertation avec la CAF",
        25,
        (),
    ),
)
_TILLEULS = (
    (
        _NADIA,
        "Réouverture d'un accueil CPAM au plus tard en janvier",
        "CPAM d'Ille-Fictive",
        None,
        "Le directeur de la CPAM",
        400,
        "Réunion publique à la maison de quartier",
        -180,
        (
            # The CPAM postpones by two months (a new due date, 160 days ago)…
            (_NADIA, "Aucune ouverture en janvier ; la CPAM évoque des travaux.", None, 170, 160),
            (_NADIA, "Constat en réunion : l'engagement n'est pas tenu.", BROKEN, 150),
        ),
    ),
    (
        _NADIA,
        "Accueil sans rendez-vous le mardi et le jeudi dans le nouveau local",
        "CPAM d'Ille-Fictive",
        None,
        "Le directeur de la CPAM",
        120,
        "Négociation avec le collectif",
        -15,
        (),
    ),
    (
        _NADIA,
        "Bancs et abri devant l'accueil",
        "Mairie de quartier des Tilleuls",
        None,
        "L'adjointe au maire chargée du quartier",
        30,
        "Conseil de quartier",
        60,
        (),
    ),
)


def _promise(world, coalition, spec, today, institutions, contacts) -> None:
    author, title, institution, contact, promised_by, ago, context, due_in, steps = spec
    commitment = operations.create_commitment(
        coalition,
        by=world.delegates[author],
        title=title,
        institution_id=institutions[institution],
        contact_id=None if contact is None else contacts[contact],
        promised_by=promised_by,
        promised_on=today - timedelta(days=ago),
        context=context,
        due_on=today + timedelta(days=due_in),
    )
    for step_author, note, new_status, days_ago, *due_ago in steps:
        operations.follow_up(
            commitment,
            by=world.delegates[step_author],
            note=note,
            new_status=new_status,
            happened_on=today - timedelta(days=days_ago),
            new_due_on=today - timedelta(days=due_ago[0]) if due_ago else None,
        )


def load(world) -> None:
    brie = world.coalitions["brie"]
    tilleuls = world.coalitions["tilleuls"]
    sophie = world.delegates["sophie.garnier@entraide.example"]
    today = local_today()
    institutions = directory.institution_ids(brie.id)
    contacts = directory.contact_ids(brie.id)
    for spec in _BRIE:
        _promise(world, brie, spec, today, institutions, contacts)
    # A promise made at the coalition's last quarterly meeting, by the invited social worker.
    last_held = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.coalition_id == brie.id, Meeting.status == HELD)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).first()
    if last_held is not None:
        operations.create_commitment(
            brie,
            by=sophie,
            title="Rappeler les associations sous huit jours après chaque signalement transmis",
            institution_id=institutions["Maison départementale des solidarités de Meaux-sur-Brie"],
            contact_id=contacts["Karim Belkacem"],
            promised_by="L'assistant social de secteur, invité de la réunion",
            promised_on=to_local(last_held.starts_at).date(),
            context="Réunion trimestrielle de la concertation",
            meeting_id=last_held.id,
            due_on=today + timedelta(days=10),
        )

    # Tilleuls: the fight for a CPAM office in the neighbourhood.
    tilleuls_institutions = directory.institution_ids(tilleuls.id)
    for spec in _TILLEULS:
        _promise(world, tilleuls, spec, today, tilleuls_institutions, {})
