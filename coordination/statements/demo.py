"""Demo statements in the "brie" coalition (fictional institutions' names and people):
one adopted and sent, one being signed off with answers partly given, one draft with
comments."""

from datetime import timedelta

from coordination.db import utcnow
from coordination.statements import operations as ops
from coordination.statements import signoff
from coordination.statements.models import SENT

FOOD_AID_V1 = """Madame la Présidente,

Les associations de la Concertation solidaire de Brie-et-Marne accueillent chaque semaine \
un nombre croissant de familles. Depuis deux ans, la fréquentation de nos distributions a \
augmenté d'un tiers.

Nous vous demandons de maintenir la subvention départementale à l'aide alimentaire.
"""

FOOD_AID_V2 = """Madame la Présidente,

Les associations de la Concertation solidaire de Brie-et-Marne accueillent chaque semaine \
un nombre croissant de familles. Depuis deux ans, la fréquentation de nos distributions a \
augmenté d'un tiers, et les étudiants et les retraités y sont de plus en plus nombreux.

Nous vous demandons :

- de maintenir la subvention départementale à l'aide alimentaire au niveau de 2024 ;
- de la verser en début d'année, pour que nos achats ne dépendent pas d'une avance de \
trésorerie.
"""

FOOD_AID_V3 = FOOD_AID_V2.replace(
    "trésorerie.\n",
    "trésorerie ;\n- de réunir une fois par an les associations et vos services pour faire le "
    "point sur les besoins du territoire.\n\n"
    "Nous restons à votre disposition pour vous présenter nos constats.\n\n"
    "Veuillez agréer, Madame la Présidente, l'expression de notre haute considération.\n",
)

CAF_V1 = """Depuis la fermeture de l'accueil sans rendez-vous de Meaux-sur-Brie, les \
personnes que nous accompagnons attendent plusieurs semaines avant de pouvoir parler à un \
conseiller.

Nous demandons la réouverture d'une permanence physique deux demi-journées par semaine.
"""

CAF_V2 = (
    CAF_V1
    + """
Nous proposons que cette permanence se tienne dans un lieu déjà connu des familles, par \
exemple la Maison de l'Entraide.
"""
)

WINTER_V1 = """Chaque hiver, des familles avec de jeunes enfants nous sollicitent faute de \
place en hébergement d'urgence.

Nous demandons l'ouverture anticipée des places hivernales dès le 1er novembre.
"""

WINTER_V2 = (
    WINTER_V1
    + """
Nous demandons aussi qu'une réunion de suivi associe les associations chaque mois pendant \
la période hivernale.
"""
)

# (title, recipient, purpose) of each demo statement.
FOOD_AID_ABOUT = (
    "Pour un financement stable de l'aide alimentaire",
    "Conseil départemental de Brie-et-Marne (fictif)",
    "Obtenir le maintien et le versement en début d'année de la subvention.",
)

CAF_ABOUT = (
    "Rouvrir un accueil sans rendez-vous à la CAF",
    "Caisse d'allocations familiales de Brie-et-Marne (fictive)",
    "Une permanence physique pour les personnes éloignées du numérique.",
)

WINTER_ABOUT = (
    "Hébergement d'urgence des familles pendant l'hiver",
    "Préfecture de Brie-et-Marne (fictive)",
    "Ouvrir les places hivernales plus tôt.",
)


