"""On a phone (390 px): the home's "À faire" list says what waits for the delegate and
their association, each line one tap from its page; it fits the screen and axe-core finds
nothing serious. And the formatting preview of a text field, with JavaScript, shows under
the field without leaving the page (without JavaScript it opens in a new tab:
tests/web/test_plain_french.py)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DELEGATE = "claire.martin@paniers.example"


@pytest.fixture
def phone(page):
    """The browser page at a phone's width (390 px)."""
    page.set_viewport_size({"width": 390, "height": 780})
    page.set_default_timeout(15_000)
    return page


def test_the_to_do_list_on_a_phone(phone, assert_accessible):
    login(phone, DELEGATE)
    phone.goto("/")
    todo = phone.locator("section.todo")
    expect(todo.get_by_role("heading", name="À faire")).to_be_visible()
    lines = todo.locator("li.todo-item")
    assert lines.count() >= 3
    texts = [lines.nth(i).inner_text() for i in range(lines.count())]
    # No line twice (a sign-off is also a collective decision: listed once).
    links = [lines.nth(i).locator("a").get_attribute("href") for i in range(lines.count())]
    assert len(set(links)) == len(links), texts
    # Each line says by when, in words, and is a tap target of at least 44 px.
    assert any("avant le" in t or "la réunion a lieu le" in t for t in texts), texts
    for i in range(lines.count()):
        box = lines.nth(i).locator("a").bounding_box()
        assert box["height"] >= 43.5, texts[i]
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the home scrolls sideways ({width} px)"
    assert_accessible(phone)
    # One tap: the first line opens its page.
    first = lines.first.locator("a")
    href = first.get_attribute("href")
    first.click()
    phone.wait_for_url(lambda url: href.split("#")[0] in url)
    assert phone.locator("h1").count() == 1


def test_the_formatting_preview_shows_under_the_field(phone, assert_accessible):
    login(phone, DELEGATE)
    phone.goto("/")
    phone.get_by_role("link", name="Concertation solidaire de Brie-et-Marne").first.click()
    url = phone.url.rstrip("/") + "/statements/new"
    phone.goto(url)
    expect(phone.get_by_text("Mise en forme : **gras**")).to_be_visible()
    phone.get_by_label("Texte", exact=True).fill("Nous demandons :\n\n- un **rendez-vous**")
    phone.get_by_role("button", name="Voir l’aperçu de la mise en forme").click()
    preview = phone.locator("#body-preview")
    expect(preview.locator(".prose strong")).to_have_text("rendez-vous")
    assert phone.url == url  # nothing saved, same page, the text still there
    assert "rendez-vous" in phone.get_by_label("Texte", exact=True).input_value()
    assert_accessible(phone)
