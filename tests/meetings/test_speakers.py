"""Guest speakers: allowed status changes with their dates; the letter, page and PDF."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from coordination.meetings import operations
from coordination.meetings.models import GuestStatusChange
from coordination.meetings.operations import TRANSITIONS, MeetingError
from tests.meetings.conftest import at

ALL = ("to_contact", "invited", "confirmed", "declined", "came", "cancelled")


@pytest.fixture
def invitation(db, world, plan):
    first = world.delegates[0]
    meeting = plan(
        world.coalition,
        first,
        starts_at=at(2027, 3, 16, 13, 30),
        place="Salle des Paniers\n12 rue des Tisserands, 77100 Meaux-sur-Brie",
        access_notes="Bus 12, arrêt Mairie. Accessible en fauteuil roulant.",
    )
    item = operations.propose_item(meeting, first, title="Protection de l'enfance")
    return operations.invite_speaker(
        meeting,
        first,
        organisation="Association départementale de protection de l'enfance (fictive)",
        person="Mme Laure Fictive",
        role="Cheffe de service",
        email="laure@adpe.example",
        phone="01 99 00 12 34",
        topic="Les informations préoccupantes",
        agenda_item_id=item.id,
        delegate_id=first.id,
    )


def test_the_happy_path_keeps_the_date_of_each_change(db, world, invitation):
    first = world.delegates[0]
    t0 = datetime(2027, 1, 5, 10, tzinfo=UTC)
    for k, status in enumerate(("invited", "confirmed", "came")):
        operations.change_speaker_status(invitation, status, first, now=t0 + timedelta(days=k))
    assert invitation.status == "came"
    assert invitation.status_changed_at == t0 + timedelta(days=2)
    changes = db.session.query(GuestStatusChange).filter_by(invitation_id=invitation.id).all()
    assert [c.status for c in changes] == ["to_contact", "invited", "confirmed", "came"]
    assert [c.at for c in changes[1:]] == [t0, t0 + timedelta(days=1), t0 + timedelta(days=2)]


@pytest.mark.parametrize("start", ALL)
def test_only_allowed_transitions_pass(db, world, invitation, start):
    first = world.delegates[0]
    invitation.status = start
    for target in ALL:
        invitation.status = start
        if target in TRANSITIONS[start]:
            operations.change_speaker_status(invitation, target, first)
            assert invitation.status == target
        else:
            with pytest.raises(MeetingError):
                operations.change_speaker_status(invitation, target, first)
            assert invitation.status == start


def test_declined_then_invited_again_and_came_only_after_confirmation(db, world, invitation):
    first = world.delegates[0]
    with pytest.raises(MeetingError):
        operations.change_speaker_status(invitation, "came", first)
    operations.change_speaker_status(invitation, "invited", first)
    operations.change_speaker_status(invitation, "declined", first)
    operations.change_speaker_status(invitation, "invited", first)
    assert invitation.status == "invited"


def test_the_agenda_item_must_be_of_the_same_meeting(db, world, plan, invitation):
    from coordination.meetings.models import Meeting

    other = plan(world.coalition, world.delegates[0])
    foreign = operations.propose_item(other, world.delegates[0], title="Autre")
    meeting = db.session.get(Meeting, invitation.meeting_id)
    with pytest.raises(MeetingError):
        operations.invite_speaker(
            meeting, world.delegates[0], organisation="X", topic="Y", agenda_item_id=foreign.id
        )


def test_status_through_the_page(db, world, invitation, login_as):
    c = login_as(world.delegates[1])
    url = f"/c/{world.coalition.id}/speakers/{invitation.id}"
    page = c.get(url).get_data(as_text=True)
    assert "à contacter" in page
    refused = c.post(url + "/status", {"status": "came"}, token_from=url, follow_redirects=True)
    assert "n’est pas possible depuis le statut actuel" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert invitation.status == "to_contact"
    assert c.post(url + "/status", {"status": "invited"}, token_from=url).status_code == 302
    db.session.expire_all()
    assert invitation.status == "invited"


def test_letter_page_is_in_french_with_the_meeting_details(db, world, invitation, make, login_as):
    english = make.delegate(world.associations[1], locale="en")
    c = login_as(english)
    page = c.get(f"/c/{world.coalition.id}/speakers/{invitation.id}/letter").get_data(as_text=True)
    assert "mardi 16 mars 2027, 14:30" in page  # 13:30 UTC is 14:30 in Paris
    assert "12 rue des Tisserands" in page and "Bus 12" in page
    assert "Les informations préoccupantes" in page
    for association in world.associations:
        assert association.name in page  # co-signing member associations
    assert "Madame" in page or "Mme Laure Fictive" in page


def test_letter_pdf_contains_date_place_and_topic(db, world, invitation, login_as):
    c = login_as(world.delegates[0])
    response = c.get(f"/c/{world.coalition.id}/speakers/{invitation.id}/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert "16 mars 2027" in text
    assert "Meaux-sur-Brie" in text
    assert "Les informations préoccupantes" in text


def test_agenda_and_minutes_pdfs(db, world, invitation, login_as):
    meeting_id = invitation.meeting_id
    c = login_as(world.delegates[0])
    for path in ("agenda.pdf", "minutes.pdf"):
        response = c.get(f"/c/{world.coalition.id}/meetings/{meeting_id}/{path}")
        assert response.status_code == 200
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
        assert "Protection de l" in text and "16 mars 2027" in text
