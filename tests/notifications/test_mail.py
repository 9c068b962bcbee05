"""E-mails through a real SMTP server (aiosmtpd on 127.0.0.1): recipients, language,
content, Message-ID, unsubscribe; the development outbox; digests; retries."""

import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine

from coordination.consent import service as consent
from coordination.db import utcnow
from coordination.notifications import preferences, tasks
from coordination.notifications.decisions import DEADLINE, WAITING
from coordination.notifications.models import (
    DIGEST,
    FAILED,
    PENDING,
    SENT,
    EmailDelivery,
    Notification,
)
from coordination.notifications.operations import notification_key, single_delivery_key
from coordination.web.outbox import deterministic_message_id, send_email
from tests.conftest import outbox_messages
from tests.notifications.conftest import open_decision


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def test_send_email_goes_through_smtp_with_an_html_alternative(app, db, smtp):
    send_email("quelqu.un@asso.example", "Objet accentué", "Bonjour,\n\nhttps://x.example/a")
    [message] = smtp.to("quelqu.un@asso.example")
    assert message["Subject"] == "Objet accentué"
    assert "Bonjour" in _text(message)
    assert '<a href="https://x.example/a">' in _html(message)


def test_without_mail_server_messages_go_to_the_outbox(app, db):
    assert not app.config.get("MAIL_SERVER")
    send_email("outbox@asso.example", "Sujet", "Texte du message")
    [message] = outbox_messages(app, "outbox@asso.example")
    assert _text(message).strip() == "Texte du message"
    assert "Texte du message" in _html(message)


def test_a_decision_reminds_each_waiting_delegate_in_their_language(app, db, make, smtp):
    world = make.world(n_members=3)
    english = make.delegate(world.associations[1], locale="en")
    decision = open_decision(world)
    db.session.commit()

    report = tasks.sweep()

    assert report.delivery.sent == 4  # three delegates, plus the English-speaking colleague
    french = world.delegates[2]
    [fr_message] = smtp.to(french.email)
    assert fr_message["Subject"] == f"Votre réponse est attendue : {decision.title}"
    assert fr_message["Content-Language"] == "fr"
    body = _text(fr_message)
    assert f"Bonjour {french.name}," in body
    assert world.coalition.name in body
    link = f"/c/{world.coalition.id}/decisions/{decision.id}"
    assert link in body and link in _html(fr_message)
    [en_message] = smtp.to(english.email)
    assert en_message["Subject"] == f"Your association's answer is awaited: {decision.title}"
    assert "Answer by" in _text(en_message) and "Hello" in _text(en_message)
    assert en_message["Content-Language"] == "en"
    # Deterministic Message-ID from the notification key; one-click unsubscribe header.
    key = notification_key(WAITING, "decision", decision.id, french.id, "round-1")
    assert fr_message["Message-ID"] == deterministic_message_id(single_delivery_key(key))
    assert fr_message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.match(r"<https?://\S+/notifications/unsubscribe/\S+>", fr_message["List-Unsubscribe"])
    # The outsider of another coalition hears nothing.
    assert smtp.to(world.outsider.email) == []


def test_a_second_sweep_sends_nothing_again(app, db, make, smtp):
    world = make.world(n_members=2)
    open_decision(world)
    db.session.commit()
    assert tasks.sweep().delivery.sent == 2
    again = tasks.sweep()
    assert again.created == 0 and again.delivery.sent == 0
    assert len(smtp.messages) == 2


