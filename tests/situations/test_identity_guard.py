"""The identity guard: real-looking fictional identifiers of each kind are refused with a
message saying why and what to write instead; ordinary case-work text passes."""

import pytest

from coordination.situations import identity_guard as guard


def nir(first13: str) -> str:
    """A fictional NIR with its right key (2A/2B read as 19/18)."""
    number = first13.upper().replace("2A", "19").replace("2B", "18")
    return f"{first13}{97 - int(number) % 97:02d}"


def test_the_nir_key_rule():
    assert guard.nir_key_valid("1850578006084", "91")
    assert not guard.nir_key_valid("1850578006084", "90")
    # Corsica: 2A counts as 19, 2B as 18.
    assert guard.nir_key_valid("290022A012345", f"{97 - 2900219012345 % 97:02d}")
    assert guard.nir_key_valid("175022B012345", f"{97 - 1750218012345 % 97:02d}")
    assert not guard.nir_key_valid("290022A012345", f"{97 - 2900220012345 % 97:02d}")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (nir("1850578006084"), guard.NIR),
        ("NIR : 1 85 05 78 006 084 91", guard.NIR),
        ("sécu 2.90.02.2A.012.345." + nir("290022A012345")[-2:], guard.NIR),
        (f"numéro {nir('175022B012345')} à vérifier", guard.NIR),
        ("1850578006084", guard.LONG_NUMBER),  # without its key: still refused
        ("allocataire 1234567", guard.CAF),
        ("n° CAF : 7654321", guard.CAF),
        ("numéro d'allocataire 123 45 67", guard.CAF),
        ("matricule 0123456", guard.CAF),
        ("dossier 4567890 bloqué", guard.CAF),
        ("référence 2345678", guard.CAF),  # a bare 7-digit run
        ("appeler le 06 12 34 56 78", guard.PHONE),
        ("0612345678", guard.PHONE),
        ("+33 6 12 34 56 78", guard.PHONE),
        ("01.99.00.21.01", guard.PHONE),
        ("écrire à prenom.nom@exemple.fr", guard.EMAIL),
        ("née le 3 mars 1980", guard.BIRTH),
        ("né le 12/05/1975", guard.BIRTH),
        ("né en 1990", guard.BIRTH),
        ("date de naissance : 01/01/1970", guard.BIRTH),
        ("M. Dupont attend sa carte", guard.NAME),
        ("Mme Diallo, mère de deux enfants", guard.NAME),
        ("Monsieur Martin", guard.NAME),
        ("madame Koné", guard.NAME),
        ("Mlle Nguyen", guard.NAME),
    ],
)
def test_identifiers_are_refused_with_a_reason(text, kind):
    found = guard.problems(text)
    assert [p.kind for p in found][:1] == [kind], found
    message = str(found[0].message)
    assert len(message) > 40  # says why, and what to write instead
    assert guard.first_problem(text) == found[0]


@pytest.mark.parametrize(
    "text",
    [
        "Rendez-vous le 12/03/2027 à 9 h 30 à l'accueil de Meaux-sur-Brie",
        "Rendez-vous le 1er avril, puis relance le 15",
        "Rappel de 1 234,56 € réclamé, puis 635,71 € de RSA",
        "Dette de 1234567 € annulée",  # an amount with its currency, however written
        "En 2027, 23 situations ; délai de 21 jours ; 90 % en moins de 45 jours",
        "CPAM de Brie-et-Marne, 5 rue de l'Assurance, 77100 Meaux-sur-Brie",
        "Madame la directrice a répondu ; M. le maire est saisi",
        "Mme X. attend depuis trois mois (initiale seulement)",
        "Une mère de deux enfants, la soixantaine, sans couverture santé depuis mars",
        "Dossier déposé le 02/01/2027, réponse le 30/01/2027",
        "1 85 05 78 006 084 90",  # the shape of a NIR, but its key is wrong
        "",
    ],
)
def test_case_work_text_passes(text):
    assert guard.problems(text) == []
    assert guard.first_problem(text) is None


def test_several_kinds_are_all_reported():
    kinds = [p.kind for p in guard.problems("Mme Durand, née le 2 mai 1960, 06 12 34 56 78")]
    assert kinds == [guard.PHONE, guard.BIRTH, guard.NAME]
