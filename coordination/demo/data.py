"""The demo world. Every person, association and address here is fictional.

- "Concertation solidaire de Brie-et-Marne": a departmental concertation of four food-aid
  and social associations with two delegates each, plus a guest association;
- "Collectif du quartier des Tilleuls": a smaller neighbourhood collective;
- "Entraide Marnaise" belongs to both.
"""

from dataclasses import dataclass, field
from datetime import date

from coordination.accounts import operations as accounts
from coordination.coalitions import operations as coalitions
from coordination.coalitions.models import GUEST, Membership
from coordination.demo.registry import loaders
from coordination.extensions import db

DEMO_PASSWORD = "demo-concertation-2026"

ASSOCIATIONS = [
    # key, name, short name, venue, address, can host
    (
        "paniers",
        "Paniers du Cœur de Brie",
        "PCB",
        "Salle des Paniers",
        "12 rue des Tisserands, 77100 Meaux-sur-Brie",
        True,
    ),
    (
        "croix",
        "Croix Solidaire 77",
        "CS77",
        "Local de la Croix Solidaire",
        "4 avenue des Tilleuls, 77000 Melun-Fictif",
        True,
    ),
    (
        "entraide",
        "Entraide Marnaise",
        "EM",
        "Maison de l'Entraide",
        "8 place du Marché, 77400 Lagny-Imaginaire",
        True,
    ),
    (
        "fraternel",
        "Secours Fraternel du 77",
        "SF77",
        "",
        "21 chemin du Moulin, 77300 Fontainebleau-Fictif",
        False,
    ),
    (
        "epicerie",
        "Épicerie Partagée du Val",
        "EPV",
        "",
        "3 rue Basse, 77120 Coulommiers-Fictif",
        True,
    ),
    (
        "tilleuls",
        "Amicale des Locataires des Tilleuls",
        "ALT",
        "Salle commune des Tilleuls",
        "Bâtiment C, résidence des Tilleuls, 35000 Rennes-Fictif",
        True,
    ),
    (
        "parents",
        "Parents Solidaires des Tilleuls",
        "PST",
        "",
        "5 square des Lilas, 35000 Rennes-Fictif",
        True,
    ),
]

DELEGATES = [
    # association key, name, e-mail, language
    ("paniers", "Claire Martin", "claire.martin@paniers.example", "fr"),
    ("paniers", "Youssef Benali", "youssef.benali@paniers.example", "fr"),
    ("croix", "Hélène Dubois", "helene.dubois@croix-solidaire.example", "fr"),
    ("croix", "Marc Lefèvre", "marc.lefevre@croix-solidaire.example", "fr"),
    ("entraide", "Sophie Garnier", "sophie.garnier@entraide.example", "fr"),
    ("entraide", "Thomas Nguyen", "thomas.nguyen@entraide.example", "en"),
    ("fraternel", "Fatou Diallo", "fatou.diallo@fraternel.example", "fr"),
    ("fraternel", "Pierre Rousseau", "pierre.rousseau@fraternel.example", "fr"),
    ("epicerie", "Julie Moreau", "julie.moreau@epicerie.example", "fr"),
    ("tilleuls", "Nadia Haddad", "nadia.haddad@tilleuls.example", "fr"),
    ("tilleuls", "Jean Perrin", "jean.perrin@tilleuls.example", "fr"),
    ("parents", "Aminata Koné", "aminata.kone@parents.example", "fr"),
]


@dataclass
class DemoWorld:
    associations: dict = field(default_factory=dict)
    delegates: dict = field(default_factory=dict)  # e-mail -> User
    coalitions: dict = field(default_factory=dict)  # "brie" / "tilleuls" -> Coalition


def load() -> DemoWorld:
    world = DemoWorld()
    for key, name, short, venue, address, can_host in ASSOCIATIONS:
        world.associations[key] = coalitions.create_association(
            name,
            short,
            venue_name=venue,
            address=address,
            can_host=can_host,
            access_notes="Accessible en fauteuil roulant." if can_host else "",
        )
    for key, name, email, locale in DELEGATES:
        world.delegates[email] = accounts.create_delegate(
            world.associations[key].id, email, name, DEMO_PASSWORD, locale
        )
    a = world.associations
    brie = coalitions.create_coalition(
        "Concertation solidaire de Brie-et-Marne",
        [a["paniers"], a["croix"], a["entraide"], a["fraternel"]],
        territory="Département fictif de Brie-et-Marne",
        description=(
            "Quatre associations d'aide alimentaire et d'action sociale se retrouvent chaque "
            "trimestre, en dehors de tout cadre institutionnel, pour partager ce qu'elles "
            "voient et porter des messages communs."
        ),
        since=date(2019, 1, 15),
    )
    db.session.add(
        Membership(
            coalition_id=brie.id,
            association_id=a["epicerie"].id,
            role=GUEST,
            since=date(2024, 9, 1),
        )
    )
    tilleuls = coalitions.create_coalition(
        "Collectif du quartier des Tilleuls",
        [a["tilleuls"], a["parents"], a["entraide"]],
        territory="Quartier des Tilleuls, Rennes-Fictif",
        description="Habitants et associations du quartier pour la réouverture d'un accueil CPAM.",
        since=date(2021, 3, 1),
    )
    tilleuls.cadence_months = 1
    world.coalitions = {"brie": brie, "tilleuls": tilleuls}
    db.session.flush()
    for loader in loaders():
        loader(world)
    db.session.flush()
    return world
