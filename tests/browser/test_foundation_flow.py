"""A delegate logs in, switches language, opens the coalition page, and their
association answers a collective decision — with the keyboard where people would."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login, logout


def test_login_language_and_coalition_page(page, assert_accessible):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    assert_accessible(page)
    login(page, "claire.martin@paniers.example")
    expect(page.get_by_role("heading", name="Vos collectifs")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Your coalitions")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", name="Vos collectifs")).to_be_visible()

    page.get_by_role("link", name="Concertation solidaire de Brie-et-Marne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Concertation solidaire de Brie-et-Marne"
    )
    expect(page.get_by_role("cell", name="Entraide Marnaise (EM)")).to_be_visible()
    assert_accessible(page)


def test_propose_and_answer_a_collective_decision(page, assert_accessible):
    login(page, "helene.dubois@croix-solidaire.example")
    page.goto("/")
    page.get_by_role("link", name="Concertation solidaire de Brie-et-Marne").click()
    page.get_by_role("link", name="Proposer une nouvelle association").click()
    assert_accessible(page)
    page.get_by_label("Ou une nouvelle association : son nom").fill("Jardins Partagés du Val")
    page.get_by_label("Nom court").fill("JPV")
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jardins Partagés du Val")
    assert_accessible(page)

    # Answering with the keyboard only: focus the radio, choose, submit.
    page.get_by_label("Nous sommes d’accord").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Envoyer notre réponse").press("Enter")
    expect(page.get_by_text("La réponse de votre association est enregistrée")).to_be_visible()
    logout(page)

    login(page, "fatou.diallo@fraternel.example")
    expect(page.get_by_role("link", name=re.compile("Jardins Partagés du Val"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Jardins Partagés du Val")).click()
    page.get_by_label("Nous faisons objection").check()
    page.get_by_role("button", name="Envoyer notre réponse").click()
    expect(page.get_by_text("Une objection a besoin d’une raison")).to_be_visible()
    page.get_by_label("Raison ou commentaire").fill("Rencontrons-les d’abord en réunion.")
    page.get_by_role("button", name="Envoyer notre réponse").click()
    expect(page.get_by_text("bloquée").first).to_be_visible()
    assert_accessible(page)
