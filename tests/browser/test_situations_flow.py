"""At 390 px, on a phone: record a situation (the identity guard refuses a name and keeps
what was typed), close it as resolved, see the figures change, cite them in a draft
statement, whose page then links back to the live figures. axe-core on every page."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login

COALITION = "Concertation solidaire de Brie-et-Marne"
DRAFT = "Hébergement d'urgence des familles pendant l'hiver"


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide"


def _total(page) -> int:
    return int(page.locator("#total-situations").inner_text())


def test_record_close_see_figures_and_cite(browser, live_server, assert_accessible):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "claire.martin@paniers.example")
    page.get_by_role("link", name=COALITION).first.click()
    nav = page.get_by_role("navigation", name="Rubriques du collectif")
    nav.get_by_role("link", name="Situations").click()
    heading = page.get_by_role("heading", name="Situations suivies par les associations")
    expect(heading).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.get_by_role("link", name="Voir les chiffres").click()
    expect(page.get_by_role("heading", name="Ce que disent les situations")).to_be_visible()
    before = _total(page)
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.go_back()
    page.get_by_role("link", name="Noter une situation").click()
    expect(page.get_by_text("Jamais la personne, seulement la situation.")).to_be_visible()
    page.get_by_label("Thème").select_option(label="AME (aide médicale de l’État)")
    page.get_by_label("Institution").select_option(label="CPAM de Brie-et-Marne")
    page.get_by_label("Langue").check()
    page.get_by_label("De quoi il s’agit").fill("Demande d'AME de Mme Durand bloquée")
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.get_by_text(re.compile("Un nom après « M. » ou « Mme »"))).to_be_visible()
    expect(page.get_by_label("De quoi il s’agit")).to_have_value(
        "Demande d'AME de Mme Durand bloquée"
    )
    assert_accessible(page)
    page.get_by_label("De quoi il s’agit").fill("Demande d'AME bloquée, justificatif refusé")
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.get_by_text("Situation notée. Ajoutez ses étapes au fil de l’eau.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("justificatif refusé")
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.get_by_label("Résolu", exact=True).check()
    page.get_by_role("button", name="Clore la situation").click()
    expect(page.get_by_text("Situation close.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Résolu")

    page.get_by_role("link", name=re.compile("Situations de")).click()
    page.get_by_role("link", name="Voir les chiffres").click()
    assert _total(page) == before + 1

    page.get_by_label("Thème", exact=True).select_option(label="AME (aide médicale de l’État)")
    page.get_by_role("button", name="Afficher ces chiffres").click()
    expect(page.locator("#citation-preview")).to_contain_text("du thème « AME")
    page.get_by_label("Déclaration en projet").select_option(label=DRAFT)
    page.get_by_role("button", name="Citer dans cette déclaration").click()
    done = page.get_by_text(re.compile("Les chiffres sont cités dans la déclaration"))
    expect(done).to_be_visible()
    expect(page.locator("main")).to_contain_text("Chiffres des situations suivies par")
    back = page.get_by_role("link", name="Voir les chiffres à jour")
    expect(back).to_have_attribute("href", re.compile(r"/situations/figures\?theme=ame"))
    assert_accessible(page)
    back.click()
    expect(page.get_by_label("Thème", exact=True)).to_have_value("ame")
    context.close()
