"""A campaign on a phone (390 px), in the Tilleuls collective of the demo: Nadia starts
it, the associations launch it by consent, she records a negotiation meeting with the
director's promise, marks the promise broken, records an action, proposes to close the
campaign as won, the associations agree, and she prints its story. Every page is checked
with axe-core; the other associations' answers are recorded through the operation."""

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from coordination.accounts.models import User
from coordination.consent import service as consent
from coordination.consent.models import AGREE, Decision
from coordination.extensions import db
from tests.browser.conftest import login

COALITION = "Collectif du quartier des Tilleuls"
NAME = "Une maison de santé à la Butte"
OTHERS = ("aminata.kone@parents.example", "sophie.garnier@entraide.example")


def _others_agree(live_server, decision_id: int) -> None:
    """The two other member associations answer (as from their own phones)."""
    with live_server.app.app_context():
        decision = db.session.get(Decision, decision_id)
        for email in OTHERS:
            user = db.session.scalar(sa.select(User).where(User.email == email))
            consent.answer(decision, by=user, value=AGREE)
        db.session.commit()
        db.session.remove()


def _agree_on_the_decision_page(page, live_server):
    decision_id = int(re.search(r"/decisions/(\d+)", page.url).group(1))
    page.get_by_label("Nous sommes d’accord").check()
    page.get_by_role("button", name="Envoyer notre réponse").click()
    _others_agree(live_server, decision_id)


def _open_campaign(page):
    page.get_by_role("link", name=NAME).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways ({width} px)"


