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


def load(world) -> None:
    brie = world.coalitions["brie"]
    tilleuls = world.coalitions["tilleuls"]
    claire = world.delegates["claire.martin@paniers.example"]
    helene = world.delegates["helene.dubois@croix-solidaire.example"]
    sophie = world.delegates["sophie.garnier@entraide.example"]
    nadia = world.delegates["nadia.haddad@tilleuls.example"]
    today = local_today()
    institutions = directory.institution_ids(brie.id)
    contacts = directory.contact_ids(brie.id)

    kept = operations.create_commitment(
        brie,
        by=claire,
        title="Permanence CPAM dans les locaux de la MDS un jeudi par mois",
        institution_id=institutions["CPAM de Brie-et-Marne"],
        contact_id=contacts["Nathalie Giraud"],
        promised_by="La directrice de l'accueil",
        promised_on=today - timedelta(days=200),
        context="Rencontre trimestrielle avec la CPAM",
        due_on=today - timedelta(days=120),
    )
    operations.follow_up(
        kept,
        by=helene,
        note="Première permanence tenue.",
        new_status=KEPT,
        happened_on=today - timedelta(days=125),
    )
    operations.create_commitment(
        brie,
        by=helene,
        title="Délai de traitement des dossiers de prestations ramené à un mois",
        institution_id=institutions["CAF de Brie-et-Marne"],
        contact_id=contacts["Olivier Marchand"],
        promised_by="Le conseiller partenaires",
        promised_on=today - timedelta(days=20),
        context="Réunion de concertation avec la CAF",
        due_on=today + timedelta(days=25),
    )

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
    reopening = operations.create_commitment(
        tilleuls,
        by=nadia,
        title="Réouverture d'un accueil CPAM au plus tard en janvier",
        institution_id=tilleuls_institutions["CPAM d'Ille-Fictive"],
        promised_by="Le directeur de la CPAM",
        promised_on=today - timedelta(days=400),
        context="Réunion publique à la maison de quartier",
        due_on=today - timedelta(days=180),
    )
    operations.follow_up(
        reopening,
        by=nadia,
        note="Aucune ouverture en janvier ; la CPAM évoque des travaux.",
        happened_on=today - timedelta(days=170),
    )
    operations.follow_up(
        reopening,
        by=nadia,
        note="Constat en réunion : l'engagement n'est pas tenu.",
        new_status=BROKEN,
        happened_on=today - timedelta(days=150),
    )
    operations.create_commitment(
        tilleuls,
        by=nadia,
        title="Accueil sans rendez-vous le mardi et le jeudi dans le nouveau local",
        institution_id=tilleuls_institutions["CPAM d'Ille-Fictive"],
        promised_by="Le directeur de la CPAM",
        promised_on=today - timedelta(days=120),
        context="Négociation avec le collectif",
        due_on=today - timedelta(days=15),
    )
    operations.create_commitment(
        tilleuls,
        by=nadia,
        title="Bancs et abri devant l'accueil",
        institution_id=tilleuls_institutions["Mairie de quartier des Tilleuls"],
        promised_by="L'adjointe au maire chargée du quartier",
        promised_on=today - timedelta(days=30),
        context="Conseil de quartier",
        due_on=today + timedelta(days=60),
    )
