# ruff: noqa: F811  (the imported fixtures are parameters of the tests)

"""The campaigns' reminders under a frozen clock (Europe/Paris), each exactly once: a
negotiation meeting tomorrow, a campaign quiet for 60 days; and a promise of a campaign
coming due is the commitments' one reminder, with the campaign's name added."""

from datetime import date, time, timedelta

import time_machine

from coordination.campaigns import operations, steps
from coordination.campaigns import reminders as cr
from coordination.campaigns.models import NEGOTIATION
from coordination.commitments import reminders as commitment_reminders
from coordination.notifications import tasks
from coordination.notifications.models import Notification
from tests.campaigns.conftest import launch
from tests.directory.test_reminders import (  # noqa: F401  (fixtures)
    _text,
    book,
    notified,
    paris,
    smtp,
    smtp_server,
    sweep_at,
)


def _campaign(book, started_on=date(2026, 1, 5)):
    campaign = operations.create_campaign(
        book.coalition,
        by=book.delegates[0],
        name="Un accueil CPAM aux Tilleuls",
        demand="Rouvrir l'accueil",
        institution_id=book.institution.id,
    )
    launch(campaign, book.delegates, started_on=started_on)
    return campaign


def _meeting_on_2_april(book):
    """A campaign launched on 20 March and its negotiation meeting on 2 April at 10:00."""
    campaign = _campaign(book, started_on=date(2026, 3, 20))
    step = steps.record_step(
        campaign,
        by=book.delegates[0],
        kind=NEGOTIATION,
        on=date(2026, 4, 2),
        at=time(10),
        title="Rencontre avec le directeur",
        place="Siège de la CPAM",
    )
    return campaign, step


def test_a_negotiation_meeting_is_reminded_the_day_before_at_nine_once(db, book):
    campaign, step = _meeting_on_2_april(book)
    sweep_at(paris(2026, 4, 1, 8, 59))
    assert notified(db, cr.NEGOTIATION_TOMORROW) == []
    sweep_at(paris(2026, 4, 1, 9))
    rows = notified(db, cr.NEGOTIATION_TOMORROW, campaign.id)
    assert {n.user_id for n in rows} == {d.id for d in book.delegates}  # members, not the guest
    assert {n.occasion for n in rows} == {f"step-{step.id}-2026-04-02"}
    sweep_at(paris(2026, 4, 1, 18))
    sweep_at(paris(2026, 4, 2, 8))
    assert len(notified(db, cr.NEGOTIATION_TOMORROW)) == 2  # once


def test_a_campaign_quiet_for_sixty_days_is_reminded_once_per_quiet_spell(db, book):
    campaign = _campaign(book)
    with time_machine.travel(paris(2026, 1, 10, 12), tick=False):
        steps.record_step(
            campaign, by=book.delegates[0], kind=NEGOTIATION, on=date(2026, 1, 10), title="R1"
        )
    # 60 days after 10 January is 11 March: at 9:00, not a minute before.
    sweep_at(paris(2026, 3, 11, 9) - timedelta(minutes=1))
    assert notified(db, cr.QUIET) == []
    sweep_at(paris(2026, 3, 11, 9))
    rows = notified(db, cr.QUIET, campaign.id)
    assert {n.occasion for n in rows} == {"quiet-since-2026-01-10"}
    assert len(rows) == 2
    sweep_at(paris(2026, 4, 20, 9))
    assert len(notified(db, cr.QUIET)) == 2  # once for this spell
    with time_machine.travel(paris(2026, 4, 21, 12), tick=False):
        steps.record_step(
            campaign, by=book.delegates[1], kind=NEGOTIATION, on=date(2026, 4, 21), title="R2"
        )
    sweep_at(paris(2026, 6, 10, 9))
    assert len(notified(db, cr.QUIET)) == 2  # 50 days: not yet
    sweep_at(paris(2026, 6, 20, 9))
    assert {n.occasion for n in notified(db, cr.QUIET)} == {
        "quiet-since-2026-01-10",
        "quiet-since-2026-04-21",
    }


def test_a_suspended_campaign_is_not_reminded(db, book):
    campaign = _campaign(book)
    operations.suspend(campaign, by=book.delegates[0])
    sweep_at(paris(2026, 6, 1, 9))
    assert notified(db, cr.QUIET) == []


def test_a_campaign_promise_coming_due_is_one_reminder_with_the_campaign(db, book):
    campaign = _campaign(book, started_on=date(2026, 3, 1))
    with time_machine.travel(paris(2026, 3, 1, 12), tick=False):
        promise = steps.promise(
            campaign,
            by=book.delegates[0],
            title="Réouverture au plus tard en janvier",
            institution_id=book.institution.id,
            promised_on=date(2026, 3, 1),
            due_on=date(2026, 4, 10),
        )
    sweep_at(paris(2026, 4, 3, 9))
    sweep_at(paris(2026, 4, 3, 15))
    rows = notified(db, commitment_reminders.COMMITMENT_DUE, promise.id)
    assert len(rows) == 2  # one for each member delegate, once
    assert all(n.context["campaign_name"] == campaign.name for n in rows)
    assert all(n.context["campaign_id"] == campaign.id for n in rows)
    # Nothing else was sent: no campaign kind repeats it.
    assert {n.kind for n in db.session.query(Notification)} == {commitment_reminders.COMMITMENT_DUE}


def test_the_emails_tell_the_step_and_the_campaign_in_french(app, db, book, smtp):
    campaign, _step = _meeting_on_2_april(book)
    db.session.commit()
    with time_machine.travel(paris(2026, 4, 1, 9, 5), tick=False):
        tasks.sweep()
    [mail] = smtp.to(book.delegates[0].email)
    assert mail["Subject"] == "Réunion de négociation demain : Rencontre avec le directeur"
    text = _text(mail)
    assert "réunion de négociation de la campagne « Un accueil CPAM aux Tilleuls »" in text
    assert "À 10:00." in text and "Lieu : Siège de la CPAM" in text
    assert f"/c/{book.coalition.id}/campaigns/{campaign.id}" in text
    with time_machine.travel(paris(2026, 6, 1, 9, 5), tick=False):
        tasks.sweep()
    quiet = [m for m in smtp.to(book.delegates[0].email) if "relancer" in m["Subject"]]
    assert [m["Subject"] for m in quiet] == [
        "Plus rien depuis deux mois : relancer « Un accueil CPAM aux Tilleuls » ?"
    ]
    assert "depuis le 2 avril 2026 : deux mois sans étape" in _text(quiet[0])