def load(world) -> None:
    brie = world.coalitions["brie"]
    d = world.delegates
    claire = d["claire.martin@paniers.example"]
    helene = d["helene.dubois@croix-solidaire.example"]
    sophie = d["sophie.garnier@entraide.example"]
    fatou = d["fatou.diallo@fraternel.example"]
    julie = d["julie.moreau@epicerie.example"]  # guest association
    now = utcnow()

    # 1. Adopted, co-signed, sent.
    t0 = now - timedelta(days=70)
    food = _start(brie, claire, FOOD_AID_ABOUT, FOOD_AID_V1, t0)
    _edit(food, helene, FOOD_AID_V2, "Chiffres et demandes précisés", t0 + timedelta(days=2))
    _edit(
        food,
        sophie,
        FOOD_AID_V3,
        "Rencontre annuelle, formule de politesse",
        t0 + timedelta(days=4),
    )
    t1 = t0 + timedelta(days=6)
    signoff.open_consultation(food, by=claire, invite_guests=True, now=t1)
    _answer(
        food,
        t1,
        [
            (claire, "agree", timedelta(hours=2), ""),
            (julie, "agree", timedelta(days=1), ""),
            (helene, "agree", timedelta(days=1, hours=3), ""),
            (
                fatou,
                "abstain",
                timedelta(days=2),
                "Notre conseil d'administration ne s'est pas encore prononcé.",
            ),
            (sophie, "agree", timedelta(days=3), ""),
        ],
    )
    ops.record_event(
        food,
        SENT,
        by=claire,
        on=(t1 + timedelta(days=5)).date(),
        note="Remis en main propre au cabinet de la Présidente et envoyé par courrier.",
        now=t1 + timedelta(days=5),
    )

    # 2. Being signed off: two associations have answered.
    t0 = now - timedelta(days=9)
    caf = _start(brie, helene, CAF_ABOUT, CAF_V1, t0)
    _edit(caf, sophie, CAF_V2, "Proposition de lieu", t0 + timedelta(days=2))
    t1 = t0 + timedelta(days=4)
    signoff.open_consultation(caf, by=helene, now=t1)
    _answer(
        caf,
        t1,
        [
            (helene, "agree", timedelta(hours=1), ""),
            (fatou, "abstain", timedelta(days=1), "Nous ne sommes pas présents à Meaux-sur-Brie."),
        ],
    )

    # 3. A draft under discussion.
    t0 = now - timedelta(days=3)
    winter = _start(brie, sophie, WINTER_ABOUT, WINTER_V1, t0)
    _edit(winter, fatou, WINTER_V2, "Réunion de suivi mensuelle", t0 + timedelta(days=1))
    ops.add_comment(
        winter,
        by=claire,
        quote="dès le 1er novembre",
        body="Pouvons-nous citer le nombre de familles orientées vers nous l'hiver dernier ?",
        now=t0 + timedelta(days=1, hours=4),
    )
    first = ops.add_comment(
        winter,
        by=helene,
        body="Il manque la formule d'appel au début du texte.",
        now=t0 + timedelta(days=2),
    )
    ops.resolve_comment(first, by=sophie, now=t0 + timedelta(days=2, hours=5))
    ops.add_comment(
        winter,
        by=fatou,
        body="D'accord sur le fond ; je propose d'ajouter la question des nuitées d'hôtel.",
        now=t0 + timedelta(days=2, hours=6),
    )


def _version(about, body, summary, when) -> dict:
    """What `create_statement` and `save` both take to write a version: the title,
    recipient and purpose of `about`, the text, its summary and when it was written."""
    title, recipient, purpose = about
    return {
        "title": title,
        "recipient": recipient,
        "purpose": purpose,
        "body": body,
        "summary": summary,
        "now": when,
    }


def _edit(statement, by, body, summary, when) -> None:
    """A new version of `statement` by ``by`` at ``when``, its title and purpose kept."""
    current = ops.current_revision(statement)
    about = (current.title, current.recipient, current.purpose)
    ops.save(statement, by=by, base_revision_id=current.id, **_version(about, body, summary, when))


def _start(coalition, by, about, body, when):
    """A new statement with its first version, written by ``by`` at ``when``."""
    return ops.create_statement(coalition, by=by, **_version(about, body, "Première version", when))


def _answer(statement, opened, answers) -> None:
    """The sign-off answers, in this order: (delegate, agree or abstain, how long after the
    consultation opened, the reason given)."""
    for by, value, after, reason in answers:
        signoff.answer(statement, by=by, value=value, reason=reason, now=opened + after)