def test_a_campaign_from_start_to_victory_on_a_phone(browser, live_server, assert_accessible):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "nadia.haddad@tilleuls.example")
    page.get_by_role("link", name=COALITION).first.click()
    page.get_by_role("navigation", name="Rubriques du collectif").get_by_role(
        "link", name="Campagnes"
    ).click()
    assert_accessible(page)
    _fits(page)

    # Start the campaign: an empty demand is refused in French, the name kept.
    page.get_by_role("link", name="Lancer une campagne").click()
    page.get_by_label("Nom de la campagne").fill(NAME)
    page.get_by_label("Institution visée").select_option(label="CPAM d'Ille-Fictive")
    page.get_by_role("button", name="Créer la campagne").click()
    expect(page.get_by_text("Dites ce que demande la campagne.")).to_be_visible()
    expect(page.get_by_label("Nom de la campagne")).to_have_value(NAME)
    page.get_by_label("La revendication, en une phrase").fill(
        "Ouvrir une permanence CPAM dans la maison de santé de la Butte"
    )
    page.get_by_label("Ou la fonction du décideur").fill("Le directeur de la CPAM")
    assert_accessible(page)
    page.get_by_role("button", name="Créer la campagne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_text("en préparation").first).to_be_visible()
    assert_accessible(page)
    _fits(page)

    # The launch, by consent.
    page.get_by_role("link", name="Proposer le lancement").click()
    assert_accessible(page)
    page.get_by_role("button", name="Demander l’accord des associations").click()
    _agree_on_the_decision_page(page, live_server)
    page.reload()
    expect(page.locator(".tally li").filter(has_text="est d’accord")).to_have_count(3)
    assert_accessible(page)

    # Back to the campaign: record a negotiation meeting with a promise.
    page.goto("/")
    _open_campaign(page)
    expect(page.get_by_text("en cours").first).to_be_visible()
    page.get_by_role("link", name="Noter une réunion de négociation").click()
    page.get_by_label("En quelques mots").fill("Rencontre avec le directeur de la CPAM")
    page.get_by_label("Date", exact=True).fill("2026-01-15")
    page.get_by_label("Personnes rencontrées").fill("Le directeur et la responsable de l’accueil")
    page.get_by_label("Qui y est allé pour Amicale des Locataires des Tilleuls").fill(
        "Nadia Haddad"
    )
    page.get_by_label("Ce que l’institution a promis (facultatif)").fill(
        "Permanence ouverte au plus tard en mars"
    )
    page.get_by_label("Promis pour le").fill("2026-03-31")
    assert_accessible(page)
    _fits(page)
    page.get_by_role("button", name="Ajouter à l’histoire de la campagne").click()
    expect(page.get_by_text("Étape ajoutée à l’histoire de la campagne.")).to_be_visible()
    expect(
        page.get_by_text("Pour Amicale des Locataires des Tilleuls : Nadia Haddad")
    ).to_be_visible()

    # The promise is broken: its follow-up on the commitment's page.
    page.get_by_role("link", name="Permanence ouverte au plus tard en mars").first.click()
    page.get_by_label("Ce qui s’est passé").fill("Rien n’a ouvert en mars.")
    page.get_by_label("Statut").select_option(label="non tenu")
    page.get_by_role("button", name="Ajouter à l’historique").click()
    page.goto("/")
    _open_campaign(page)
    expect(page.get_by_text("Promesse non tenue")).to_be_visible()

    # An action.
    page.get_by_role("link", name="Noter une action").click()
    page.get_by_label("En quelques mots").fill("Rassemblement devant l’agence")
    page.get_by_label("Type d’action").select_option(label="Rassemblement")
    page.get_by_label("Date", exact=True).fill("2026-04-10")
    page.get_by_label("Liens (un par ligne)").fill("https://journal-fictif.example/butte")
    page.get_by_role("button", name="Ajouter à l’histoire de la campagne").click()
    expect(page.get_by_text("Rassemblement devant l’agence")).to_be_visible()
    assert_accessible(page)
    _fits(page)

    # Close it as won, by consent.
    page.get_by_role("link", name="Proposer de clore la campagne").click()
    page.get_by_label("Comment la campagne se termine").select_option(label="gagnée")
    page.get_by_label("Ce qui a été obtenu, ou pourquoi elle s’arrête").fill(
        "Permanence ouverte le mardi et le jeudi, de 8 h 30 à 12 h et de 13 h 30 à 17 h."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Demander l’accord des associations").click()
    _agree_on_the_decision_page(page, live_server)
    page.goto("/")
    page.get_by_role("link", name=COALITION).first.click()
    page.get_by_role("navigation", name="Rubriques du collectif").get_by_role(
        "link", name="Campagnes"
    ).click()
    _open_campaign(page)
    expect(page.get_by_text("Issue : gagnée")).to_be_visible()
    expect(page.get_by_text("Clôture décidée ensemble")).to_be_visible()
    assert_accessible(page)
    _fits(page)

    # Print its story.
    page.get_by_role("link", name="Imprimer l’histoire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    for text in (
        "Rencontre avec le directeur de la CPAM",
        "Promesse non tenue",
        "Rassemblement devant l’agence",
        "Issue : gagnée",
    ):
        expect(page.get_by_text(text).first).to_be_visible()
    page.emulate_media(media="print")
    assert_accessible(page)
    context.close()


def test_printing_a_campaign_page_shows_no_empty_heading(browser, live_server):
    """On paper the forms and buttons are hidden (static/css/print.css): a section made only
    of them (attach a statement, the campaign's life) must not leave its heading alone."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    login(page, "nadia.haddad@tilleuls.example")
    page.get_by_role("link", name=COALITION).first.click()
    page.get_by_role("navigation", name="Rubriques du collectif").get_by_role(
        "link", name="Campagnes"
    ).click()
    page.get_by_role("link", name="Un accueil CPAM aux Tilleuls").first.click()
    page.emulate_media(media="print")
    alone = page.evaluate(
        """() => [...document.querySelectorAll('main section h2')]
            .filter(h => h.offsetParent !== null)
            .filter(h => [...h.parentElement.children]
                .filter(e => e !== h && e.offsetParent !== null && e.innerText.trim())
                .length === 0)
            .map(h => h.innerText)"""
    )
    assert alone == []
    assert page.get_by_role("heading", name="L’histoire de la campagne").is_visible()
    context.close()
