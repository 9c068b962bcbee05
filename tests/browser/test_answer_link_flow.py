"""A delegate answers a collective decision from the link of the reminder e-mail, on a
phone (390 px), without logging in: the page fits the screen, passes axe-core, asks for
the reason of an objection, and records the answer with "by the e-mail link"."""

import email
import re
from email import policy
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from playwright.sync_api import expect

from coordination.accounts.operations import find_by_email
from coordination.coalitions import operations as coalitions
from coordination.coalitions.models import Coalition
from coordination.consent.models import DecisionAnswer
from coordination.extensions import db
from coordination.notifications import tasks
from tests.browser.test_phone_layout import HEIGHT, MEASURE

DELEGATE = "helene.dubois@croix-solidaire.example"


def _link_from_the_outbox(app) -> tuple[str, int]:
    """Another delegate proposes; the scheduler sends the reminders (to the outbox, as
    .eml files); the answer link is read from Hélène's message about that decision."""
    with app.app_context():
        brie = db.session.scalars(
            sa.select(Coalition).where(Coalition.name.like("Concertation solidaire%"))
        ).one()
        decision = coalitions.propose_settings(
            brie, {"attendance_quota": 3}, by=find_by_email("claire.martin@paniers.example")
        )
        db.session.commit()
        tasks.sweep()
        decision_id = decision.id
        db.session.remove()
    pattern = re.compile(rf"https?://\S+/reply/decision/{decision_id}/[A-Za-z0-9_-]+")
    for path in sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if DELEGATE in message["To"]:
            found = pattern.search(message.get_body(("plain",)).get_content())
            if found:
                return urlsplit(found.group(0)).path, decision_id
    raise AssertionError("no answer link in Hélène's e-mails")


def test_a_decision_is_answered_from_the_link_on_a_phone(browser, live_server, assert_accessible):
    path, decision_id = _link_from_the_outbox(live_server.app)
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": HEIGHT}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text("paramètres")
        expect(page.get_by_text("Collectif « Concertation solidaire")).to_be_visible()
        seen = page.evaluate(MEASURE)
        assert seen["scrollWidth"] <= 390, seen
        assert not seen["small"], seen["small"]
        assert_accessible(page)

        page.get_by_label("Nous faisons objection").check()
        send = page.get_by_role("button", name="Envoyer la réponse de Croix Solidaire")
        send.click()
        expect(page.get_by_text("Une objection a besoin d’une raison").first).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Raison ou commentaire").fill("Nous préférons en parler en réunion.")
        page.get_by_role("button", name=re.compile("Envoyer la réponse de")).click()
        # One objection blocks the decision at once: the page says the answer is recorded
        # and the decision closed.
        expect(page.get_by_role("status")).to_contain_text("est enregistrée")
        expect(page.get_by_text("Cette décision est close")).to_be_visible()
        assert page.evaluate(MEASURE)["scrollWidth"] <= 390
        assert_accessible(page)
    finally:
        context.close()
    with live_server.app.app_context():
        [row] = db.session.scalars(
            sa.select(DecisionAnswer).where(DecisionAnswer.decision_id == decision_id)
        ).all()
        assert (row.answer, row.via) == ("object", "email")
        db.session.remove()
