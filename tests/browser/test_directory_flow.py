"""Look up a contact at the CPAM: search "cpam", open the office, see whether it is open
now, open the contact (its details are shown and the view is logged), confirm it is still
valid. On a phone (390 px), the same lookup starts from the word volunteers use: "sécu"."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login

COALITION = "Concertation solidaire de Brie-et-Marne"
OFFICE = "CPAM de Brie-et-Marne — Accueil de Meaux-sur-Brie"


WIDTH = 390


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"


def test_look_up_a_cpam_contact_on_a_phone_with_the_word_secu(page, assert_accessible):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    login(page, "helene.dubois@croix-solidaire.example")
    page.get_by_role("link", name=COALITION).first.click()
    nav = page.get_by_role("navigation", name="Rubriques du collectif")
    nav.get_by_role("link", name="Annuaire").click()
    expect(page.get_by_role("heading", name="Annuaire des institutions")).to_be_visible()
    _fits(page)
    assert_accessible(page)

    page.get_by_role("searchbox").fill("sécu")
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("heading", name="Résultats pour « sécu »")).to_be_visible()
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name=OFFICE)).to_be_visible()
    expect(results).not_to_contain_text("01 99 00")  # no direct details in a list
    _fits(page)
    assert_accessible(page)
    results.get_by_role("link", name=OFFICE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Accueil de Meaux-sur-Brie")
    _fits(page)
    assert_accessible(page)
    page.get_by_role("link", name="Isabelle Fontaine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Isabelle Fontaine")
    phone = page.get_by_role("link", name="01 99 00 21 01")
    expect(phone).to_be_visible()
    assert phone.get_attribute("href", timeout=1000).startswith("tel:")
    box = phone.bounding_box()
    assert box and box["height"] >= 44, box  # a tap target
    _fits(page)
    assert_accessible(page)


def test_look_up_a_contact_at_the_cpam(page, assert_accessible):
    login(page, "helene.dubois@croix-solidaire.example")
    page.get_by_role("link", name=COALITION).first.click()
    nav = page.get_by_role("navigation", name="Rubriques du collectif")
    nav.get_by_role("link", name="Annuaire").click()
    expect(page.get_by_role("heading", name="Annuaire des institutions")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("searchbox").fill("cpam")
    page.get_by_role("searchbox").press("Enter")
    expect(page.get_by_role("heading", name="Résultats pour « cpam »")).to_be_visible()
    assert_accessible(page)
    results = page.locator(".search-results")
    expect(results).not_to_contain_text("01 99 00")  # no direct details in a list
    results.get_by_role("link", name=OFFICE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Accueil de Meaux-sur-Brie")
    status = page.locator(".open-status")
    expect(status).to_have_text(re.compile("Ouvert en ce moment|Fermé en ce moment"))
    expect(page.get_by_role("row", name=re.compile("Mardi"))).to_contain_text("08:30")
    assert_accessible(page)

    page.get_by_role("link", name="Isabelle Fontaine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Isabelle Fontaine")
    expect(page.get_by_role("link", name="01 99 00 21 01")).to_be_visible()
    access_log = page.locator(
        "section", has=page.get_by_role("heading", name="Journal des consultations")
    )
    expect(access_log).to_contain_text("Hélène Dubois")
    assert_accessible(page)

    page.get_by_role("button", name="Toujours valable : je l’ai vérifié aujourd’hui").click()
    expect(
        page.get_by_text("Merci : le contact est noté comme vérifié aujourd’hui.")
    ).to_be_visible()
    expect(
        page.get_by_text(re.compile("Vérifié pour la dernière fois le .* par Hélène Dubois"))
    ).to_be_visible()
    assert_accessible(page)
