"""Commitments made at a coalition meeting: the link is chosen on the form among the
coalition's meetings only (checked on the server), shown on the commitment page, and the
meeting page lists the commitments made there in a constant number of queries."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from coordination.coalitions.models import GUEST, Membership
from coordination.commitments import operations as commitments
from coordination.commitments.models import Commitment
from coordination.db import utcnow
from coordination.directory import operations
from coordination.meetings import operations as meetings
from tests.conftest import count_queries


def plan(coalition, by, days=-10, title="Réunion trimestrielle"):
    starts = (utcnow() + timedelta(days=days)).replace(microsecond=0)
    return meetings.plan_meeting(coalition, by, title=title, starts_at=starts, duration_minutes=120)


def promise(d, title, meeting=None):
    return commitments.create_commitment(
        d.coalition,
        by=d.member,
        title=title,
        institution_id=d.institution.id,
        promised_on=operations.local_today(),
        meeting_id=meeting.id if meeting else None,
    )


@pytest.fixture
def meeting(directory):
    return plan(directory.coalition, directory.member)


@pytest.fixture
def foreign_meeting(directory):
    return plan(directory.world.other_coalition, directory.world.outsider, title="Leur réunion")


def test_the_meeting_must_be_one_of_the_coalition(db, directory, meeting, foreign_meeting):
    item = promise(directory, "Permanence mensuelle", meeting)
    assert item.meeting_id == meeting.id
    with pytest.raises(
        commitments.CommitmentError, match="réunion de ce collectif|meeting of this"
    ):
        promise(directory, "Ailleurs", foreign_meeting)
    with pytest.raises(commitments.CommitmentError):
        commitments.update_commitment(item, by=directory.member, meeting_id=foreign_meeting.id)
    with pytest.raises(commitments.CommitmentError):
        commitments.update_commitment(item, by=directory.member, meeting_id=987654)


def test_the_form_offers_and_checks_the_coalitions_meetings(
    db, directory, meeting, foreign_meeting, login_as
):
    cid = directory.coalition.id
    url = f"/c/{cid}/commitments/new"
    client = login_as(directory.member)
    form = client.get(url + f"?meeting={meeting.id}").get_data(as_text=True)
    assert 'name="meeting_id"' in form and "Réunion trimestrielle" in form
    assert "Leur réunion" not in form
    assert f'<option selected value="{meeting.id}">' in form or (
        f'value="{meeting.id}" selected' in form
    )
    data = {
        "title": "Rappel sous huit jours",
        "institution_id": directory.institution.id,
        "contact_id": 0,
        "promised_on": operations.local_today().isoformat(),
        "meeting_id": foreign_meeting.id,
    }
    refused = client.post(url, data, token_from=url)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Choisissez une réunion dans la liste." in page or "Choose a meeting" in page
    assert "Rappel sous huit jours" in page  # the input is kept
    assert db.session.scalar(sa.select(sa.func.count(Commitment.id))) == 0
    accepted = client.post(url, {**data, "meeting_id": meeting.id}, token_from=url)
    assert accepted.status_code == 302
    item = db.session.scalars(sa.select(Commitment)).one()
    assert item.meeting_id == meeting.id
    # The edit form shows the link and can remove it.
    edit = f"/c/{cid}/commitments/{item.id}/edit"
    assert f'value="{meeting.id}"' in client.get(edit).get_data(as_text=True)
    assert client.post(edit, {**data, "meeting_id": 0}, token_from=edit).status_code == 302
    db.session.expire_all()
    assert item.meeting_id is None


def test_commitment_page_links_the_meeting_and_meeting_page_lists_commitments(
    db, directory, meeting, login_as
):
    cid = directory.coalition.id
    item = promise(directory, "Permanence CPAM à la MDS", meeting)
    client = login_as(directory.world.delegates[1])
    page = client.get(f"/c/{cid}/commitments/{item.id}").get_data(as_text=True)
    assert f'href="/c/{cid}/meetings/{meeting.id}"' in page
    assert "Réunion trimestrielle" in page
    page = client.get(f"/c/{cid}/meetings/{meeting.id}").get_data(as_text=True)
    section = page.split('id="commitments-h"')[1].split("</section>")[0]
    assert "Permanence CPAM à la MDS" in section
    assert f'href="/c/{cid}/commitments/{item.id}"' in section
    assert f"/c/{cid}/commitments/new?meeting={meeting.id}" in section


def test_meeting_page_queries_stay_constant_with_more_commitments(db, directory, meeting, login_as):
    url = f"/c/{directory.coalition.id}/meetings/{meeting.id}"
    client = login_as(directory.member)
    promise(directory, "Engagement 0", meeting)
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for k in range(1, 12):
        item = promise(directory, f"Engagement {k}", meeting)
        commitments.follow_up(item, by=directory.member, note="Relance")
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Engagement 11" in page
    assert len(many) == len(few)


def test_guests_see_the_section_only_where_the_directory_is_open_to_them(
    db, directory, meeting, make, login_as
):
    association = make.association()
    db.session.add(
        Membership(coalition_id=directory.coalition.id, association_id=association.id, role=GUEST)
    )
    db.session.flush()
    guest = make.delegate(association)
    meetings.invite_guest_association(meeting, association.id, directory.member)
    hidden = plan(directory.coalition, directory.member, days=-40, title="Réunion interne")
    item = promise(directory, "Permanence CPAM à la MDS", meeting)
    other = promise(directory, "Promesse en réunion interne", hidden)
    cid = directory.coalition.id
    client = login_as(guest)
    page = client.get(f"/c/{cid}/meetings/{meeting.id}").get_data(as_text=True)
    assert 'id="commitments-h"' not in page and "Permanence CPAM" not in page
    directory.coalition.guests_see_directory = True
    db.session.flush()
    page = client.get(f"/c/{cid}/meetings/{meeting.id}").get_data(as_text=True)
    assert "Permanence CPAM à la MDS" in page
    assert "/commitments/new" not in page  # guests do not record commitments
    # A commitment of a meeting the guest is not invited to: named, not linked.
    page = client.get(f"/c/{cid}/commitments/{other.id}").get_data(as_text=True)
    assert "Réunion interne" in page and f"/meetings/{hidden.id}" not in page
    page = client.get(f"/c/{cid}/commitments/{item.id}").get_data(as_text=True)
    assert f'href="/c/{cid}/meetings/{meeting.id}"' in page


def test_deleting_the_meeting_keeps_the_commitment(db, directory, meeting):
    item = promise(directory, "Permanence mensuelle", meeting)
    db.session.delete(meeting)
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(Commitment, item.id).meeting_id is None


def test_the_demo_links_a_commitment_to_a_held_meeting(db):
    from coordination.demo import data
    from coordination.meetings.models import HELD, Meeting

    world = data.load()
    brie = world.coalitions["brie"]
    linked = db.session.execute(
        sa.select(Commitment.title, Meeting.status, Meeting.coalition_id).join(
            Meeting, Meeting.id == Commitment.meeting_id
        )
    ).all()
    assert linked and all(status == HELD and c == brie.id for _t, status, c in linked)
