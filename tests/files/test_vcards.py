"""vCards as address books read them: vobject, and khard (a real address book program)
when it is installed; a stable UID per contact, REV, lines folded at 75 octets."""

import shutil
import subprocess

import pytest
import vobject

from coordination.directory import exports, operations


def _export(client, d, fmt="vcf"):
    url = f"/c/{d.coalition.id}/directory/export"
    response = client.post(url, {"format": fmt, "purpose": "Permanence du jeudi"}, token_from=url)
    assert response.status_code == 200
    return response


def _with_long_note(directory):
    operations.create_contact(
        directory.coalition,
        directory.institution,
        by=directory.member,
        name="Élodie Marchand-Pérignon",
        role="Conseillère",
        phone="06 12 34 56 78",
        email="elodie.marchand@cpam.example",
        can_unblock="Dossiers bloqués de complémentaire santé solidaire, ré-examen après refus "
        "et pièces égarées à l'accueil",
        reach_hours="Le matin, sauf le mercredi",
    )


def test_each_card_has_a_stable_uid_a_rev_and_lines_of_at_most_75_octets(db, directory, login_as):
    _with_long_note(directory)
    client = login_as(directory.member)
    first = _export(client, directory).get_data()
    second = _export(client, directory).get_data()
    text = first.decode("utf-8")
    assert first.count(b"\r\n") == len(text.splitlines())  # CRLF line ends only
    for line in first.split(b"\r\n"):
        assert len(line) <= 75, line
    cards = list(vobject.readComponents(text))
    assert len(cards) == 2
    uids = [card.uid.value for card in cards]
    assert len(set(uids)) == 2
    assert uids == [c.uid.value for c in vobject.readComponents(second.decode())]  # stable
    assert exports.contact_uid(directory.contact) in uids
    for card in cards:
        assert card.rev.value.endswith("Z") and len(card.rev.value) == 16
    long_card = next(c for c in cards if c.fn.value == "Élodie Marchand-Pérignon")
    assert "pièces égarées à l'accueil" in long_card.note.value  # folding lost nothing
    assert "Le matin, sauf le mercredi" in long_card.note.value


def test_folding_never_cuts_a_character():
    line = "NOTE:" + "é" * 80
    pieces = exports.fold_line(line)
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == line


KHARD = shutil.which("khard")


@pytest.mark.skipif(KHARD is None, reason="khard is not installed")
def test_khard_reads_every_exported_card(db, directory, login_as, tmp_path):
    _with_long_note(directory)
    body = _export(login_as(directory.member), directory).get_data()
    book = tmp_path / "annuaire"
    book.mkdir()
    cards = [c + b"END:VCARD\r\n" for c in body.split(b"END:VCARD\r\n") if c.strip()]
    for index, card in enumerate(cards):  # the exported bytes, as they are
        (book / f"{index}.vcf").write_bytes(card)
    # khard reads an address book as a folder of cards, one per file (vdir).
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[annuaire]]\npath = {book}\n"
        "[general]\ndefault_action = list\n[contact table]\ndisplay = formatted_name\n"
    )
    result = subprocess.run(
        [KHARD, "-c", str(config), "list", "--parsable", "-a", "annuaire"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "UID" not in result.stderr and "error" not in result.stderr.lower(), result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines() if line.strip()]
    names = sorted(row[1] for row in rows)
    assert names == ["Isabelle Fontaine", "Élodie Marchand-Pérignon"]
    assert all(row[0].startswith("urn:uuid:") for row in rows)
    shown = subprocess.run(
        [KHARD, "-c", str(config), "show", "-a", "annuaire", "Marchand"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "elodie.marchand@cpam.example" in shown.stdout
