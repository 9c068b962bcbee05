"""The demo campaign: the Tilleuls collective's fight to reopen a CPAM reception desk in
its (fictional) district — launched together, a public meeting where the director promised
"reopening by January at the latest", the promise broken, a non-violent action at the
opening of the CPAM's new agency, an open letter, a meeting two weeks later with the new
director who promised an office on Tuesdays and Thursdays, and the next meeting ahead.

Loaded after the commitments: the two promises are the commitments' demo rows (found by
title) linked to the campaign. Dates are relative to the day the demo is loaded."""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from coordination.campaigns import operations, steps
from coordination.campaigns.models import ACTION, LETTER, NEGOTIATION, RALLY
from coordination.commitments.models import Commitment
from coordination.consent import service as consent
from coordination.consent.models import AGREE
from coordination.directory import reads as directory
from coordination.extensions import db
from coordination.statements.models import Statement
from coordination.timezone import local_today

_NADIA = "nadia.haddad@tilleuls.example"
_AMINATA = "aminata.kone@parents.example"
_SOPHIE = "sophie.garnier@entraide.example"
_BROKEN = "Réouverture d'un accueil CPAM au plus tard en janvier"
_TUESDAYS = "Accueil sans rendez-vous le mardi et le jeudi dans le nouveau local"


def _link_promise(campaign, title: str, step) -> None:
    """Links the commitments' demo row titled `title` to the campaign, as promised at `step`
    (nothing when the commitments' demo did not load it)."""
    promise = db.session.scalar(
        sa.select(Commitment).where(
            Commitment.coalition_id == campaign.coalition_id, Commitment.title == title
        )
    )
    if promise is not None:
        steps.link(campaign, promise, step=step)


def _launch(world, campaign, day) -> None:
    """The launch, decided together 420 days ago by the three associations."""
    nadia = world.delegates[_NADIA]
    moment = datetime.combine(day, time(18), UTC)
    decision = operations.propose_launch(campaign, by=nadia, started_on=day + timedelta(days=7))
    decision.opened_at = moment
    decision.deadline = moment + timedelta(days=14)
    for n, email in enumerate((_NADIA, _AMINATA, _SOPHIE), start=1):
        consent.answer(
            decision, by=world.delegates[email], value=AGREE, now=moment + timedelta(days=n)
        )


def load(world) -> None:
    _tilleuls(world)
    _brie(world)


def _brie(world) -> None:
    """Brie's younger campaign on CAF delays: launched, a meeting, the CAF's promise (the
    commitments' demo row) and the coalition's latest statement attached."""
    brie = world.coalitions["brie"]
    helene = world.delegates["helene.dubois@croix-solidaire.example"]
    today = local_today()
    institutions = directory.institution_ids(brie.id)
    contacts = directory.contact_ids(brie.id)
    campaign = operations.create_campaign(
        brie,
        by=helene,
        name="Des dossiers CAF traités en un mois",
        demand="Ramener à un mois le délai de traitement des dossiers de prestations",
        institution_id=institutions["CAF de Brie-et-Marne"],
        contact_id=contacts.get("Olivier Marchand"),
    )
    operations.add_target(
        campaign,
        by=helene,
        institution_id=institutions["CAF de Brie-et-Marne"],
        role="La directrice de la CAF",
    )
    # Launched before its first negotiation meeting, as a story reads.
    decision = operations.propose_launch(campaign, by=helene, started_on=today - timedelta(days=45))
    for email in (
        "claire.martin@paniers.example",
        "helene.dubois@croix-solidaire.example",
        "sophie.garnier@entraide.example",
        "fatou.diallo@fraternel.example",
    ):
        consent.answer(decision, by=world.delegates[email], value=AGREE)
    meeting = steps.record_step(
        campaign,
        by=helene,
        kind=NEGOTIATION,
        on=today - timedelta(days=20),
        title="Réunion de concertation avec la CAF",
        institution_id=institutions["CAF de Brie-et-Marne"],
        met="Le conseiller partenaires",
        text="Les associations présentent douze dossiers en attente depuis plus de trois mois.",
    )
    _link_promise(
        campaign, "Délai de traitement des dossiers de prestations ramené à un mois", meeting
    )
    statement = db.session.scalar(
        sa.select(Statement).where(Statement.coalition_id == brie.id).order_by(Statement.id)
    )
    if statement is not None:
        steps.attach_statement(campaign, by=helene, statement_id=statement.id)


