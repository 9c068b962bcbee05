"""The meeting pack ("dossier de séance") on the demo's next meeting: every chapter in the
PDF's text (pypdf), tagged (pdfinfo), A4, a page per chapter with the meeting's name and
the page number on each; the same number of queries whatever the meeting holds; the
attendance sheet's lines; the link in the "meeting in 7 days" e-mail."""

import io
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from pypdf import PdfReader

from coordination.demo import data
from coordination.meetings import operations, pack
from coordination.meetings.models import HELD, Meeting
from coordination.notifications import tasks
from coordination.statements import operations as statements
from coordination.statements import signoff
from tests.conftest import count_queries, login
from tests.meetings.test_reminders import _html, _text, paris
from tests.notifications import conftest as mail_fixtures

# The real SMTP server on 127.0.0.1 (aiosmtpd) of the notifications tests.
smtp_server, smtp = mail_fixtures.smtp_server, mail_fixtures.smtp

PDFINFO = shutil.which("pdfinfo")


@pytest.fixture
def demo(db):
    """The demo world (fictional), and Brie-et-Marne's next meeting."""
    world = data.load()
    db.session.flush()
    brie = world.coalitions["brie"]
    upcoming = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.coalition_id == brie.id, Meeting.starts_at.is_not(None))
        .where(Meeting.status == "planned")
        .order_by(Meeting.starts_at)
    ).first()
    return world, brie, upcoming


def _client(world):
    from flask import current_app

    claire = world.delegates["claire.martin@paniers.example"]
    return login(current_app.test_client(), claire, data.DEMO_PASSWORD)


def test_the_pdf_holds_every_chapter_with_the_demo_meetings_data(db, demo, tmp_path):
    world, brie, upcoming = demo
    c = _client(world)
    response = c.get(f"/c/{brie.id}/meetings/{upcoming.id}/pack.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "dossier-de-seance" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    text = " ".join(pages)
    expected = {
        "cover": [
            "Dossier de séance",
            "Concertation solidaire de Brie-et-Marne",
            "Réunion trimestrielle",
            "Accessible en fauteuil roulant",  # the host's access notes
            "Animation",
            "Prise de notes",
        ],
        "agenda": [
            "Ordre du jour",
            "Approbation du compte rendu du",
            "Protection de l'enfance : les informations préoccupantes",
            "Entraide Marnaise (Sophie Garnier)",  # proposer
            "14:00",
            "14:10",  # the running clock after the 10-minute approval item
        ],
        "minutes": ["Compte rendu à approuver", "Brouillon : à approuver", "Précarité énergétique"],
        "actions": ["Actions en cours", "Recenser les familles sans solution de garde"],
        "speakers": ["Intervenants extérieurs", "Mme Laure Fictive", "Présentera"],
        "statements": ["Déclarations à signer", "Rouvrir un accueil sans rendez-vous à la CAF"],
        "commitments": ["Engagements arrivant à échéance", "Délai de traitement des dossiers"],
        "sheet": ["Feuille d’émargement", "Claire Martin", "Épicerie Partagée du Val", "Invités"],
    }
    for chapter, needles in expected.items():
        for needle in needles:
            assert needle in text, (chapter, needle)
    # A page per chapter: cover + 7 chapters; each page after the cover carries the
    # meeting's name; every page its number.
    assert len(pages) >= 8
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page
        if number > 1:
            assert "Concertation solidaire de Brie-et-Marne — Réunion trimestrielle" in page
    assert pages[1].lstrip().startswith("Ordre du jour")
    assert pages[-1].lstrip().startswith("Feuille d’émargement")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    if PDFINFO:
        path = tmp_path / "pack.pdf"
        path.write_bytes(response.data)
        info = subprocess.run([PDFINFO, str(path)], capture_output=True, text=True, check=True)
        assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)
        assert "Page size:       595.276 x 841.89 pts (A4)" in info.stdout


