"""A commitment postponed: a follow-up (or the edit form) moves its due date, the timeline
keeps both dates ("Échéance reportée du … au …"), the transparency log says it, and the
reminders follow the new date, exactly once each."""

# ruff: noqa: F811  (the imported fixtures are parameters of the tests)

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from coordination.coalitions.models import LogEntry
from coordination.commitments import operations as commitments
from coordination.commitments import reminders as cr
from coordination.commitments.deadlines import BROKEN
from coordination.commitments.models import Commitment, CommitmentFollowUp
from tests.conftest import count_queries
from tests.directory.test_reminders import (  # noqa: F401  (fixtures)
    book,
    notified,
    paris,
    promise,
    sweep_at,
)

PROMISED, DUE, LATER = date(2026, 10, 1), date(2027, 1, 15), date(2027, 3, 30)


def _promise(directory, title, due_on=None):
    return commitments.create_commitment(
        directory.coalition,
        by=directory.member,
        title=title,
        institution_id=directory.institution.id,
        promised_on=PROMISED,
        due_on=due_on,
    )


@pytest.fixture
def item(db, directory):
    with time_machine.travel(date(2026, 12, 1), tick=False):
        return _promise(directory, "Rouvrir l'accueil du quartier", DUE)


def _steps(db):
    db.session.expire_all()
    return db.session.scalars(sa.select(CommitmentFollowUp).order_by(CommitmentFollowUp.id)).all()


def test_a_follow_up_moves_the_due_date_and_keeps_both(db, directory, item):
    with time_machine.travel(date(2027, 1, 10), tick=False):
        step = commitments.follow_up(
            item, by=directory.member, note="Travaux retardés", new_due_on=LATER
        )
    assert (step.old_due_on, step.new_due_on, step.new_status) == (DUE, LATER, None)
    assert db.session.get(Commitment, item.id).due_on == LATER
    logged = db.session.scalars(sa.select(LogEntry.action).order_by(LogEntry.id)).all()
    assert logged[-1] == "commitment.rescheduled"
    # A new due date alone is a follow-up; the same date again is nothing to record.
    with time_machine.travel(date(2027, 1, 11), tick=False):
        alone = commitments.follow_up(
            item, by=directory.member, note="", new_due_on=date(2027, 4, 2)
        )
        assert (alone.old_due_on, alone.new_due_on) == (LATER, date(2027, 4, 2))
        with pytest.raises(commitments.CommitmentError):
            commitments.follow_up(item, by=directory.member, note="", new_due_on=date(2027, 4, 2))
        with pytest.raises(commitments.CommitmentError):
            commitments.follow_up(
                item, by=directory.member, note="x", new_due_on=PROMISED - timedelta(days=1)
            )


def test_the_page_offers_a_new_due_date_and_tells_it_in_french(db, directory, item, login_as):
    url = f"/c/{directory.coalition.id}/commitments/{item.id}"
    with time_machine.travel(date(2027, 1, 10), tick=False):
        client = login_as(directory.member)
        form = client.get(url).get_data(as_text=True)
        assert "Nouvelle échéance (si l’institution reporte)" in form
        bad = client.post(
            url + "/follow-up",
            {"happened_on": "2027-01-10", "note": "Report annoncé", "new_due_on": "2026-09-01"},
            token_from=url,
        )
        assert bad.status_code == 400
        page = bad.get_data(as_text=True)
        assert "La nouvelle échéance est avant la promesse." in page
        assert "Report annoncé" in page  # the input is kept
        same = client.post(
            url + "/follow-up",
            {"happened_on": "2027-01-10", "note": "", "new_due_on": DUE.isoformat()},
            token_from=url,
        )
        assert same.status_code == 400
        assert "C’est déjà l’échéance." in same.get_data(as_text=True)
        ok = client.post(
            url + "/follow-up",
            {"happened_on": "2027-01-10", "note": "", "new_due_on": LATER.isoformat()},
            token_from=url,
        )
        assert ok.status_code == 302
        page = client.get(url).get_data(as_text=True)
    assert "Échéance reportée du 15 janvier 2027 au 30 mars 2027" in page
    assert [(s.old_due_on, s.new_due_on) for s in _steps(db)] == [(DUE, LATER)]


