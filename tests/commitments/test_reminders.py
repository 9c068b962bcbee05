"""The commitments' reminder kinds, due and overdue: timing under a frozen clock in
Europe/Paris across the 2026 time changes, and their e-mails in French and English. The
fixtures and helpers are the directory's reminder tests' (tests/directory/test_reminders.py),
which also cover both kinds together with the directory's (queries, digest, preferences)."""

# ruff: noqa: F811  (the imported fixtures are parameters of the tests)

from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from coordination.commitments import operations as commitments
from coordination.commitments import reminders as cr
from coordination.commitments.deadlines import KEPT
from coordination.notifications import tasks
from tests.directory.test_reminders import (  # noqa: F401  (fixtures)
    PARIS,
    _text,
    book,
    notified,
    paris,
    promise,
    smtp,
    smtp_server,
    sweep_at,
    utc,
)


@pytest.mark.parametrize(
    ("due_on", "moment"),
    [
        (date(2026, 4, 4), utc(2026, 3, 28, 8)),  # Saturday 28 March, 9:00 CET
        (date(2026, 4, 5), utc(2026, 3, 29, 7)),  # Sunday 29 March (change), 9:00 CEST
        (date(2026, 10, 31), utc(2026, 10, 24, 7)),  # Saturday 24 October, 9:00 CEST
        (date(2026, 11, 1), utc(2026, 10, 25, 8)),  # Sunday 25 October (change), 9:00 CET
    ],
)
def test_commitment_due_seven_days_before_at_nine_paris_time(db, book, due_on, moment):
    commitment = promise(book, due_on)
    assert sweep_at(moment - timedelta(minutes=1)) == 0
    sweep_at(moment)
    rows = notified(db, cr.COMMITMENT_DUE, commitment.id)
    assert {n.user_id for n in rows} == {d.id for d in book.delegates}  # members only
    assert {n.occasion for n in rows} == {f"due-{due_on}"}
    assert {n.created_at for n in rows} == {moment}
    assert sweep_at(datetime.combine(due_on, time(20), PARIS)) == 0  # once


def test_a_commitment_recorded_less_than_a_week_ahead_is_reminded_at_once(db, book):
    with time_machine.travel(paris(2026, 6, 3, 15), tick=False):
        commitment = promise(book, date(2026, 6, 5), promised_on=date(2026, 6, 3))
    assert sweep_at(paris(2026, 6, 3, 15, 5)) == 2
    assert len(notified(db, cr.COMMITMENT_DUE, commitment.id)) == 2


@pytest.mark.parametrize(
    ("due_on", "moments"),
    [
        # the day after, then monthly: 1 March 9:00 CET, 1 April and 1 May 9:00 CEST
        (date(2026, 2, 28), [utc(2026, 3, 1, 8), utc(2026, 4, 1, 7), utc(2026, 5, 1, 7)]),
        # the day after is the 31st: months without one clamp to their last day
        (date(2026, 1, 30), [utc(2026, 1, 31, 8), utc(2026, 2, 28, 8), utc(2026, 3, 31, 7)]),
        # due on the eve of the winter time change
        (date(2026, 10, 24), [utc(2026, 10, 25, 8), utc(2026, 11, 25, 8), utc(2026, 12, 25, 8)]),
    ],
)
def test_commitment_overdue_the_day_after_then_monthly_while_pending(db, book, due_on, moments):
    commitment = promise(book, due_on)
    for number, moment in enumerate(moments, start=1):
        sweep_at(moment - timedelta(minutes=1))
        assert len(notified(db, cr.COMMITMENT_OVERDUE)) == 2 * (number - 1)
        sweep_at(moment)
        rows = notified(db, cr.COMMITMENT_OVERDUE, commitment.id)
        assert len(rows) == 2 * number
        key = f"overdue-{moment.astimezone(PARIS).date()}/due-{due_on}"
        assert key in {n.occasion for n in rows}
        assert {n.created_at for n in rows} == set(moments[:number])
    with time_machine.travel(moments[-1] + timedelta(days=1), tick=False):
        commitments.follow_up(commitment, by=book.delegates[1], note="", new_status=KEPT)
    assert sweep_at(moments[-1] + timedelta(days=40)) == 0


def test_monthly_overdue_day_arithmetic(app):
    nine = time(9)
    with app.app_context():
        due_on = date(2026, 1, 30)
        assert cr.monthly_overdue_day(due_on, paris(2026, 1, 31, 8, 59), nine) is None
        assert cr.monthly_overdue_day(due_on, paris(2026, 1, 31, 9), nine) == date(2026, 1, 31)
        assert cr.monthly_overdue_day(due_on, paris(2026, 2, 27, 23), nine) == date(2026, 1, 31)
        assert cr.monthly_overdue_day(due_on, paris(2026, 2, 28, 9), nine) == date(2026, 2, 28)
        assert cr.monthly_overdue_day(due_on, paris(2026, 3, 30, 9), nine) == date(2026, 2, 28)
        assert cr.monthly_overdue_day(due_on, paris(2026, 3, 31, 9), nine) == date(2026, 3, 31)
        assert cr.monthly_overdue_day(due_on, paris(2027, 2, 1, 9), nine) == date(2027, 1, 31)


def test_settled_or_undated_commitments_are_not_reminded(db, book):
    kept = promise(book, date(2026, 5, 10))
    with time_machine.travel(paris(2026, 5, 1, 12), tick=False):
        commitments.follow_up(kept, by=book.delegates[0], note="Rouvert", new_status=KEPT)
    promise(book, None)
    assert cr.due_commitment_due(paris(2026, 5, 5, 9)) == []
    assert cr.due_commitment_overdue(paris(2026, 6, 5, 9)) == []


# --- stale contacts -------------------------------------------------------------------


def test_commitment_mails_in_french_and_english(app, db, make, book, smtp):
    english = make.delegate(book.members[1], name="Sam Fictional", locale="en")
    commitment = promise(book, date(2026, 9, 15))
    db.session.commit()
    with time_machine.travel(paris(2026, 9, 8, 9), tick=False):
        assert tasks.sweep().delivery.sent == 3
    [fr] = smtp.to(book.delegates[1].email)
    assert fr["Subject"] == "Engagement attendu pour le 15 septembre 2026 : " + commitment.title
    text = _text(fr)
    assert "cet engagement arrive à échéance le mardi 15 septembre 2026" in text
    assert "Institution : CPAM de Brie-et-Marne (La directrice de l'accueil)" in text
    assert f"/c/{book.coalition.id}/commitments/{commitment.id}" in text
    [en] = smtp.to(english.email)
    assert en["Subject"] == f"Commitment due on September 15, 2026: {commitment.title}"
    assert smtp.to(book.guest_delegate.email) == []
    with time_machine.travel(paris(2026, 9, 16, 9), tick=False):
        tasks.sweep()
    [_due, overdue] = smtp.to(book.delegates[1].email)
    assert overdue["Subject"].startswith("Engagement en retard depuis le 15 septembre 2026")
    assert "Ce rappel revient chaque mois tant qu’il est en attente." in _text(overdue)
