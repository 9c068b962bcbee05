"""Prepare the next quarterly meeting on a phone (390 px): the meetings list shows the
proposed meeting (date at the cadence, host, facilitator, note-taker, and why); planning
it opens the form pre-filled with the same proposal; an agenda item is proposed in the
delegate's own association, corrected, then withdrawn through its confirmation page — and
the collective's history keeps the trace. axe-core stays clean on every page."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login

BRIE = "Concertation solidaire de Brie-et-Marne"
WIDTH = 390
ITEM = "Épicerie mobile : tournée d’hiver"
CORRECTED = "Épicerie mobile : tournée d’hiver et de printemps"


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"


def test_prepare_the_next_quarterly_meeting_on_a_phone(page, assert_accessible):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    login(page, "claire.martin@paniers.example")
    page.get_by_role("link", name=BRIE).first.click()
    page.get_by_role("navigation", name="Rubriques du collectif").get_by_role(
        "link", name="Réunions"
    ).click()

    # The meetings list shows the proposal: date, why, and the rotation's roles.
    card = page.locator("[data-next-meeting]")
    expect(card.get_by_role("heading", name="Prochaine réunion proposée")).to_be_visible()
    expect(card).to_contain_text("Le collectif se réunit tous les 3 mois")
    when = card.locator("p strong").first.inner_text()
    assert re.search(r"\d{4}, \d\d:\d\d$", when), when
    host = re.search(r"Association qui accueille : (.+?) —", card.inner_text())[1]
    _fits(page)
    assert_accessible(page)

    # Plan it: the form opens on the same proposal.
    card.get_by_role("link", name="Planifier cette réunion").click()
    expect(page.locator("[data-next-meeting]")).to_contain_text(when)
    starts = page.get_by_label("Date et heure (heure de Paris)").input_value()
    assert starts and starts[-5:] == when[-5:]  # the same time, pre-filled
    expect(page.get_by_label("Association qui accueille").locator("option:checked")).to_have_text(
        host
    )
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Planifier cette réunion").click()
    expect(page.get_by_text("La réunion est planifiée.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(when)
    meeting_url = page.url

    # Propose an item: in Claire's own association, no choice offered.
    page.get_by_role("link", name="Proposer un point").click()
    expect(page.get_by_text("Proposé au nom de Paniers")).to_be_visible()
    expect(page.get_by_label("Proposé par l’association")).to_have_count(0)
    page.get_by_label("Titre", exact=True).fill(ITEM)
    page.get_by_label("Durée prévue en minutes").fill("20")
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="L’inscrire à l’ordre du jour").click()
    expect(page.locator("ol.agenda")).to_contain_text(ITEM)

    # Correct it.
    page.get_by_role("link", name=f"Corriger : {ITEM}").click()
    expect(page.get_by_label("Titre", exact=True)).to_have_value(ITEM)
    _fits(page)
    assert_accessible(page)
    page.get_by_label("Titre", exact=True).fill(CORRECTED)
    page.get_by_role("button", name="Enregistrer le point").click()
    expect(page.get_by_text("Le point est corrigé.")).to_be_visible()
    expect(page.locator("ol.agenda")).to_contain_text(CORRECTED)

    # Withdraw it: the confirmation says what will happen; then it is gone.
    page.get_by_role("link", name=f"Retirer : {CORRECTED}").click()
    expect(page.get_by_role("heading", name="Ce qui va se passer")).to_be_visible()
    expect(page.get_by_text("L’historique du collectif en garde une trace")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Retirer le point").click()
    expect(page.get_by_text("Le point est retiré de l’ordre du jour.")).to_be_visible()
    assert page.url.startswith(meeting_url)
    expect(page.locator("main")).not_to_contain_text(CORRECTED)

    # The history keeps the trace.
    page.goto(meeting_url.split("/meetings/")[0] + "/log")
    expect(page.locator("main")).to_contain_text("Point retiré de l’ordre du jour")
    expect(page.locator("main")).to_contain_text(CORRECTED)
    _fits(page)
    assert_accessible(page)