def test_the_page_prints_the_same_chapters_and_links_the_pdf(db, demo):
    world, brie, upcoming = demo
    c = _client(world)
    page = c.get(f"/c/{brie.id}/meetings/{upcoming.id}/pack").get_data(as_text=True)
    assert f"/c/{brie.id}/meetings/{upcoming.id}/pack.pdf" in page
    assert "css/pack.css" in page
    assert page.count('class="pack-section"') == 7
    show = c.get(f"/c/{brie.id}/meetings/{upcoming.id}").get_data(as_text=True)
    assert f"/c/{brie.id}/meetings/{upcoming.id}/pack" in show


def test_the_attendance_sheet_has_the_quota_for_each_association_and_guest_lines(db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first)
    operations.set_attendance(meeting, first, user_ids=[first.id], extra_names=[], quota=2)
    operations.invite_speaker(meeting, first, organisation="OFII fictif", topic="Accueil")
    from coordination.meetings import reads

    people = reads.people(world.coalition.id, meeting.id)
    sheet = pack.attendance_sheet(
        people["participants"], people["attendance"], 2, reads.speakers(meeting.id)
    )
    assert [len(g.lines) for g in sheet[:-1]] == [2, 2, 2]
    mine = next(g for g in sheet if g.lines[0].name == first.name)
    assert [line.name for line in mine.lines] == [first.name, ""]
    guests = sheet[-1]
    assert guests.is_guest and guests.lines[0].name == "OFII fictif"
    assert len(guests.lines) == 1 + pack.GUEST_LINES


def _grow(world, brie, upcoming, k: int):
    d = world.delegates
    claire = d["claire.martin@paniers.example"]
    helene = d["helene.dubois@croix-solidaire.example"]
    for n in range(k):
        operations.propose_item(upcoming, claire, title=f"Point ajouté {n}")
        operations.invite_speaker(
            upcoming, claire, organisation=f"Organisme fictif {n}", topic="Présentation"
        )
    earlier = operations.plan_meeting(
        brie,
        claire,
        title="Réunion extraordinaire",
        starts_at=upcoming.starts_at - timedelta(days=3),
    )
    operations.set_status(earlier, HELD, claire, now=earlier.starts_at)
    operations.save_minutes(earlier, claire, "## Points\n\n- Un point.", 0)
    for n in range(k):
        operations.record_decision(earlier, helene, f"Décision {n}")
        operations.add_action(
            earlier, claire, what=f"Action {n}", association_id=claire.association_id
        )
        statement = statements.create_statement(
            brie,
            by=claire,
            title=f"Déclaration {n}",
            recipient="Préfecture",
            purpose="",
            body="Texte",
        )
        signoff.open_consultation(statement, by=claire)
    from coordination.extensions import db

    db.session.flush()


def test_the_pack_runs_the_same_number_of_queries_whatever_it_holds(db, demo):
    world, brie, upcoming = demo
    c = _client(world)
    url = f"/c/{brie.id}/meetings/{upcoming.id}/pack"
    _grow(world, brie, upcoming, 1)
    c.get(url)
    with count_queries() as few:
        assert c.get(url).status_code == 200
    _grow(world, brie, upcoming, 6)
    with count_queries() as many:
        page = c.get(url).get_data(as_text=True)
    assert "Point ajouté 5" in page and "Décision 5" in page and "Déclaration 5" in page
    assert "Organisme fictif 5" in page and "Action 5" in page
    print(f"pack page: {len(few)} queries, with more of everything: {len(many)}")
    assert len(many) == len(few), (len(few), len(many))
    # 3 for every page, 1 meeting, 1 agenda, 1 people, 1 speakers, 1 action items,
    # 3 minutes to approve, 1 statements, 1 commitments.
    assert len(few) <= 14


def test_the_week_reminder_links_the_pack(app, db, world, smtp):
    first = world.delegates[0]
    with time_machine.travel(paris(2026, 10, 1, 10), tick=False):
        meeting = operations.plan_meeting(
            world.coalition, first, title="Réunion d'automne", starts_at=paris(2026, 10, 20, 14)
        )
    db.session.commit()
    with time_machine.travel(paris(2026, 10, 13, 9), tick=False):
        tasks.sweep()
    [message] = smtp.to(first.email)
    link = f"/c/{world.coalition.id}/meetings/{meeting.id}/pack"
    assert "Le dossier de séance" in _text(message) and link in _text(message)
    assert f'{link}"' in _html(message)
