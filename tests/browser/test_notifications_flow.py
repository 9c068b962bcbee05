"""A delegate sees a reminder in the header, opens it, chooses how to be reminded; the
unsubscribe link of an e-mail works without logging in."""

import re

from playwright.sync_api import expect

from coordination.accounts.operations import find_by_email
from coordination.coalitions import operations as coalitions
from coordination.coalitions.models import Coalition
from coordination.extensions import db
from coordination.notifications import preferences, tasks
from coordination.notifications.decisions import DEADLINE, WAITING
from tests.browser.conftest import login

DELEGATE = "aminata.kone@parents.example"


def _open_a_decision_and_sweep(app):
    """What another delegate and the scheduler would do: propose, then one sweep."""
    with app.app_context():
        tilleuls = db.session.scalars(
            db.select(Coalition).where(Coalition.name == "Collectif du quartier des Tilleuls")
        ).one()
        decision = coalitions.propose_settings(
            tilleuls,
            {"attendance_quota": tilleuls.attendance_quota + 1},
            by=find_by_email("nadia.haddad@tilleuls.example"),
        )
        db.session.commit()
        tasks.sweep()
        title = decision.title
        db.session.remove()
    return title


def test_reminder_in_the_app_and_preferences(page, live_server, assert_accessible):
    title = _open_a_decision_and_sweep(live_server.app)
    login(page, DELEGATE)
    header_link = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=re.compile("Notifications")
    )
    expect(header_link).to_contain_text("non lue")
    header_link.click()
    expect(page.get_by_role("heading", level=1, name="Notifications")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=f"Votre réponse est attendue : {title}").first.click()
    expect(page).to_have_url(re.compile(r"/c/\d+/decisions/\d+"))
    page.go_back()
    page.reload()

    page.get_by_role("link", name="Choisir vos rappels").click()
    expect(page.get_by_role("heading", level=1, name="Vos rappels")).to_be_visible()
    assert_accessible(page)
    deadline = page.get_by_label("La date limite d’une décision approche", exact=False)
    deadline.focus()
    page.keyboard.press("Space")  # the keyboard is enough
    page.get_by_label("Un seul e-mail par jour", exact=False).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Vos préférences de rappel sont enregistrées.")).to_be_visible()
    expect(page.get_by_label("Un seul e-mail par jour", exact=False)).to_be_checked()
    expect(
        page.get_by_label("La date limite d’une décision approche", exact=False)
    ).not_to_be_checked()


def test_unsubscribe_link_without_login(page, live_server, assert_accessible):
    app = live_server.app
    with app.app_context():
        user = find_by_email("jean.perrin@tilleuls.example")
        token = preferences.unsubscribe_token(user.id, WAITING)
        user_id = user.id
        db.session.remove()
    page.goto(f"/notifications/unsubscribe/{token}")
    expect(page.get_by_text("Voulez-vous arrêter ce rappel")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Oui, l’arrêter").click()
    expect(page.get_by_text("C’est fait")).to_be_visible()
    assert_accessible(page)
    with app.app_context():
        assert _foundation_kinds(preferences.enabled_kinds(user_id)) == {
            WAITING: False,
            DEADLINE: True,
        }
        db.session.remove()


def _foundation_kinds(kinds: dict) -> dict:
    """The two foundation kinds; features register more kinds of their own."""
    return {key: value for key, value in kinds.items() if key in (WAITING, DEADLINE)}
