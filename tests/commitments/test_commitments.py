"""Commitments: overdue computed, timeline of follow-ups, list sections and filters."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from coordination.commitments import operations as commitments
from coordination.commitments import reads as commitment_reads
from coordination.commitments.deadlines import BROKEN, KEPT
from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.directory import operations


@pytest.fixture
def today():
    return operations.local_today()


def promise(d, title, today, due_days, **kw):
    return commitments.create_commitment(
        d.coalition,
        by=d.member,
        title=title,
        institution_id=d.institution.id,
        promised_on=today - timedelta(days=100),
        due_on=today + timedelta(days=due_days),
        **kw,
    )


def test_list_sections(db, directory, today, login_as):
    late = promise(directory, "Accueil rouvert", today, -3)
    soon = promise(directory, "Permanence du jeudi", today, 10)
    later = promise(directory, "Borne numérique", today, 90)
    kept_late = promise(directory, "Guichet unique", today, -30)
    commitments.follow_up(kept_late, by=directory.member, note="Fait", new_status=KEPT)
    overdue = db.session.scalars(
        commitment_reads.listing(directory.coalition.id, when="overdue")
    ).all()
    due_soon = db.session.scalars(
        commitment_reads.listing(directory.coalition.id, when="soon")
    ).all()
    assert overdue == [late]
    assert due_soon == [soon]
    everything = db.session.scalars(commitment_reads.listing(directory.coalition.id)).all()
    assert set(everything) == {late, soon, later, kept_late}
    page = (
        login_as(directory.member)
        .get(f"/c/{directory.coalition.id}/commitments")
        .get_data(as_text=True)
    )
    overdue_part = page.split('id="overdue-h"')[1].split('id="soon-h"')[0]
    assert "Accueil rouvert" in overdue_part and "Guichet unique" not in overdue_part
    assert "badge overdue" in overdue_part
    assert commitment_reads.overdue_counts([directory.coalition.id]) == {directory.coalition.id: 1}


def test_filters(db, directory, today, login_as):
    promise(directory, "Accueil rouvert", today, -3)
    broken = promise(directory, "Guichet unique", today, -30)
    commitments.follow_up(broken, by=directory.member, note="Rien", new_status=BROKEN)
    client = login_as(directory.member)
    url = f"/c/{directory.coalition.id}/commitments"
    page = client.get(url + "?status=broken").get_data(as_text=True)
    assert "Guichet unique" in page and "Accueil rouvert" not in page
    page = client.get(url + "?when=overdue").get_data(as_text=True)
    assert "Accueil rouvert" in page and "Guichet unique" not in page


def test_timeline_records_notes_and_status_changes(db, directory, today, login_as):
    item = promise(directory, "Accueil rouvert", today, -3)
    url = f"/c/{directory.coalition.id}/commitments/{item.id}"
    client = login_as(directory.world.delegates[1])
    empty = client.post(
        url + "/follow-up",
        {"happened_on": today.isoformat(), "note": "", "new_status": ""},
        token_from=url,
    )
    assert empty.status_code == 400
    future = client.post(
        url + "/follow-up",
        {"happened_on": (today + timedelta(days=2)).isoformat(), "note": "Plus tard"},
        token_from=url,
    )  # refused by the operation: rolled back, the page shown again with the message
    assert future.status_code == 400
    page = future.get_data(as_text=True)
    assert "La date ne peut pas être dans le futur." in page
    assert "Accueil rouvert" in page and directory.institution.name in page
    client.post(
        url + "/follow-up",
        {"happened_on": today.isoformat(), "note": "Relance écrite"},
        token_from=url,
    )
    client.post(
        url + "/follow-up",
        {"happened_on": today.isoformat(), "note": "Réponse négative", "new_status": "broken"},
        token_from=url,
    )
    db.session.expire_all()
    steps = db.session.scalars(sa.select(CommitmentFollowUp).order_by(CommitmentFollowUp.id)).all()
    assert [(s.note, s.new_status) for s in steps] == [
        ("Relance écrite", None),
        ("Réponse négative", BROKEN),
    ]
    assert {s.author_id for s in steps} == {directory.world.delegates[1].id}
    assert db.session.get(Commitment, item.id).status == BROKEN
    page = client.get(url).get_data(as_text=True)
    assert page.index("Relance écrite") < page.index("Réponse négative")
    assert "badge overdue" not in page  # broken is settled, never overdue


def test_record_through_the_page(db, directory, today, login_as):
    url = f"/c/{directory.coalition.id}/commitments/new"
    client = login_as(directory.member)
    bad = client.post(
        url,
        {
            "title": "X",
            "institution_id": directory.institution.id,
            "contact_id": 0,
            "promised_on": today.isoformat(),
            "due_on": (today - timedelta(days=1)).isoformat(),
        },
        token_from=url,
    )
    assert bad.status_code == 400
    assert "X" in bad.get_data(as_text=True)  # the user's input is kept
    ok = client.post(
        url,
        {
            "title": "Réouverture d'un accueil CPAM au plus tard en janvier",
            "institution_id": directory.institution.id,
            "contact_id": directory.contact.id,
            "promised_by": "Le directeur",
            "context": "Réunion publique",
            "promised_on": today.isoformat(),
            "due_on": (today + timedelta(days=60)).isoformat(),
        },
        token_from=url,
    )
    assert ok.status_code == 302
    item = db.session.scalars(sa.select(Commitment)).one()
    assert (item.contact_id, item.status, item.meeting_id) == (
        directory.contact.id,
        "pending",
        None,
    )


def test_links_stay_inside_the_coalition(db, directory, today):
    other = directory.world.other_coalition
    foreign = operations.create_institution(
        other, kind="caf", name="CAF", by=directory.world.outsider
    )
    with pytest.raises(commitments.CommitmentError):
        commitments.create_commitment(
            directory.coalition,
            by=directory.member,
            title="X",
            institution_id=foreign.id,
            promised_on=today,
        )
    foreign_contact = operations.create_contact(
        other, foreign, by=directory.world.outsider, name="Y"
    )
    with pytest.raises(commitments.CommitmentError):
        commitments.create_commitment(
            directory.coalition,
            by=directory.member,
            title="X",
            institution_id=directory.institution.id,
            contact_id=foreign_contact.id,
            promised_on=today,
        )
