"""Demo directory: fictional institutions, offices and contacts (`.example` e-mails,
01 99 00 xx xx phones) (the commitments: commitments/demo.py; the situations followed
with them: situations/demo.py). Dates
are relative to the day
the demo is loaded, so that "stale" and "overdue" stay true."""

from datetime import date, time, timedelta

from coordination.directory import hours, operations
from coordination.directory.models import DESK
from coordination.timezone import local_today


def _school_holidays(today: date) -> tuple[date, date]:
    """A two-week closure starting within the next weeks (fictional school holidays)."""
    start = today + timedelta(days=21)
    return start, start + timedelta(days=13)


def load(world) -> None:
    brie = world.coalitions["brie"]
    tilleuls = world.coalitions["tilleuls"]
    claire = world.delegates["claire.martin@paniers.example"]
    helene = world.delegates["helene.dubois@croix-solidaire.example"]
    sophie = world.delegates["sophie.garnier@entraide.example"]
    nadia = world.delegates["nadia.haddad@tilleuls.example"]
    today = local_today()
    long_ago = today - timedelta(days=300)

    inst = {}
    for key, kind, name, territory in [
        ("caf", "caf", "CAF de Brie-et-Marne", "Département fictif de Brie-et-Marne"),
        ("cpam", "cpam", "CPAM de Brie-et-Marne", "Département fictif de Brie-et-Marne"),
        ("mds", "mds", "Maison départementale des solidarités de Meaux-sur-Brie", "Nord-Brie"),
        ("pref", "prefecture", "Préfecture de Brie-et-Marne", "Département fictif"),
        ("ft", "france_travail", "France Travail Meaux-sur-Brie", "Bassin de Meaux-sur-Brie"),
        ("ofii", "ofii", "OFII — direction territoriale de Melun-Fictif", "Brie-et-Marne"),
    ]:
        inst[key] = operations.create_institution(
            brie, kind=kind, name=name, territory=territory, by=claire
        )

    offices = {}
    for key, inst_key, name, address, rules, access in [
        (
            "cpam_meaux",
            "cpam",
            "Accueil de Meaux-sur-Brie",
            "5 rue de l'Assurance, 77100 Meaux-sur-Brie",
            "Sans rendez-vous le mardi et le jeudi ; sur rendez-vous au 01 99 00 10 00 sinon.",
            "Accès de plain-pied, boucle magnétique au guichet 2.",
        ),
        (
            "caf_melun",
            "caf",
            "Point d'accueil de Melun-Fictif",
            "18 boulevard des Allocations, 77000 Melun-Fictif",
            "Uniquement sur rendez-vous, pris en ligne ou par téléphone.",
            "Ascenseur ; accueil en anglais possible.",
        ),
        (
            "mds_meaux",
            "mds",
            "MDS de Meaux-sur-Brie",
            "2 place de la Solidarité, 77100 Meaux-sur-Brie",
            "Permanence des assistantes sociales le lundi matin sans rendez-vous.",
            "Rez-de-chaussée accessible.",
        ),
        (
            "pref_melun",
            "pref",
            "Bureau des étrangers",
            "1 rue de la Préfecture, 77000 Melun-Fictif",
            "Rendez-vous en ligne uniquement ; dépôt des dossiers complets.",
            "Files d'attente longues : prévoir de l'eau.",
        ),
        (
            "ft_meaux",
            "ft",
            "Agence de Meaux-sur-Brie",
            "9 avenue de l'Emploi, 77100 Meaux-sur-Brie",
            "Accueil libre le matin, sur rendez-vous l'après-midi.",
            "Accessible en fauteuil roulant.",
        ),
        (
            "ofii_melun",
            "ofii",
            "Direction territoriale",
            "7 quai de l'Intégration, 77000 Melun-Fictif",
            "Sur convocation.",
            "",
        ),
    ]:
        offices[key] = operations.create_office(
            brie,
            inst[inst_key],
            name=name,
            address=address,
            appointment_rules=rules,
            accessibility=access,
            by=claire,
        )

    morning, afternoon = (time(8, 30), time(12, 0)), (time(13, 30), time(17, 0))
    operations.set_weekly_hours(
        offices["cpam_meaux"],
        [hours.Slot(day, *part) for day in (1, 3) for part in (morning, afternoon)],
        by=claire,
    )
    first, last = _school_holidays(today)
    operations.add_exception(
        offices["cpam_meaux"],
        first_day=first,
        last_day=last,
        closed=True,
        label="Vacances scolaires",
        by=claire,
    )
    for key in ("caf_melun", "ft_meaux"):
        operations.set_weekly_hours(
            offices[key],
            [hours.Slot(day, time(9, 0), time(12, 30)) for day in range(5)]
            + [hours.Slot(day, time(13, 30), time(16, 30)) for day in (0, 1, 3)],
            by=helene,
        )
    operations.set_weekly_hours(
        offices["mds_meaux"], [hours.Slot(0, time(9, 0), time(12, 0))], by=helene
    )
    operations.set_weekly_hours(
        offices["pref_melun"],
        [hours.Slot(day, time(9, 0), time(15, 0)) for day in (0, 1, 3, 4)],
        by=helene,
    )

    people = {}
    for key, inst_key, office_key, kind, name, role, phone, email, unblock, checked, by in [
        (
            "cpam_ref",
            "cpam",
            "cpam_meaux",
            "person",
            "Isabelle Fontaine",
            "Référente partenaires associatifs",
            "01 99 00 21 01",
            "isabelle.fontaine@cpam-brie.example",
            "Dossiers de couverture santé bloqués, PUMa et Complémentaire santé solidaire",
            today - timedelta(days=20),
            claire,
        ),
        (
            "cpam_desk",
            "cpam",
            "cpam_meaux",
            DESK,
            "Pôle précarité",
            "Cellule accès aux droits",
            "01 99 00 21 02",
            "precarite@cpam-brie.example",
            "Couverture santé des demandeurs d'asile, AME",
            long_ago,
            helene,
        ),
        (
            "caf_ref",
            "caf",
            "caf_melun",
            "person",
            "Olivier Marchand",
            "Conseiller partenaires",
            "01 99 00 22 01",
            "olivier.marchand@caf-brie.example",
            "Dossiers de prestations familiales bloqués, RSA",
            today - timedelta(days=45),
            claire,
        ),
        (
            "caf_old",
            "caf",
            None,
            "person",
            "Bernadette Royer",
            "Responsable de l'accueil",
            "01 99 00 22 02",
            "bernadette.royer@caf-brie.example",
            "Rendez-vous urgents",
            long_ago,
            sophie,
        ),
        (
            "mds_as",
            "mds",
            "mds_meaux",
            "person",
            "Karim Belkacem",
            "Assistant social de secteur",
            "01 99 00 23 01",
            "karim.belkacem@mds-brie.example",
            "Aides financières d'urgence, protection de l'enfance",
            today - timedelta(days=90),
            helene,
        ),
        (
            "pref_desk",
            "pref",
            "pref_melun",
            DESK,
            "Bureau des associations partenaires",
            "Signalement des situations complexes",
            "01 99 00 24 01",
            "partenaires-etrangers@pref-brie.example",
            "Titres de séjour en attente, récépissés",
            today - timedelta(days=220),
            claire,
        ),
        (
            "ft_ref",
            "ft",
            "ft_meaux",
            "person",
            "Lucie Perrot",
            "Conseillère référente",
            "01 99 00 25 01",
            "lucie.perrot@francetravail-brie.example",
            "Radiations contestées, inscriptions bloquées",
            today - timedelta(days=10),
            sophie,
        ),
        (
            "ofii_ref",
            "ofii",
            "ofii_melun",
            "person",
            "Mathieu Lambert",
            "Chargé de mission intégration",
            "01 99 00 26 01",
            "mathieu.lambert@ofii-brie.example",
            "Allocation pour demandeur d'asile (ADA)",
            long_ago,
            helene,
        ),
        (
            "cpam_dir",
            "cpam",
            None,
            "person",
            "Nathalie Giraud",
            "Directrice de l'accueil",
            "01 99 00 21 03",
            "nathalie.giraud@cpam-brie.example",
            "Décisions sur l'organisation des accueils",
            today - timedelta(days=60),
            claire,
        ),
        (
            "mds_desk",
            "mds",
            "mds_meaux",
            DESK,
            "Accueil social",
            "Premier accueil",
            "01 99 00 23 02",
            "accueil-social@mds-brie.example",
            "Orientation, domiciliation",
            today - timedelta(days=200),
            sophie,
        ),
    ]:
        people[key] = operations.create_contact(
            brie,
            inst[inst_key],
            by=by,
            office_id=offices[office_key].id if office_key else None,
            kind=kind,
            name=name,
            role=role,
            phone=phone,
            email=email,
            can_unblock=unblock,
            channel="phone" if kind == "person" else "email",
            reach_hours="Le matin, sauf le mercredi",
            checked_on=checked,
        )

    # Tilleuls: the fight for a CPAM office in the neighbourhood.
    operations.create_institution(
        tilleuls, kind="cpam", name="CPAM d'Ille-Fictive", territory="Rennes-Fictif", by=nadia
    )
    operations.create_institution(
        tilleuls,
        kind="municipality",
        name="Mairie de quartier des Tilleuls",
        territory="Quartier des Tilleuls",
        by=nadia,
    )
