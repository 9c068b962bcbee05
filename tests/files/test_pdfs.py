"""PDFs as screen readers and PDF tools read them: tagged (pdfinfo from poppler-utils,
pypdf's structure tree), with an author and a language; the minutes' headings nest."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from coordination.meetings import operations
from tests.meetings.conftest import at

PDFINFO = shutil.which("pdfinfo")


@pytest.fixture
def meeting(db, world, plan):
    first = world.delegates[0]
    meeting = plan(
        world.coalition,
        first,
        starts_at=at(2027, 3, 16, 13, 30),
        place="Salle des Paniers\n12 rue des Tisserands",
        title="Réunion de printemps",
    )
    meeting.minutes = "# Tour de table\n\nRAS.\n\n## Colis\n\nDeux points.\n"
    invitation = operations.invite_speaker(
        meeting,
        first,
        organisation="Association fictive",
        person="Mme Laure Fictive",
        topic="Les informations préoccupantes",
        delegate_id=first.id,
    )
    db.session.flush()
    return meeting, invitation


def _pdfs(world, meeting, invitation, draft, login_as):
    statement = draft()
    c = login_as(world.delegates[0])
    cid = world.coalition.id
    paths = {
        "agenda": f"/c/{cid}/meetings/{meeting.id}/agenda.pdf",
        "minutes": f"/c/{cid}/meetings/{meeting.id}/minutes.pdf",
        "letter": f"/c/{cid}/speakers/{invitation.id}/letter.pdf",
        "statement": f"/c/{cid}/statements/{statement.id}/pdf",
    }
    result = {}
    for name, path in paths.items():
        response = c.get(path)
        assert response.status_code == 200 and response.mimetype == "application/pdf", path
        result[name] = response.data
    return result


def _pdfinfo(data: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    out = subprocess.run([PDFINFO, str(path)], capture_output=True, text=True, check=True)
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in out.stdout.splitlines())
    )


@pytest.mark.skipif(PDFINFO is None, reason="pdfinfo (poppler-utils) is not installed")
def test_pdfinfo_sees_tagged_pdfs_with_an_author(db, world, meeting, draft, login_as, tmp_path):
    pdfs = _pdfs(world, *meeting, draft, login_as)
    for name, data in pdfs.items():
        info = _pdfinfo(data, tmp_path)
        assert info["Tagged"] == "yes", (name, info)
        assert info["Author"] == world.coalition.name, (name, info)
        assert info.get("Title"), (name, info)


def test_pypdf_finds_the_structure_tree_and_the_language(db, world, meeting, draft, login_as):
    for name, data in _pdfs(world, *meeting, draft, login_as).items():
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]), name
        assert "/StructTreeRoot" in root, name
        assert str(root["/Lang"]).startswith("fr"), name
        assert reader.metadata.author == world.coalition.name, name


def _headings(data: bytes) -> list[tuple[str, str]]:
    """(structure type, text) of the headings in the PDF's structure tree."""
    reader = PdfReader(io.BytesIO(data))
    found = []

    def walk(node):
        node = node.get_object()
        kind = str(node.get("/S", ""))
        if re.fullmatch(r"/H[1-6]", kind):
            found.append(kind[1:])
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_minutes_headings_nest_under_compte_rendu_and_no_empty_agenda(db, world, meeting, login_as):
    meeting_row, _invitation = meeting
    c = login_as(world.delegates[0])
    url = f"/c/{world.coalition.id}/meetings/{meeting_row.id}/minutes"
    page = c.get(url + "/print").get_data(as_text=True)
    assert "Ordre du jour" not in page  # no agenda item: no empty heading
    assert re.search(r"<h2>Compte rendu</h2>\s*<div class=\"prose\"><h3>Tour de table</h3>", page)
    assert "<h4>Colis</h4>" in page
    levels = _headings(c.get(url + ".pdf").data)
    assert levels[0] == "H1" and "H3" in levels and "H4" in levels
    operations.propose_item(meeting_row, world.delegates[0], title="Colis d'été")
    assert "Ordre du jour" in c.get(url + "/print").get_data(as_text=True)
