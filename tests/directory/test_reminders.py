"""The directory's reminder kind, contacts not checked for a long time, alongside the
commitments' (their timing: tests/commitments/test_reminders.py). Timing under a frozen
clock in Europe/Paris across the 2026 time changes, recipients, e-mails through a real
SMTP server (French and English, daily digest), no phone number or e-mail of a contact in
any message, a constant number of queries."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from coordination.commitments import operations as commitments
from coordination.commitments import reminders as cr
from coordination.commitments.deadlines import KEPT
from coordination.directory import operations
from coordination.directory import reminders as r
from coordination.notifications import preferences, tasks
from coordination.notifications.models import DIGEST, Notification
from coordination.notifications.operations import collect_due
from coordination.notifications.registry import DAILY, FREQUENT
from tests.conftest import count_queries
from tests.notifications import conftest as mail_fixtures

# The real SMTP server on 127.0.0.1 (aiosmtpd) of the notifications tests.
smtp_server, smtp = mail_fixtures.smtp_server, mail_fixtures.smtp

PARIS = ZoneInfo("Europe/Paris")
NAMES = [
    "Isabelle Fontaine",
    "Marc Lefèvre",
    "Nadia Benali",
    "Paul Girard",
    "Sophie Martin",
    "Louis Moreau",
    "Claire Petit",
]


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def notified(db, kind, object_id=None) -> list[Notification]:
    query = sa.select(Notification).where(Notification.kind == kind)
    if object_id is not None:
        query = query.where(Notification.object_id == object_id)
    return list(db.session.scalars(query.order_by(Notification.occasion, Notification.user_id)))


def sweep_at(moment, cadence=FREQUENT) -> int:
    with time_machine.travel(moment, tick=False):
        return collect_due(cadence=cadence)


@dataclass
class Book:
    coalition: object
    members: list
    delegates: list
    guest_delegate: object
    outsider: object
    institution: object


@pytest.fixture
def book(db, make):
    """A coalition of two member associations (one delegate each) and a guest, with a CPAM
    in its directory; an outsider in another coalition."""
    members = [make.association(), make.association()]
    guest = make.association()
    delegates = [make.delegate(a) for a in members]
    guest_delegate = make.delegate(guest)
    coalition = make.coalition(members, guests=[guest], name="Collectif de la Brie")
    elsewhere = make.association()
    outsider = make.delegate(elsewhere)
    make.coalition([elsewhere])
    cpam = operations.create_institution(
        coalition, kind="cpam", name="CPAM de Brie-et-Marne", by=delegates[0]
    )
    return Book(coalition, members, delegates, guest_delegate, outsider, cpam)


def promise(book, due_on, title="Réouvrir l'accueil de Meaux-sur-Brie", promised_on=None):
    return commitments.create_commitment(
        book.coalition,
        by=book.delegates[0],
        title=title,
        institution_id=book.institution.id,
        promised_on=promised_on or date(2025, 11, 4),
        promised_by="La directrice de l'accueil",
        due_on=due_on,
    )


def contact(book, name, checked_on, n=1):
    return operations.create_contact(
        book.coalition,
        book.institution,
        by=book.delegates[0],
        name=name,
        role="Référente",
        phone=f"01 99 00 31 {n:02d}",
        email=f"contact{n}@cpam.example",
        checked_on=checked_on,
        log=False,
    )


# --- commitments: timing --------------------------------------------------------------


def test_stale_contacts_once_a_month_per_coalition_by_the_local_month(db, book, make):
    for n, name in enumerate(NAMES, start=1):  # stale: checked 8 to 14 months ago
        contact(book, name, date(2025, 8, 1) - timedelta(days=30 * n), n)
    contact(book, "Fraîchement Vérifiée", date(2026, 3, 1), 20)
    erased = contact(book, "Personne Effacée", date(2024, 1, 1), 21)
    operations.erase_contact(erased, by=book.delegates[1])
    # A coalition checking every 12 months: its 8-month-old contact is not stale.
    yearly = make.association()
    yearly_delegate = make.delegate(yearly)
    other = make.coalition([yearly], stale_contact_months=12)
    institution = operations.create_institution(other, kind="caf", name="CAF", by=yearly_delegate)
    operations.create_contact(
        other, institution, by=yearly_delegate, name="Agent CAF", checked_on=date(2025, 8, 1)
    )
    first_of_april = utc(2026, 3, 31, 22, 30)  # 00:30 on 1 April in Paris, still March in UTC
    assert sweep_at(first_of_april) == 0  # a daily kind: not in the frequent sweeps
    assert sweep_at(first_of_april, DAILY) == 2
    rows = notified(db, r.STALE_CONTACTS)
    assert {n.user_id for n in rows} == {d.id for d in book.delegates}
    assert {(n.object_type, n.object_id, n.occasion) for n in rows} == {
        ("coalition", book.coalition.id, "2026-04")
    }
    ctx = rows[0].context
    assert ctx["count"] == len(NAMES) and ctx["months"] == 6
    assert len(ctx["contact_ids"]) == r.STALE_SAMPLE
    assert not [n for n in NAMES if n in str(ctx)] and "01 99" not in str(ctx)  # ids only
    assert sweep_at(paris(2026, 4, 20, 6, 30), DAILY) == 0  # once a month
    assert sweep_at(paris(2026, 5, 1, 6, 30), DAILY) == 2
    assert {n.occasion for n in notified(db, r.STALE_CONTACTS)} == {"2026-04", "2026-05"}


def test_no_stale_reminder_when_every_contact_is_fresh(db, book):
    contact(book, "Isabelle Fontaine", date(2026, 3, 1))
    assert r.due_stale_contacts(paris(2026, 4, 1, 6, 30)) == []


def test_the_sample_is_read_when_the_message_is_written(app, db, book):
    old = [contact(book, name, date(2025, 1, 10), n) for n, name in enumerate(NAMES[:3], 1)]
    [occasion] = r.due_stale_contacts(paris(2026, 4, 1, 6, 30))
    ctx = {**occasion.context, "cutoff": occasion.context["cutoff"].isoformat()}
    reader = book.delegates[0]
    names = [c["name"] for c in r.stale_sample(ctx, reader)]
    assert names == NAMES[:3]
    operations.erase_contact(old[0], by=reader)
    operations.confirm_contact(old[1], by=reader, on=date(2026, 4, 1))
    assert [c["name"] for c in r.stale_sample(ctx, reader)] == [NAMES[2]]
    assert r.stale_sample(ctx, book.guest_delegate) == []  # not a member
    assert r.stale_sample(ctx, book.outsider) == []


# --- constant number of queries ---------------------------------------------------------


def _many(make, db, count):
    for k in range(count):
        members = [make.association(), make.association()]
        delegates = [make.delegate(a) for a in members]
        coalition = make.coalition(members)
        institution = operations.create_institution(
            coalition, kind="caf", name=f"CAF {k}", by=delegates[0]
        )
        for due_on in (date(2026, 6, 10), date(2026, 5, 1)):
            commitments.create_commitment(
                coalition,
                by=delegates[0],
                title=f"Engagement {k}",
                institution_id=institution.id,
                promised_on=date(2026, 1, 5),
                due_on=due_on,
            )
        for n in range(3):
            operations.create_contact(
                coalition,
                institution,
                by=delegates[0],
                name=f"Contact {k}-{n}",
                checked_on=date(2025, 1, 1),
                log=False,
            )
    db.session.flush()


@pytest.mark.parametrize(
    "due", [cr.due_commitment_due, cr.due_commitment_overdue, r.due_stale_contacts]
)
def test_each_kind_runs_a_constant_number_of_queries(db, make, due):
    moment = paris(2026, 6, 3, 9)
    _many(make, db, 1)
    with count_queries() as few:
        small = list(due(moment))
    _many(make, db, 6)
    with count_queries() as many:
        large = list(due(moment))
    assert len(small) == 1 and len(large) == 7
    assert len(many) == len(few) <= 3


@pytest.mark.parametrize(
    ("due", "index"),
    [
        (cr.due_commitment_overdue, "ix_commitment_coalition_status_due"),
        (r.due_stale_contacts, "ix_contact_coalition_checked"),
    ],
)
def test_the_bulk_queries_walk_the_coalition_indexes(db, make, due, index):
    """The date range is read through the (coalition_id, …) indexes (PostgreSQL scans
    tables this small anyway: sequential scans are switched off to see the index fits)."""
    _many(make, db, 2)
    executed = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        executed.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        due(paris(2026, 6, 3, 9))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    connection = db.session.connection()
    lines = []
    for statement, parameters in executed:
        if connection.dialect.name == "sqlite":
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            lines += [row[-1] for row in plan.all()]
        else:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            lines += [
                row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters)
            ]
            connection.exec_driver_sql("SET LOCAL enable_seqscan = on")
    assert any(index in line for line in lines), lines


# --- e-mails through a real SMTP server ------------------------------------------------


def _text(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def test_stale_contacts_mail_names_a_few_without_phone_or_email_in_both_languages(
    app, db, make, book, smtp
):
    english = make.delegate(book.members[1], name="Sam Fictional", locale="en")
    people = [contact(book, name, date(2025, 1, 10 + n), n) for n, name in enumerate(NAMES, 1)]
    db.session.commit()
    with time_machine.travel(paris(2026, 4, 1, 6, 30), tick=False):
        report = tasks.daily()
    assert report.delivery.sent == 3  # two member delegates and the English colleague
    assert smtp.to(book.guest_delegate.email) == [] and smtp.to(book.outsider.email) == []
    [fr] = smtp.to(book.delegates[0].email)
    assert fr["Subject"] == "7 contacts à vérifier dans Collectif de la Brie"
    text, html = _text(fr), _html(fr)
    assert (
        "Dans l’annuaire du collectif « Collectif de la Brie », 7 contacts n’ont pas été "
        "vérifiés depuis 6 mois ou plus." in text
    )
    for name in NAMES[:5]:
        assert f"- {name}, CPAM de Brie-et-Marne" in text
    assert NAMES[5] not in text and NAMES[6] not in text  # the first five only
    link = f"/c/{book.coalition.id}/directory/contacts?stale=1"
    assert link in text and link in html
    for person in people:
        for secret in (person.phone, person.email):
            assert secret not in text and secret not in html
    [en] = smtp.to(english.email)
    assert en["Subject"] == "7 contacts to check in Collectif de la Brie"
    assert "have not been checked for 6 months or more" in _text(en)
    assert f"- {NAMES[0]}, CPAM de Brie-et-Marne" in _text(en)


def test_the_digest_groups_commitment_and_stale_contact_reminders(app, db, book, smtp):
    reader = book.delegates[1]
    preferences.set_mode(reader.id, DIGEST)
    soon = promise(book, date(2026, 10, 30), title="Ouvrir une permanence le samedi")
    late = promise(book, date(2026, 9, 30), title="Répondre au courrier du collectif")
    contact(book, NAMES[0], date(2025, 2, 1))
    db.session.commit()
    with time_machine.travel(paris(2026, 10, 23, 9), tick=False):
        tasks.sweep()  # the commitments, on Friday at 9:00
    with time_machine.travel(paris(2026, 10, 23, 10), tick=False):
        commitments.follow_up(late, by=book.delegates[0], note="Réponse reçue", new_status=KEPT)
        db.session.commit()
    with time_machine.travel(paris(2026, 10, 24, 6, 30), tick=False):
        tasks.daily()  # the stale contacts (a daily kind), on Saturday at 6:30
    assert smtp.to(reader.email) == []
    assert len(smtp.to(book.delegates[0].email)) == 3  # the colleague had them at once
    with time_machine.travel(paris(2026, 10, 24, 7), tick=False):  # the digest hour
        report = tasks.sweep()
    assert report.digests == 1
    [digest] = smtp.to(reader.email)
    text = _text(digest)
    assert "Voici 3 rappels de Concertation." in text
    assert "1 contact à vérifier dans Collectif de la Brie" in text
    assert f"Engagement attendu pour le 30 octobre 2026 : {soon.title}" in text
    assert f"Engagement en retard depuis le 30 septembre 2026 : {late.title}" in text
    assert text.index("1 contact à vérifier") > text.index("Engagement attendu")  # by time
    assert "Il a depuis été marqué comme tenu." in text  # kept in the meantime


def test_each_kind_can_be_switched_off_on_the_preferences_page(db, book, login_as):
    delegate = book.delegates[0]
    page = login_as(delegate).get("/notifications/preferences").get_data(as_text=True)
    for label in (
        "Un engagement d’une institution arrive à échéance",
        "Un engagement d’une institution est en retard",
        "Des contacts de l’annuaire sont à vérifier",
    ):
        assert label in page
    preferences.set_kind(delegate.id, r.STALE_CONTACTS, False)
    contact(book, NAMES[0], date(2025, 1, 10))
    sweep_at(paris(2026, 4, 1, 6, 30), DAILY)
    assert [n.user_id for n in notified(db, r.STALE_CONTACTS)] == [book.delegates[1].id]