def _tilleuls(world) -> None:
    tilleuls = world.coalitions["tilleuls"]
    nadia, aminata, sophie = (world.delegates[e] for e in (_NADIA, _AMINATA, _SOPHIE))
    a = world.associations
    today = local_today()
    cpam = directory.institution_ids(tilleuls.id)["CPAM d'Ille-Fictive"]

    def ago(days):
        return today - timedelta(days=days)

    campaign = operations.create_campaign(
        tilleuls,
        by=nadia,
        name="Un accueil CPAM aux Tilleuls",
        demand="Rouvrir un accueil de la CPAM dans le quartier des Tilleuls",
        description=(
            "Depuis la fermeture de l'accueil, les habitants doivent traverser la ville "
            "ou passer par internet. Le collectif demande un accueil physique, sans "
            "rendez-vous, dans le quartier."
        ),
        institution_id=cpam,
        role="Le directeur de la CPAM",
    )
    _launch(world, campaign, ago(420))
    steps.add_action_type(tilleuls, by=nadia, name="Réunion publique")
    public = steps.record_step(
        campaign,
        by=nadia,
        kind=NEGOTIATION,
        on=ago(400),
        at=time(18, 30),
        title="Réunion publique avec le directeur de la CPAM",
        institution_id=cpam,
        met="Le directeur de la CPAM et sa responsable de l'accueil",
        place="Maison de quartier des Tilleuls",
        text=(
            "Quatre-vingts habitants présents. Le directeur reconnaît les difficultés "
            "d'accès et s'engage sur une réouverture."
        ),
        delegations={
            a["tilleuls"].id: "Nadia Haddad, Jean Perrin",
            a["parents"].id: "Aminata Koné",
        },
    )
    _link_promise(campaign, _BROKEN, public)
    steps.record_step(
        campaign,
        by=aminata,
        kind=ACTION,
        on=ago(160),
        title="Rassemblement à l'inauguration de la nouvelle agence CPAM",
        action_type=RALLY,
        text=(
            "Action non violente : banderole « Et l'accueil des Tilleuls ? » et lecture de "
            "la promesse non tenue devant les élus présents."
        ),
        links="https://journal-fictif.example/tilleuls-cpam-rassemblement",
        delegations={a["parents"].id: "Aminata Koné", a["entraide"].id: "Sophie Garnier"},
    )
    steps.record_step(
        campaign,
        by=sophie,
        kind=ACTION,
        on=ago(150),
        title="Lettre ouverte au nouveau directeur de la CPAM",
        action_type=LETTER,
        text="Cosignée par les trois associations du collectif et 240 habitants.",
    )
    second = steps.record_step(
        campaign,
        by=nadia,
        kind=NEGOTIATION,
        on=ago(120),
        at=time(10),
        title="Rencontre avec le nouveau directeur, deux semaines après l'action",
        institution_id=cpam,
        met="Le nouveau directeur de la CPAM",
        place="Siège de la CPAM d'Ille-Fictive",
        text=(
            "Le directeur propose un accueil dans le nouveau local de la mairie de quartier, "
            "le mardi et le jeudi, de 8 h 30 à 12 h et de 13 h 30 à 17 h."
        ),
        delegations={a["tilleuls"].id: "Nadia Haddad", a["entraide"].id: "Sophie Garnier"},
    )
    _link_promise(campaign, _TUESDAYS, second)
    steps.record_step(
        campaign,
        by=nadia,
        kind=NEGOTIATION,
        on=today + timedelta(days=10),
        at=time(14, 30),
        title="Point d'étape sur l'ouverture du mardi et du jeudi",
        institution_id=cpam,
        met="Le directeur de la CPAM",
        place="Mairie de quartier des Tilleuls",
    )
    db.session.flush()