def test_the_edit_form_leaves_a_rescheduled_step(db, directory, item, login_as):
    url = f"/c/{directory.coalition.id}/commitments/{item.id}/edit"
    fields = {
        "title": item.title,
        "institution_id": directory.institution.id,
        "contact_id": 0,
        "meeting_id": 0,
        "promised_on": PROMISED.isoformat(),
        "due_on": DUE.isoformat(),
    }
    with time_machine.travel(date(2027, 1, 12), tick=False):
        client = login_as(directory.member)
        assert client.post(url, fields, token_from=url).status_code == 302
        assert _steps(db) == []  # saved without moving the date: nothing to trace
        moved = client.post(url, {**fields, "due_on": LATER.isoformat()}, token_from=url)
        assert moved.status_code == 302
    steps = _steps(db)
    assert [(s.happened_on, s.old_due_on, s.new_due_on, s.author_id) for s in steps] == [
        (date(2027, 1, 12), DUE, LATER, directory.member.id)
    ]
    # Giving a first due date is not postponing one.
    undated = _promise(directory, "Une borne d'accueil")
    commitments.update_commitment(undated, by=directory.member, due_on=LATER)
    assert len(_steps(db)) == 1
    # A first due date given by a follow-up is told as such.
    other = _promise(directory, "Un guichet unique")
    commitments.follow_up(other, by=directory.member, note="", new_due_on=LATER)
    page = login_as(directory.member).get(f"/c/{directory.coalition.id}/commitments/{other.id}")
    assert "Échéance fixée au 30 mars 2027" in page.get_data(as_text=True)


def test_the_page_runs_the_same_queries_with_many_postponements(db, directory, item, login_as):
    url = f"/c/{directory.coalition.id}/commitments/{item.id}"
    client = login_as(directory.member)
    commitments.follow_up(item, by=directory.member, note="", new_due_on=LATER)
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for k in range(1, 10):
        commitments.follow_up(item, by=directory.member, note="", new_due_on=LATER + timedelta(k))
        commitments.follow_up(item, by=directory.member, note=f"Relance {k}")
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Relance 9" in page and "au 8 avril 2027" in page
    assert len(many) == len(few)


def test_a_postponed_commitment_is_reminded_against_its_new_date(db, book):
    """Due 15 January: reminded 8 January, overdue 16 January; postponed on 20 January to
    15 February: reminded again 8 February, and overdue 16 February — a day the old monthly
    schedule had already used, yet sent, once."""
    commitment = promise(book, DUE)
    sweep_at(paris(2027, 1, 8, 9))
    sweep_at(paris(2027, 1, 16, 9))
    with time_machine.travel(paris(2027, 1, 20, 11), tick=False):
        commitments.follow_up(
            commitment, by=book.delegates[0], note="Report", new_due_on=date(2027, 2, 15)
        )
    assert cr.due_commitment_overdue(paris(2027, 1, 21, 9)) == []  # no longer overdue
    sweep_at(paris(2027, 2, 8, 9))
    sweep_at(paris(2027, 2, 16, 9))
    for moment in (paris(2027, 2, 16, 18), paris(2027, 2, 17, 9)):
        assert sweep_at(moment) == 0  # exactly once
    due = {n.occasion for n in notified(db, cr.COMMITMENT_DUE, commitment.id)}
    late = {n.occasion for n in notified(db, cr.COMMITMENT_OVERDUE, commitment.id)}
    assert due == {"due-2027-01-15", "due-2027-02-15"}
    assert late == {"overdue-2027-01-16/due-2027-01-15", "overdue-2027-02-16/due-2027-02-15"}
    assert len(notified(db, cr.COMMITMENT_OVERDUE, commitment.id)) == 2 * len(book.delegates)
    with time_machine.travel(paris(2027, 2, 20, 11), tick=False):
        commitments.follow_up(commitment, by=book.delegates[0], note="", new_status=BROKEN)
    assert cr.due_commitment_overdue(paris(2027, 3, 16, 9)) == []


def test_the_demo_tells_a_postponed_then_broken_promise(db):
    from coordination.campaigns.models import Campaign
    from coordination.campaigns.timeline import compose
    from coordination.demo import data
    from coordination.timezone import local_today

    world = data.load()
    tilleuls = world.coalitions["tilleuls"]
    broken = db.session.scalars(
        sa.select(Commitment).where(
            Commitment.coalition_id == tilleuls.id, Commitment.title.startswith("Réouverture")
        )
    ).one()
    today = local_today()
    assert (broken.status, broken.due_on) == (BROKEN, today - timedelta(days=160))
    campaign = db.session.scalars(
        sa.select(Campaign).where(Campaign.coalition_id == tilleuls.id)
    ).first()
    labels = [e.label for e in compose(campaign, today) if e.kind == "commitment"]
    assert labels.index("Promesse reportée") < labels.index("Promesse non tenue")
