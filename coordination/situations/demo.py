"""Demo situations (fictional, without any identity, as the guard requires): what Brie's
associations follow with the CAF, the CPAM, the Préfecture and the MDS. Loaded after the
directory (institutions, offices and contacts found by name); dates relative to the day
the demo is loaded."""

from datetime import timedelta

import sqlalchemy as sa

from coordination.directory import reads as directory
from coordination.directory.models import Office
from coordination.extensions import db
from coordination.situations import operations
from coordination.timezone import local_today

_CLAIRE = "claire.martin@paniers.example"
_HELENE = "helene.dubois@croix-solidaire.example"
_SOPHIE = "sophie.garnier@entraide.example"
_CPAM, _CAF = "CPAM de Brie-et-Marne", "CAF de Brie-et-Marne"
_PREF = "Préfecture de Brie-et-Marne"
_MDS = "Maison départementale des solidarités de Meaux-sur-Brie"

# (author, theme, institution, office or None, contact or None, opened days ago,
#  obstacles, summary, steps as (kind, days ago, note), outcome or None, closed days ago)
_BRIE = (
    (
        _CLAIRE,
        "ame",
        _CPAM,
        "Accueil de Meaux-sur-Brie",
        "Isabelle Fontaine",
        120,
        ("missing_documents", "language"),
        "Demande d'AME déposée, justificatif de domicile refusé.",
        (("referred", 118, "Dossier transmis à la référente."), ("answered", 100, "")),
        "resolved",
        95,
    ),
    (
        _HELENE,
        "ame",
        _CPAM,
        "Accueil de Meaux-sur-Brie",
        None,
        90,
        ("no_appointment",),
        "Renouvellement d'AME bloqué faute de rendez-vous.",
        (("referred", 85, ""),),
        "resolved",
        70,
    ),
    (
        _SOPHIE,
        "ame",
        _CPAM,
        None,
        None,
        75,
        ("online_only", "language"),
        "Demande en ligne impossible sans accompagnement.",
        (("referred", 70, ""), ("unblocked", 50, "Rendez-vous obtenu par la référente.")),
        "resolved",
        48,
    ),
    (
        _CLAIRE,
        "c2s",
        _CPAM,
        "Accueil de Meaux-sur-Brie",
        None,
        60,
        ("wrong_information",),
        "Complémentaire santé interrompue après une erreur de dossier.",
        (),
        "partly",
        40,
    ),
    (
        _HELENE,
        "apl",
        _CAF,
        "Point d'accueil de Melun-Fictif",
        None,
        150,
        ("no_answer", "online_only"),
        "Aide au logement suspendue depuis un déménagement.",
        (("referred", 140, ""), ("answered", 90, "La CAF demande un nouveau bail.")),
        "resolved",
        60,
    ),
    (
        _SOPHIE,
        "rsa",
        _CAF,
        None,
        None,
        50,
        ("missing_documents",),
        "RSA suspendu, déclaration trimestrielle non reçue.",
        (("referred", 45, ""),),
        None,
        None,
    ),
    (
        _CLAIRE,
        "activity_bonus",
        _CAF,
        None,
        None,
        35,
        ("no_answer",),
        "Prime d'activité recalculée sans explication.",
        (),
        "no_answer",
        5,
    ),
    (
        _HELENE,
        "residence_permit",
        _PREF,
        "Bureau des étrangers",
        None,
        200,
        ("no_appointment", "online_only"),
        "Récépissé expiré, aucun créneau en ligne.",
        (("referred", 190, ""), ("refused", 100, "")),
        "refused",
        100,
    ),
    (
        _SOPHIE,
        "domiciliation",
        _MDS,
        None,
        None,
        20,
        ("office_closed",),
        "Domiciliation à trouver pour recevoir le courrier de la CAF.",
        (),
        None,
        None,
    ),
)


def load(world) -> None:
    brie = world.coalitions["brie"]
    today = local_today()
    institutions = directory.institution_ids(brie.id)
    contacts = directory.contact_ids(brie.id)
    offices = dict(
        db.session.execute(
            sa.select(Office.name, Office.id).where(Office.coalition_id == brie.id)
        ).all()
    )
    for spec in _BRIE:
        author, theme, inst, office, contact, ago, obstacles, summary, steps, outcome, closed = spec
        by = world.delegates[author]
        situation = operations.record_situation(
            brie,
            by=by,
            theme=theme,
            institution_id=institutions[inst],
            office_id=offices.get(office) if office else None,
            contact_id=contacts.get(contact) if contact else None,
            opened_on=today - timedelta(days=ago),
            obstacles=obstacles,
            summary=summary,
        )
        for kind, days_ago, note in steps:
            operations.add_step(
                situation, by=by, kind=kind, happened_on=today - timedelta(days=days_ago), note=note
            )
        if outcome is not None:
            operations.close_situation(
                situation, by=by, outcome=outcome, closed_on=today - timedelta(days=closed)
            )
