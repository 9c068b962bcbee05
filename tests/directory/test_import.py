"""CSV import: preview with per-row French messages, nothing written before confirmation,
bad rows never imported, the valid set imported all together or not at all."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from coordination.coalitions.models import LogEntry
from coordination.directory import imports, operations
from coordination.directory.models import Contact, ContactImport

# ruff: noqa: E501  (CSV lines are kept whole so they read as the file does)

GOOD_AND_BAD = """institution;antenne;type;nom;fonction;telephone;courriel;peut_debloquer;canal;joignable;verifie_le
CPAM de Brie-et-Marne;Accueil de Meaux-sur-Brie;personne;Paul Verdier;Conseiller;01 99 00 30 01;paul.verdier@cpam.example;AME;telephone;matin;2026-01-10
cpam de brie-et-marne;;guichet;Cellule accès aux droits;;01 99 00 30 02;acces@cpam.example;;courriel;;
CAF inconnue;;personne;Sans Institution;;;;;;;
CPAM de Brie-et-Marne;Antenne fantôme;personne;Mauvaise Antenne;;;;;;;
CPAM de Brie-et-Marne;;personne;;;abc;pas-un-courriel;;pigeon;;31/12/2999
CPAM de Brie-et-Marne;;personne;Doublon;;;isabelle.fontaine@cpam.example;;;;
"""


def count_contacts(db):
    return db.session.scalar(sa.select(sa.func.count(Contact.id)))


def upload(client, d, text, name="contacts.csv", encoding="utf-8"):
    url = f"/c/{d.coalition.id}/directory/import"
    return client.post(
        url,
        {"file": (io.BytesIO(text.encode(encoding)), name)},
        token_from=url,
        content_type="multipart/form-data",
    )


def test_preview_lists_every_problem_and_writes_nothing(db, directory, login_as):
    client = login_as(directory.member)
    before = count_contacts(db)
    response = upload(client, directory, GOOD_AND_BAD)
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert count_contacts(db) == before
    assert "Paul Verdier" in preview and "Cellule accès aux droits" in preview
    for message in (
        "Institution inconnue « CAF inconnue »",
        "Antenne inconnue « Antenne fantôme »",
        "Le nom manque.",
        "Numéro de téléphone « abc » non valable.",
        "Adresse e-mail « pas-un-courriel » non valable.",
        "Canal inconnu « pigeon ».",
        "« 31/12/2999 »",
        "déjà dans l’annuaire",
    ):
        assert message in preview, message
    pending = db.session.scalars(sa.select(ContactImport)).one()
    assert [r["line"] for r in pending.rows] == [2, 3]
    assert [p["line"] for p in pending.problems] == [4, 5, 6, 7]


def test_confirm_imports_the_valid_rows_only(db, directory, login_as):
    client = login_as(directory.member)
    before = count_contacts(db)
    preview_url = upload(client, directory, GOOD_AND_BAD).headers["Location"]
    done = client.post(preview_url + "/confirm", token_from=preview_url)
    assert done.status_code == 302
    db.session.expire_all()
    assert count_contacts(db) == before + 2
    paul = db.session.scalars(sa.select(Contact).where(Contact.name == "Paul Verdier")).one()
    assert paul.office_id == directory.office.id
    assert paul.last_checked_on.isoformat() == "2026-01-10"
    assert paul.added_by_id == directory.member.id
    desk = db.session.scalars(sa.select(Contact).where(Contact.kind == "desk")).one()
    assert desk.channel == "email" and desk.last_checked_on == operations.local_today()
    pending = db.session.scalars(sa.select(ContactImport)).one()
    assert (pending.status, pending.imported, pending.rows) == ("imported", 2, [])
    entry = db.session.scalars(
        sa.select(LogEntry).where(LogEntry.action == "directory.imported")
    ).one()
    assert "2" in entry.summary
    # Confirming twice imports nothing more.
    client.post(preview_url + "/confirm", token_from=preview_url)
    assert count_contacts(db) == before + 2


def test_nothing_is_imported_when_a_row_no_longer_fits(db, directory, login_as):
    client = login_as(directory.member)
    before = count_contacts(db)
    preview_url = upload(client, directory, GOOD_AND_BAD).headers["Location"]
    # Meanwhile someone adds the second row's e-mail to the directory.
    operations.create_contact(
        directory.coalition,
        directory.institution,
        by=directory.member,
        name="Arrivée entre-temps",
        email="acces@cpam.example",
    )
    response = client.post(preview_url + "/confirm", token_from=preview_url)
    assert response.status_code == 302
    db.session.expire_all()
    assert count_contacts(db) == before + 1  # only the one added by hand
    assert db.session.scalars(sa.select(ContactImport)).one().status == "pending"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rien n’a été importé" in page


def test_cancel_writes_nothing_and_forgets_the_rows(db, directory, login_as):
    client = login_as(directory.member)
    before = count_contacts(db)
    preview_url = upload(client, directory, GOOD_AND_BAD).headers["Location"]
    client.post(preview_url + "/cancel", token_from=preview_url)
    db.session.expire_all()
    pending = db.session.scalars(sa.select(ContactImport)).one()
    assert (pending.status, pending.rows, pending.problems) == ("cancelled", [], [])
    assert count_contacts(db) == before


def test_an_import_belongs_to_its_delegate_and_coalition(db, directory, login_as):
    preview_url = upload(login_as(directory.member), directory, GOOD_AND_BAD).headers["Location"]
    colleague = login_as(directory.world.delegates[1])
    assert colleague.get(preview_url).status_code == 404
    assert (
        colleague.post(
            preview_url + "/confirm", token_from=f"/c/{directory.coalition.id}/directory"
        ).status_code
        == 404
    )
    outsider = login_as(directory.world.outsider)
    assert outsider.get(preview_url).status_code == 404


def test_expired_imports_are_refused_and_emptied(db, directory):
    pending = imports.prepare(
        directory.coalition, GOOD_AND_BAD.encode(), "x.csv", by=directory.member
    )
    pending.created_at -= timedelta(hours=imports.IMPORT_HOURS + 1)
    db.session.flush()
    with pytest.raises(imports.ImportFileError):
        imports.confirm(directory.coalition, pending, by=directory.member)
    imports.purge_expired(directory.coalition.id)
    db.session.refresh(pending)
    assert (pending.status, pending.rows) == ("expired", [])


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "vide"),
        (b"nom;telephone\nA;01 99 00 00 00\n", "institution"),
        (b"institution;nom\n\n", "aucun contact"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(db, directory, login_as, content, message):
    url = f"/c/{directory.coalition.id}/directory/import"
    response = login_as(directory.member).post(
        url,
        {"file": (io.BytesIO(content), "x.csv")},
        token_from=url,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_windows_files_and_commas_are_read(db, directory):
    text = "Institution,Nom,Téléphone\nCPAM de Brie-et-Marne,Hélène Caron,01 99 00 30 09\n"
    pending = imports.prepare(
        directory.coalition, text.encode("cp1252"), "x.csv", by=directory.member
    )
    assert [r["name"] for r in pending.rows] == ["Hélène Caron"]


def test_round_trip_from_an_export(db, directory, make):
    from coordination.directory.exports import to_csv

    text = to_csv(operations.exportable_contacts(directory.coalition.id))
    other = make.coalition([directory.member.association])
    operations.create_institution(
        other, kind="cpam", name="CPAM de Brie-et-Marne", by=directory.member
    )
    pending = imports.prepare(other, text.encode("utf-8"), "export.csv", by=directory.member)
    assert pending.problems == [
        {
            "line": 2,
            "label": "Isabelle Fontaine",
            "messages": ["Antenne inconnue « Accueil de Meaux-sur-Brie » pour cette institution."],
        }
    ]
