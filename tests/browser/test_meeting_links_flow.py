"""Meetings in search, and commitments made at a meeting: search "protection enfance" and
land on the agenda item; open the demo commitment made at the last quarterly meeting and
follow its link to the meeting, whose page lists it; record a new commitment from there
(the meeting is already chosen) and find it on the meeting page."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login

COALITION = "Concertation solidaire de Brie-et-Marne"
DEMO_PROMISE = "Rappeler les associations sous huit jours après chaque signalement transmis"
NEW_PROMISE = "Une permanence de la MDS dans les locaux de la Croix Solidaire"


def test_search_meetings_and_link_commitments(page, assert_accessible):
    login(page, "sophie.garnier@entraide.example")
    page.get_by_role("link", name=COALITION).first.click()
    nav = page.get_by_role("navigation", name="Rubriques du collectif")
    nav.get_by_role("link", name="Recherche").click()
    page.get_by_role("searchbox").fill("protection enfance")
    page.get_by_role("searchbox").press("Enter")
    results = page.locator(".search-results")
    expect(results).to_contain_text("Point de l’ordre du jour")
    assert_accessible(page)
    results.get_by_role(
        "link", name=re.compile("^Protection de l'enfance : les informations préoccupantes — ")
    ).click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+#item-\d+$"))
    expect(
        page.get_by_role("heading", name="Protection de l'enfance : les informations préoccupantes")
    ).to_be_visible()

    page.get_by_role("link", name=f"← Réunions de {COALITION}").click()
    nav = page.get_by_role("navigation", name="Rubriques du collectif")
    nav.get_by_role("link", name="Engagements").click()
    page.get_by_role("link", name=DEMO_PROMISE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_PROMISE)
    meeting_link = page.get_by_role("link", name=re.compile("^Réunion trimestrielle — "))
    expect(meeting_link).to_be_visible()
    assert_accessible(page)
    meeting_link.click()

    section = page.locator(
        "section", has=page.get_by_role("heading", name="Engagements pris lors de cette réunion")
    )
    expect(section.get_by_role("link", name=DEMO_PROMISE)).to_be_visible()
    assert_accessible(page)
    meeting_url = page.url

    section.get_by_role("link", name="Noter un engagement pris lors de cette réunion").click()
    chosen = page.get_by_label("Lors d’une réunion du collectif")
    expect(chosen.locator("option:checked")).to_have_text(re.compile("^Réunion trimestrielle"))
    assert_accessible(page)
    page.get_by_label("Ce qui a été promis").fill(NEW_PROMISE)
    page.get_by_label("Institution").select_option(
        label="Maison départementale des solidarités de Meaux-sur-Brie"
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_PROMISE)
    page.get_by_role("link", name=re.compile("^Réunion trimestrielle — ")).click()
    assert page.url.split("#")[0] == meeting_url.split("#")[0]
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Engagements pris lors de cette réunion")
    )
    expect(section.get_by_role("link", name=NEW_PROMISE)).to_be_visible()