def test_unsubscribe_link_stops_that_kind_without_login(app, db, make, smtp):
    world = make.world(n_members=2)
    open_decision(world)
    db.session.commit()
    tasks.sweep()
    delegate = world.delegates[1]
    [message] = smtp.to(delegate.email)
    url = re.search(r"https?://\S+(/notifications/unsubscribe/\S+)", _text(message)).group(1)

    client = app.test_client()
    page = client.get(url)
    assert page.status_code == 200
    assert "Voulez-vous arrêter ce rappel" in page.get_data(as_text=True)
    assert preferences.enabled_kinds(delegate.id)[WAITING] is True  # a GET changes nothing
    done = client.post(url, data={"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF
    assert done.status_code == 200
    assert preferences.enabled_kinds(delegate.id)[WAITING] is False
    assert preferences.enabled_kinds(delegate.id)[DEADLINE] is True

    open_decision(world, attendance_quota=4)
    db.session.commit()
    tasks.sweep()
    assert len(smtp.to(delegate.email)) == 1  # no new reminder of that kind
    assert len(smtp.to(world.delegates[0].email)) == 2


def test_a_forged_unsubscribe_token_is_refused(app, db, make):
    user = make.delegate()
    token = preferences.unsubscribe_token(user.id, WAITING)
    client = app.test_client()
    assert client.get(f"/notifications/unsubscribe/{token}x").status_code == 404
    assert client.post(f"/notifications/unsubscribe/{token[:-2]}").status_code == 404
    unknown_kind = preferences.unsubscribe_token(user.id, "no.such.kind")
    assert client.post(f"/notifications/unsubscribe/{unknown_kind}").status_code == 404
    assert preferences.enabled_kinds(user.id)[WAITING] is True


def test_the_digest_groups_the_days_events_into_one_message(app, db, make, smtp):
    world = make.world(n_members=2)
    reader = world.delegates[1]
    preferences.set_mode(reader.id, DIGEST)
    monday_morning = utcnow().replace(year=2026, month=3, day=2, hour=6, minute=0)  # 7:00 Paris
    with time_machine.travel(monday_morning - timedelta(hours=20), tick=False):
        first = open_decision(world, attendance_quota=3)
        second = open_decision(world, attendance_quota=4)
        db.session.commit()
        tasks.sweep()
    assert smtp.to(reader.email) == []  # digest mode: nothing at once
    assert len(smtp.to(world.delegates[0].email)) == 2  # the colleague gets two e-mails
    with time_machine.travel(monday_morning - timedelta(minutes=1), tick=False):
        assert tasks.sweep().digests == 0  # 6:59 in Paris: not yet
    with time_machine.travel(monday_morning, tick=False):
        report = tasks.sweep()
    assert report.digests == 1
    [digest] = smtp.to(reader.email)
    assert digest["Subject"] == "Vos rappels Concertation du 2 mars 2026"
    text = _text(digest)
    assert "Voici 2 rappels de Concertation." in text
    assert first.title in text and second.title in text
    assert text.count("/notifications/unsubscribe/") == 2  # all e-mails, and the one kind
    key = f"digest/u{reader.id}/2026-03-02"
    assert digest["Message-ID"] == deterministic_message_id(key)
    # Later events of the same day wait for the next day's digest.
    with time_machine.travel(monday_morning + timedelta(hours=3), tick=False):
        open_decision(world, attendance_quota=5)
        db.session.commit()
        tasks.sweep()
    assert len(smtp.to(reader.email)) == 1
    with time_machine.travel(monday_morning + timedelta(days=1), tick=False):
        tasks.sweep()
    assert len(smtp.to(reader.email)) == 2
    assert "Voici 1 rappel de Concertation." in _text(smtp.to(reader.email)[1])


def test_temporary_refusal_is_retried_with_back_off_then_sent(app, db, make, smtp):
    world = make.world(n_members=1)
    open_decision(world)
    db.session.commit()
    smtp.refuse = ["451 4.3.0 Try again later"]
    start = utcnow()
    with time_machine.travel(start, tick=False):
        report = tasks.sweep()
    assert report.delivery.retried == 1 and smtp.messages == []
    delivery = db.session.scalars(sa.select(EmailDelivery)).one()
    assert delivery.status == PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at == start + timedelta(seconds=300)
    with time_machine.travel(start + timedelta(seconds=299), tick=False):
        assert tasks.sweep().delivery.sent == 0
    with time_machine.travel(start + timedelta(seconds=300), tick=False):
        assert tasks.sweep().delivery.sent == 1
    db.session.refresh(delivery)
    assert delivery.status == SENT and delivery.attempts == 2
    assert len(smtp.messages) == 1


def test_permanent_refusal_fails_at_once_and_retries_give_up(app, db, make, smtp, monkeypatch):
    world = make.world(n_members=2)
    open_decision(world)
    db.session.commit()
    smtp.refuse = ["550 5.1.1 No such mailbox"]
    tasks.sweep()
    statuses = sorted(db.session.scalars(sa.select(EmailDelivery.status)))
    assert statuses == [FAILED, SENT]

    monkeypatch.setitem(app.config, "NOTIFICATIONS_MAX_ATTEMPTS", 3)
    open_decision(world, attendance_quota=4)
    db.session.commit()
    smtp.refuse = ["421 4.7.0 Busy"] * 10
    moment = utcnow()
    for minutes in (0, 5, 15, 35):  # back-off 5, then 10, then 20 minutes
        with time_machine.travel(moment + timedelta(minutes=minutes), tick=False):
            tasks.sweep()
    failed = db.session.scalars(
        sa.select(EmailDelivery).where(EmailDelivery.status == FAILED)
    ).all()
    assert len(failed) == 3
    assert sorted(d.attempts for d in failed) == [1, 3, 3]
    assert all("421" in d.last_error for d in failed if d.attempts == 3)


def test_withdrawn_delegate_gets_nothing(app, db, make, smtp):
    world = make.world(n_members=2)
    colleague = make.delegate(world.associations[0])
    open_decision(world)
    db.session.flush()
    from coordination.accounts import operations as accounts

    accounts.withdraw_delegate(world.delegates[0], colleague)
    db.session.commit()
    tasks.sweep()
    assert smtp.to(colleague.email) == []
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(Notification.user_id == colleague.id))
        == 0
    )


def test_answering_before_the_sweep_means_no_reminder(app, db, make, smtp):
    world = make.world(n_members=2)
    decision = open_decision(world)
    consent.answer(decision, by=world.delegates[0], value="agree")
    db.session.commit()
    tasks.sweep()
    assert smtp.to(world.delegates[0].email) == []
    assert len(smtp.to(world.delegates[1].email)) == 1


def test_an_unreachable_server_puts_the_whole_batch_back_for_later(app, db, make, smtp):
    from tests.notifications.conftest import free_port

    world = make.world(n_members=3)
    open_decision(world)
    db.session.commit()
    real_port = smtp.port
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    start = utcnow()
    with time_machine.travel(start, tick=False):
        report = tasks.sweep()
    assert report.delivery.retried == 3 and report.delivery.sent == 0
    rows = db.session.scalars(sa.select(EmailDelivery)).all()
    assert {(d.status, d.attempts) for d in rows} == {(PENDING, 1)}
    assert all("Connection" in d.last_error or "refused" in d.last_error for d in rows)
    app.config["MAIL_PORT"] = real_port
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        assert tasks.sweep().delivery.sent == 3
    assert len(smtp.messages) == 3
