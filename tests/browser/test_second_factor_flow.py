"""On a phone (390 px): a delegate sets up an authenticator application from the profile
(the key read from the page, the code computed as the phone would), keeps the recovery
codes, logs out and logs in again with a code. Every page fits and passes axe-core."""

import re
import time

import pyotp
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD

DELEGATE = "marc.lefevre@croix-solidaire.example"  # used by no other browser test
PHONE = {"width": 390, "height": 844}


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_set_up_the_application_and_log_in_with_a_code(browser, live_server, assert_accessible):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/login")
        page.get_by_label("Adresse e-mail").fill(DELEGATE)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(lambda url: "/login" not in url)

        page.goto("/profile")
        page.get_by_role("link", name="Code du téléphone à la connexion").click()
        assert_accessible(page)
        page.get_by_role("button", name="Installer l’application").click()
        expect(page.get_by_role("heading", level=1, name="Installer l’application")).to_be_visible()
        qr = page.get_by_role("img", name=re.compile("Code QR"))
        expect(qr).to_be_visible()
        assert qr.evaluate("img => img.naturalWidth") > 0
        secret = page.locator("#secret").inner_text().replace(" ", "")
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        _fits(page)
        assert_accessible(page)
        totp = pyotp.TOTP(secret)
        code = page.get_by_label("Code à 6 chiffres")
        assert code.get_attribute("inputmode") == "numeric"
        assert code.get_attribute("autocomplete") == "one-time-code"
        code.fill(totp.now())
        page.get_by_role("button", name="Confirmer").click()

        expect(page.get_by_role("heading", level=1, name="Vos codes de secours")).to_be_visible()
        codes = page.locator(".recovery-codes code").all_inner_texts()
        assert len(codes) == 10
        _fits(page)
        assert_accessible(page)
        page.get_by_role("link", name="Je les ai notés").click()
        expect(page.get_by_text("Activé : la connexion demande un code")).to_be_visible()
        context.clear_cookies()  # another day: logged out
        page.goto("/login")
        page.get_by_label("Adresse e-mail").fill(DELEGATE)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/login/code")
        expect(page.get_by_role("heading", level=1, name="Code de votre téléphone")).to_be_visible()
        _fits(page)
        assert_accessible(page)
        # The code of the set-up is used up: the phone's next one (within the ±1 window).
        page.get_by_label("Code à 6 chiffres, ou code de secours").fill(totp.at(time.time() + 30))
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto("/profile/second-factor")
        expect(page.get_by_text("Il vous reste 10 codes de secours.")).to_be_visible()
    finally:
        context.close()
