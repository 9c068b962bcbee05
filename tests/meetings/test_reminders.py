"""The meetings' reminder kinds: timing under a frozen clock in Europe/Paris (including the
summer and winter time changes of 2026), recipients, moved and cancelled meetings, date
polls, action items; e-mails through a real SMTP server in French and English, the daily
digest; and a constant number of queries in every kind's due()."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from coordination.meetings import operations, polls
from coordination.meetings import reminders as r
from coordination.meetings.models import CANCELLED, DONE, HELD
from coordination.notifications import preferences, tasks
from coordination.notifications.models import DIGEST, Notification
from coordination.notifications.operations import collect_due
from coordination.notifications.registry import FREQUENT
from tests.conftest import count_queries
from tests.notifications import conftest as mail_fixtures

# The real SMTP server on 127.0.0.1 (aiosmtpd) of the notifications tests.
smtp_server, smtp = mail_fixtures.smtp_server, mail_fixtures.smtp

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def notified(db, kind, object_id=None) -> list[Notification]:
    query = sa.select(Notification).where(Notification.kind == kind)
    if object_id is not None:
        query = query.where(Notification.object_id == object_id)
    return list(db.session.scalars(query.order_by(Notification.occasion, Notification.user_id)))


def recipients(db, kind, object_id=None) -> set[int]:
    return {n.user_id for n in notified(db, kind, object_id)}


def plan_at(world, starts_at, *, created=None, **fields):
    """A planned meeting, created well before it (or at `created`)."""
    fields.setdefault("place", "Salle des Tilleuls, 3 rue des Écoles, 77000 Ville-Fictive")
    fields.setdefault("duration_minutes", 150)
    with time_machine.travel(created or starts_at - timedelta(days=60), tick=False):
        return operations.plan_meeting(
            world.coalition, world.delegates[0], starts_at=starts_at, **fields
        )


def sweep_at(moment) -> int:
    """What a sweep running at `moment` creates (the real clock path: no `now` given)."""
    with time_machine.travel(moment, tick=False):
        return collect_due(cadence=FREQUENT)


def everyone(world) -> set[int]:
    return {d.id for d in world.delegates}


# --- timing ---------------------------------------------------------------------------

MEETING_TIMING = [
    # kind, meeting start, reminder moment (UTC)
    (r.WEEK, paris(2026, 4, 4, 18), utc(2026, 3, 28, 8)),  # Sat 28 March, 9:00 CET
    (r.WEEK, paris(2026, 4, 5, 18), utc(2026, 3, 29, 7)),  # Sun 29 March (change), 9:00 CEST
    (r.WEEK, paris(2026, 4, 6, 0, 30), utc(2026, 3, 30, 7)),  # just after midnight
    (r.WEEK, paris(2026, 10, 31, 18), utc(2026, 10, 24, 7)),  # Sat 24 October, 9:00 CEST
    (r.WEEK, paris(2026, 11, 1, 18), utc(2026, 10, 25, 8)),  # Sun 25 October (change), CET
    (r.TOMORROW, paris(2026, 3, 29, 18), utc(2026, 3, 28, 8)),
    (r.TOMORROW, paris(2026, 3, 30, 18), utc(2026, 3, 29, 7)),
    (r.TOMORROW, paris(2026, 3, 30, 0, 30), utc(2026, 3, 29, 7)),  # 00:30: still the Sunday
    (r.TOMORROW, paris(2026, 10, 25, 18), utc(2026, 10, 24, 7)),
    (r.TOMORROW, paris(2026, 10, 26, 18), utc(2026, 10, 25, 8)),
    (r.AGENDA_CLOSING, paris(2026, 3, 30, 18), utc(2026, 3, 28, 8)),
    (r.AGENDA_CLOSING, paris(2026, 3, 31, 18), utc(2026, 3, 29, 7)),
    (r.AGENDA_CLOSING, paris(2026, 10, 26, 18), utc(2026, 10, 24, 7)),
    (r.AGENDA_CLOSING, paris(2026, 10, 27, 18), utc(2026, 10, 25, 8)),
    (r.TOMORROW, paris(2026, 1, 15, 9), utc(2026, 1, 14, 8)),  # plain winter
    (r.TOMORROW, paris(2026, 7, 15, 9), utc(2026, 7, 14, 7)),  # plain summer
]


@pytest.mark.parametrize(("kind", "starts_at", "moment"), MEETING_TIMING)
def test_meeting_reminders_at_nine_paris_time_across_time_changes(
    db, world, kind, starts_at, moment
):
    meeting = plan_at(world, starts_at)
    sweep_at(moment - timedelta(minutes=1))
    assert notified(db, kind) == []
    sweep_at(moment)
    rows = notified(db, kind, meeting.id)
    assert {n.user_id for n in rows} == everyone(world)
    assert {n.created_at for n in rows} == {moment}
    prefix = {r.WEEK: "week", r.TOMORROW: "tomorrow", r.AGENDA_CLOSING: "agenda"}[kind]
    assert {n.occasion for n in rows} == {f"{prefix}-{starts_at:%Y%m%dT%H%MZ}"}
    # Exactly once, however many sweeps follow until the meeting.
    for later in (moment + timedelta(hours=1), starts_at - timedelta(minutes=1)):
        sweep_at(later)
    assert len(notified(db, kind)) == len(world.delegates)


def test_each_meeting_reminder_comes_once_in_its_own_window(db, world):
    starts_at = paris(2026, 5, 19, 18)  # Tuesday
    meeting = plan_at(world, starts_at)
    moments = {
        paris(2026, 5, 12, 9): r.WEEK,
        paris(2026, 5, 17, 9): r.AGENDA_CLOSING,
        paris(2026, 5, 18, 9): r.TOMORROW,
    }
    for moment, kind in moments.items():
        sweep_at(moment)
        assert recipients(db, kind, meeting.id) == everyone(world)
    sweep_at(starts_at + timedelta(minutes=1))  # the meeting has started: nothing more
    total = db.session.scalar(sa.select(sa.func.count(Notification.id)))
    assert total == 3 * len(world.delegates)


def test_a_meeting_planned_late_gets_the_reminders_still_ahead_of_it(db, world):
    planned = paris(2026, 6, 10, 15)  # Wednesday afternoon, for Saturday evening
    starts_at = paris(2026, 6, 13, 18)
    plan_at(world, starts_at, created=planned)
    assert sweep_at(planned + timedelta(minutes=5)) == len(world.delegates)
    assert {n.kind for n in notified(db, r.WEEK)} == {r.WEEK}  # "meeting on Saturday 13 June"
    assert notified(db, r.AGENDA_CLOSING) == []  # its moment (Thursday 9:00) is ahead
    sweep_at(paris(2026, 6, 11, 9))
    assert len(notified(db, r.AGENDA_CLOSING)) == len(world.delegates)
    sweep_at(paris(2026, 6, 12, 9))
    assert len(notified(db, r.TOMORROW)) == len(world.delegates)
    assert len(notified(db, r.WEEK)) == len(world.delegates)  # still once


def test_a_moved_meeting_is_reminded_at_its_new_date_and_never_at_the_old_one(db, world):
    first = paris(2026, 4, 14, 18)
    meeting = plan_at(world, first)
    sweep_at(paris(2026, 4, 7, 9))
    assert {n.occasion for n in notified(db, r.WEEK)} == {"week-20260414T1600Z"}
    new = paris(2026, 4, 21, 18)
    with time_machine.travel(paris(2026, 4, 10, 12), tick=False):
        operations.update_meeting(meeting, world.delegates[1], starts_at=new)
    sweep_at(paris(2026, 4, 12, 9))  # the old date's agenda reminder
    sweep_at(paris(2026, 4, 13, 9))  # the old date's eve
    assert notified(db, r.TOMORROW) == [] and notified(db, r.AGENDA_CLOSING) == []
    sweep_at(paris(2026, 4, 14, 9))  # a week before the new date
    assert {n.occasion for n in notified(db, r.WEEK)} == {
        "week-20260414T1600Z",
        "week-20260421T1600Z",
    }
    sweep_at(paris(2026, 4, 20, 9))
    assert {n.occasion for n in notified(db, r.TOMORROW)} == {"tomorrow-20260421T1600Z"}


def test_cancelled_held_and_undated_meetings_are_not_reminded(db, world):
    cancelled = plan_at(world, paris(2026, 9, 8, 18))
    held = plan_at(world, paris(2026, 9, 8, 10))
    undated = plan_at(world, None, created=paris(2026, 8, 1, 10))
    operations.set_status(cancelled, CANCELLED, world.delegates[0])
    operations.set_status(held, HELD, world.delegates[0])
    with time_machine.travel(paris(2026, 9, 7, 9), tick=False):
        assert r.due_tomorrow(paris(2026, 9, 7, 9)) == []
        assert collect_due() == 0
    assert undated.starts_at is None


def test_a_meeting_whose_date_a_poll_is_still_choosing_is_not_reminded(db, world):
    meeting = plan_at(world, paris(2026, 9, 15, 18))
    polls.open_poll(meeting, world.delegates[0], [paris(2026, 9, 15, 18), paris(2026, 9, 22, 18)])
    assert r.due_week(paris(2026, 9, 8, 9)) == []


def test_recipients_are_members_and_the_guests_invited_to_that_meeting(db, make):
    members = [make.association(), make.association()]
    invited, other_guest = make.association(), make.association()
    delegates = [make.delegate(a) for a in members]
    withdrawn = make.delegate(members[0])
    withdrawn.active = False
    guest_delegate = make.delegate(invited)
    other_guest_delegate = make.delegate(other_guest)
    coalition = make.coalition(members, guests=[invited, other_guest])
    outsider = make.delegate()
    meeting = operations.plan_meeting(
        coalition, delegates[0], starts_at=paris(2026, 11, 20, 14), duration_minutes=120
    )
    operations.invite_guest_association(meeting, invited.id, delegates[0])
    [occasion] = r.due_tomorrow(paris(2026, 11, 19, 9))
    assert set(occasion.recipients) == {delegates[0].id, delegates[1].id, guest_delegate.id}
    assert not {withdrawn.id, other_guest_delegate.id, outsider.id} & set(occasion.recipients)


# --- date polls -----------------------------------------------------------------------


def test_a_poll_reminds_when_it_opens_then_two_days_before_its_first_date(db, world):
    first, second, third = world.delegates
    opened = paris(2026, 3, 20, 10, 2)
    meeting = plan_at(world, None, created=opened - timedelta(days=1))
    with time_machine.travel(opened, tick=False):
        poll = polls.open_poll(meeting, first, [paris(2026, 3, 31, 18), paris(2026, 4, 7, 18)])
    s1, s2 = (s.id for s in polls.slots_of(poll))
    polls.answer(poll, first, {s1: "yes", s2: "no"})  # answered every date
    polls.answer(poll, second, {s1: "maybe"})  # one date left
    assert sweep_at(opened - timedelta(seconds=1)) == 0
    sweep_at(opened + timedelta(minutes=4))  # the next sweep, within minutes
    rows = notified(db, r.POLL_WAITING, poll.id)
    assert {(n.user_id, n.occasion) for n in rows} == {(second.id, "opened"), (third.id, "opened")}
    # 9:00 two days before the first date: Sunday 29 March, the day clocks go forward.
    moment = utc(2026, 3, 29, 7)
    polls.answer(poll, third, {s1: "no", s2: "yes"})
    assert sweep_at(moment - timedelta(minutes=1)) == 0
    sweep_at(moment)
    before = [n for n in notified(db, r.POLL_WAITING, poll.id) if n.occasion != "opened"]
    assert [(n.user_id, n.occasion) for n in before] == [(second.id, "before-20260331T1600Z")]
    assert before[0].created_at == moment
    assert sweep_at(moment + timedelta(days=1)) == 0


def test_a_poll_opened_after_the_two_days_moment_or_closed_is_not_reminded_again(db, world):
    meeting = plan_at(world, None, created=paris(2026, 10, 20, 8))
    opened = paris(2026, 10, 25, 12)  # after 9:00 CET on Sunday 25 October
    with time_machine.travel(opened, tick=False):
        poll = polls.open_poll(meeting, world.delegates[0], [paris(2026, 10, 27, 18)])
    occasions = r.due_poll_waiting(opened + timedelta(minutes=5))
    assert [o.occasion for o in occasions] == ["opened"]
    (slot,) = polls.slots_of(poll)
    polls.close(poll, slot.id, world.delegates[0])
    assert r.due_poll_waiting(opened + timedelta(minutes=10)) == []


def test_poll_reminders_ask_invited_guests_too(db, make):
    members = [make.association(), make.association()]
    guest = make.association()
    delegates = [make.delegate(a) for a in members]
    guest_delegate = make.delegate(guest)
    coalition = make.coalition(members, guests=[guest])
    meeting = operations.plan_meeting(coalition, delegates[0], starts_at=None)
    operations.invite_guest_association(meeting, guest.id, delegates[0])
    with time_machine.travel(paris(2026, 12, 1, 10), tick=False):
        polls.open_poll(meeting, delegates[0], [paris(2027, 1, 12, 18)])
    [occasion] = r.due_poll_waiting(paris(2026, 12, 1, 10, 5))
    assert set(occasion.recipients) == {*(d.id for d in delegates), guest_delegate.id}


# --- action items ---------------------------------------------------------------------


def action(world, due_on, *, assignee=None, association=None, what="Écrire à la CAF"):
    association = association or world.associations[1]
    meeting = plan_at(world, paris(2026, 1, 6, 18))
    return operations.add_action(
        meeting,
        world.delegates[0],
        what=what,
        association_id=association.id,
        assignee_id=assignee.id if assignee else None,
        due_on=due_on,
    )


@pytest.mark.parametrize(
    ("due_on", "due_moment", "overdue_moments"),
    [
        # due Monday 30 March: Sunday 29 March 9:00 CEST, then Tuesdays 9:00 CEST
        (
            date(2026, 3, 30),
            utc(2026, 3, 29, 7),
            [utc(2026, 3, 31, 7), utc(2026, 4, 7, 7), utc(2026, 4, 14, 7)],
        ),
        # due Saturday 24 October: Friday 9:00 CEST, then Sundays 9:00 CET
        (
            date(2026, 10, 24),
            utc(2026, 10, 23, 7),
            [utc(2026, 10, 25, 8), utc(2026, 11, 1, 8), utc(2026, 11, 8, 8)],
        ),
        # due Saturday 28 March: Friday 9:00 CET, then Sundays, the first one CEST
        (
            date(2026, 3, 28),
            utc(2026, 3, 27, 8),
            [utc(2026, 3, 29, 7), utc(2026, 4, 5, 7), utc(2026, 4, 12, 7)],
        ),
    ],
)
def test_action_item_due_the_day_before_then_overdue_weekly(
    db, world, due_on, due_moment, overdue_moments
):
    item = action(world, due_on)
    in_charge = {world.delegates[1].id}
    sweep_at(due_moment - timedelta(minutes=1))
    assert notified(db, r.ACTION_DUE) == []
    sweep_at(due_moment)
    [due] = notified(db, r.ACTION_DUE, item.id)
    assert (due.user_id, due.occasion, due.created_at) == (
        world.delegates[1].id,
        f"due-{due_on}",
        due_moment,
    )
    for number, moment in enumerate(overdue_moments, start=1):
        sweep_at(moment - timedelta(minutes=1))
        assert len(notified(db, r.ACTION_OVERDUE)) == number - 1
        sweep_at(moment)
        rows = notified(db, r.ACTION_OVERDUE, item.id)
        assert len(rows) == number and recipients(db, r.ACTION_OVERDUE) == in_charge
        assert f"overdue-{moment.astimezone(PARIS).date()}" in {n.occasion for n in rows}
        assert {n.created_at for n in rows} == set(overdue_moments[:number])
    operations.set_action_status(item, DONE, world.delegates[1])
    assert sweep_at(overdue_moments[-1] + timedelta(days=7)) == 0


def test_action_reminders_go_to_the_delegate_in_charge_or_the_association(db, world, make):
    colleague = make.delegate(world.associations[1])
    named = action(world, date(2026, 5, 6), assignee=colleague)
    unnamed = action(world, date(2026, 5, 6))
    withdrawn = make.delegate(world.associations[2])
    gone = action(world, date(2026, 5, 6), assignee=withdrawn, association=world.associations[2])
    withdrawn.active = False
    db.session.flush()
    occasions = {o.object_id: set(o.recipients) for o in r.due_action_due(paris(2026, 5, 5, 9))}
    assert occasions[named.id] == {colleague.id}
    assert occasions[unnamed.id] == {world.delegates[1].id, colleague.id}
    assert occasions[gone.id] == {world.delegates[2].id}  # nobody active named: the association


def test_no_action_reminder_for_an_item_without_due_date_or_closed(db, world):
    action(world, None)
    closed = action(world, date(2026, 5, 6))
    operations.set_action_status(closed, DONE, world.delegates[0])
    assert r.due_action_due(paris(2026, 5, 5, 9)) == []
    assert r.due_action_overdue(paris(2026, 5, 20, 9)) == []


def test_weekly_overdue_day_arithmetic(app):
    with app.app_context():
        due_on, nine = date(2026, 3, 30), time(9)
        assert r.weekly_overdue_day(due_on, paris(2026, 3, 31, 8, 59), nine) is None
        assert r.weekly_overdue_day(due_on, paris(2026, 3, 31, 9), nine) == date(2026, 3, 31)
        assert r.weekly_overdue_day(due_on, paris(2026, 4, 7, 8), nine) == date(2026, 3, 31)
        assert r.weekly_overdue_day(due_on, paris(2026, 4, 7, 9), nine) == date(2026, 4, 7)
        assert r.weekly_overdue_day(due_on, paris(2026, 6, 1, 12), nine) == date(2026, 5, 26)


# --- constant number of queries ---------------------------------------------------------


def _meetings_world(make, count: int):
    """`count` meetings the Tuesday 13 October 2026 at 18:00, each with agenda items, an
    invited guest, an open poll on a sister meeting and action items due around then."""
    members = [make.association(), make.association()]
    delegates = [make.delegate(a) for a in members]
    guests = [make.association() for _ in range(count)]
    for g in guests:
        make.delegate(g)
    coalition = make.coalition(members, guests=guests)
    for n in range(count):
        meeting = operations.plan_meeting(
            coalition,
            delegates[0],
            starts_at=paris(2026, 10, 13, 18),
            duration_minutes=120,
            title=f"Réunion {n}",
        )
        operations.invite_guest_association(meeting, guests[n].id, delegates[0])
        for k in range(3):
            operations.propose_item(
                meeting, delegates[n % 2], title=f"Point {k}", urgent=k == 2, now=paris(2026, 9, 1)
            )
        for due_on in (date(2026, 10, 13), date(2026, 10, 1)):
            operations.add_action(
                meeting, delegates[0], what="Relancer", association_id=members[1].id, due_on=due_on
            )
        undated = operations.plan_meeting(coalition, delegates[0], starts_at=None)
        with time_machine.travel(paris(2026, 9, 1), tick=False):
            polls.open_poll(undated, delegates[0], [paris(2026, 10, 14, 18)])
    make.db.session.flush()


@pytest.mark.parametrize(
    ("due", "moment"),
    [
        (r.due_week, paris(2026, 10, 6, 9)),
        (r.due_agenda_closing, paris(2026, 10, 11, 9)),
        (r.due_tomorrow, paris(2026, 10, 12, 9)),
        (r.due_poll_waiting, paris(2026, 10, 12, 9)),
        (r.due_action_due, paris(2026, 10, 12, 9)),
        (r.due_action_overdue, paris(2026, 10, 12, 9)),
    ],
)
def test_each_kind_runs_a_constant_number_of_queries(db, make, due, moment):
    _meetings_world(make, 1)
    with count_queries() as few:
        small = list(due(moment))
    _meetings_world(make, 6)
    with count_queries() as many:
        large = list(due(moment))
    assert len(small) >= 1 and len(large) == 7 * len(small)
    assert len(many) == len(few) <= 6


@pytest.mark.parametrize(
    ("due", "index"),
    [
        (r.due_tomorrow, "ix_meeting_coalition_starts"),
        (r.due_action_overdue, "ix_action_item_coalition_status"),
    ],
)
def test_the_bulk_queries_walk_the_coalition_indexes(db, world, due, index):
    """The time range is read through the (coalition_id, …) indexes, coalition by
    coalition, rather than by scanning the whole table. (PostgreSQL scans tables this
    small anyway: sequential scans are switched off to see that the index fits.)"""
    action(world, date(2026, 10, 1))
    db.session.flush()
    executed = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        executed.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        due(paris(2026, 10, 12, 9))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    statement, parameters = executed[0]
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        lines = [row[-1] for row in plan]
    else:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = on")
        lines = [row[0] for row in plan]
    assert any(index in line for line in lines), lines


# --- e-mails through a real SMTP server ------------------------------------------------


def _text(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def test_the_eve_reminder_arrives_in_french_and_english_with_place_video_and_agenda(
    app, db, make, smtp
):
    members = [make.association(), make.association()]
    guest, uninvited = make.association(), make.association()
    french = make.delegate(members[0], name="Camille Fictive")
    english = make.delegate(members[1], name="Sam Fictional", locale="en")
    guest_delegate = make.delegate(guest)
    uninvited_delegate = make.delegate(uninvited)
    coalition = make.coalition(members, guests=[guest, uninvited], name="Collectif de la Brie")
    outsider = make.delegate()
    starts_at = paris(2026, 10, 26, 18)  # Monday after the change to winter time
    with time_machine.travel(paris(2026, 10, 1, 10), tick=False):
        meeting = operations.plan_meeting(
            coalition,
            french,
            title="Réunion d'automne",
            starts_at=starts_at,
            duration_minutes=150,
            place="Maison des associations, 2 rue Fictive, 77000 Ville-Fictive",
            video_url="https://visio.example/brie",
        )
        operations.invite_guest_association(meeting, guest.id, french)
        operations.propose_item(meeting, french, title="Accès aux droits CAF")
        operations.propose_item(meeting, english, title="Fermeture de l'antenne", urgent=True)
    db.session.commit()

    with time_machine.travel(utc(2026, 10, 25, 8), tick=False):  # Sunday 9:00 CET
        report = tasks.sweep()
    assert report.delivery.sent == 3
    assert smtp.to(outsider.email) == [] and smtp.to(uninvited_delegate.email) == []
    [fr] = smtp.to(french.email)
    assert fr["Subject"] == "Rappel : réunion le lundi 26 octobre 2026 à 18:00 — Réunion d'automne"
    text = _text(fr)
    assert "Rappel : le collectif « Collectif de la Brie » se réunit le lundi 26 octobre" in text
    assert "de 18:00 à 20:30" in text
    assert "Maison des associations, 2 rue Fictive" in text
    assert "Lien de visioconférence : https://visio.example/brie" in text
    assert "- Accès aux droits CAF\n- Fermeture de l'antenne [URGENT]" in text
    assert "Les points urgents peuvent encore être ajoutés, même le jour même." in text
    link = f"/c/{coalition.id}/meetings/{meeting.id}"
    assert link in text and link in _html(fr)
    html = _html(fr)
    assert '<a href="https://visio.example/brie">' in html
    assert "Fermeture de l&#39;antenne <strong>[URGENT]</strong>" in html
    [en] = smtp.to(english.email)
    assert en["Subject"].startswith("Reminder: meeting on Monday, October 26, 2026 at 6:00")
    body = _text(en)
    assert "Agenda so far:" in body and "Fermeture de l'antenne [URGENT]" in body
    assert "Video link: https://visio.example/brie" in body
    assert en["Content-Language"] == "en"
    assert len(smtp.to(guest_delegate.email)) == 1


def test_the_digest_groups_meeting_poll_and_action_reminders(app, db, world, smtp):
    reader = world.delegates[1]
    preferences.set_mode(reader.id, DIGEST)
    preferences.set_kind(reader.id, r.WEEK, False)  # switched off: not in the digest
    meeting = plan_at(world, paris(2026, 3, 31, 18), title="Réunion de printemps")
    undated = plan_at(world, None, created=paris(2026, 3, 1))
    with time_machine.travel(paris(2026, 3, 25), tick=False):
        polls.open_poll(undated, world.delegates[0], [paris(2026, 4, 20, 18)])
    item = operations.add_action(
        meeting,
        world.delegates[0],
        what="Préparer le courrier au Département",
        association_id=reader.association_id,
        assignee_id=reader.id,
        due_on=date(2026, 3, 30),
    )
    db.session.commit()
    with time_machine.travel(utc(2026, 3, 29, 7), tick=False):  # Sunday 9:00 CEST
        tasks.sweep()
    assert smtp.to(reader.email) == []  # digest mode: nothing at once
    with time_machine.travel(utc(2026, 3, 30, 5), tick=False):  # Monday 7:00 CEST: digest
        report = tasks.sweep()
    assert report.digests >= 1
    [digest] = smtp.to(reader.email)
    text = _text(digest)
    assert "Voici 3 rappels de Concertation." in text
    assert "Ordre du jour ouvert jusqu’au mardi 31 mars 2026, 18:00 : Réunion de printemps" in text
    assert "Choisissez la date de la réunion" in text
    assert f"Action à faire pour le 30 mars 2026 : {item.what}" in text
    assert text.count("/notifications/unsubscribe/") == 4  # all e-mails, and each of 3 kinds


def test_a_reminder_written_after_the_meeting_moved_says_so_instead_of_the_old_details(
    app, db, world, smtp
):
    reader = world.delegates[2]
    preferences.set_mode(reader.id, DIGEST)
    meeting = plan_at(world, paris(2026, 6, 9, 18), title="Réunion de juin")
    db.session.commit()
    with time_machine.travel(paris(2026, 6, 8, 9), tick=False):
        tasks.sweep()
    with time_machine.travel(paris(2026, 6, 8, 20), tick=False):
        operations.update_meeting(meeting, world.delegates[0], starts_at=paris(2026, 6, 16, 18))
        db.session.commit()
    with time_machine.travel(paris(2026, 6, 9, 7), tick=False):
        tasks.sweep()
    [digest] = smtp.to(reader.email)
    text = _text(digest)
    assert "Cette réunion a depuis été déplacée au mardi 16 juin 2026 à 18:00." in text
    assert "Ordre du jour" not in text and "Salle des Tilleuls" not in text
    # Those who wanted it at once had it on time, with the details of the day.
    [at_once] = smtp.to(world.delegates[0].email)
    assert "Salle des Tilleuls" in _text(at_once)


def test_in_app_list_shows_the_titles_in_the_users_language(app, db, world, login_as):
    plan_at(world, paris(2026, 9, 22, 18), title="Réunion de rentrée")
    sweep_at(paris(2026, 9, 21, 9))
    page = login_as(world.delegates[0]).get("/notifications").get_data(as_text=True)
    assert re.search(
        r"Rappel : réunion le mardi 22 septembre 2026 à 18:00 — Réunion de rentrée", page
    )


def test_user_text_is_escaped_and_only_web_links_are_linked_in_the_html_mail(app, db, world, smtp):
    meeting = plan_at(
        world,
        paris(2026, 9, 22, 18),
        title="<script>alert('titre')</script>",
        video_url="javascript:alert('visio')",  # the form refuses it; operations do not
    )
    with time_machine.travel(paris(2026, 8, 1), tick=False):
        operations.propose_item(
            meeting, world.delegates[1], title="<img src=x onerror=alert('point')>", urgent=True
        )
    db.session.commit()
    with time_machine.travel(paris(2026, 9, 21, 9), tick=False):
        tasks.sweep()
    [message] = smtp.to(world.delegates[0].email)
    html = _html(message)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#39;point&#39;)&gt;" in html
    assert "javascript:" not in html and "javascript:" not in _text(message)


def test_each_kind_can_be_switched_off_on_the_preferences_page(db, world, login_as):
    delegate = world.delegates[0]
    page = login_as(delegate).get("/notifications/preferences").get_data(as_text=True)
    for label in (
        "Une réunion a lieu dans une semaine",
        "Une réunion a lieu demain",
        "L’ordre du jour d’une réunion se ferme bientôt",
        "Un sondage de date attend la réponse de votre association",
        "Une action est à faire pour demain",
        "Une action est en retard",
    ):
        assert label in page
    assert all(preferences.enabled_kinds(delegate.id)[k] for k in (r.WEEK, r.ACTION_OVERDUE))
    preferences.set_kind(delegate.id, r.TOMORROW, False)
    plan_at(world, paris(2026, 9, 22, 18))
    sweep_at(paris(2026, 9, 21, 9))
    assert recipients(db, r.TOMORROW) == everyone(world) - {delegate.id}
