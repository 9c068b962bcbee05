"""Draft a joint statement: create it, two delegates of different associations edit it at
the same time (their changes are merged), compare revisions, comment, put it to the
sign-off, each member association answers, and export the adopted text as a PDF."""

import io
import re

from playwright.sync_api import expect

from tests.browser.conftest import login, logout

COALITION = "Concertation solidaire de Brie-et-Marne"
TITLE = "Pour des bons alimentaires d’urgence"
BODY = (
    "Madame la Présidente,\n\n"
    "Les familles attendent trop longtemps une aide d’urgence.\n\n"
    "Nous demandons des bons alimentaires délivrés sous 48 heures.\n"
)


def _open_statement(page):
    page.goto("/")
    page.get_by_role("link", name=COALITION).first.click()
    page.get_by_role("navigation", name="Rubriques du collectif").get_by_role(
        "link", name="Déclarations"
    ).click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def _edit_body(page, old, new):
    body = page.get_by_label("Texte", exact=True)
    body.fill(body.input_value().replace(old, new))


def test_draft_a_joint_statement(page, browser, live_server, assert_accessible):
    # Claire (Paniers du Cœur de Brie) starts the statement.
    login(page, "claire.martin@paniers.example")
    page.get_by_role("link", name=COALITION).first.click()
    page.get_by_role("navigation", name="Rubriques du collectif").get_by_role(
        "link", name="Déclarations"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="Commencer une déclaration").click()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Donnez un titre à la déclaration.")).to_be_visible()
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Destinataire").fill("Conseil départemental de Brie-et-Marne (fictif)")
    page.get_by_label("Texte", exact=True).fill(BODY)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)

    # Claire and Hélène (Croix Solidaire 77) open the editor at the same time.
    other = browser.new_context(base_url=live_server.url, locale="fr-FR")
    helene = other.new_page()
    login(helene, "helene.dubois@croix-solidaire.example")
    _open_statement(helene)
    page.get_by_role("link", name="Modifier le texte").click()
    helene.get_by_role("link", name="Modifier le texte").click()
    assert_accessible(page)
    _edit_body(page, "trop longtemps", "souvent trois semaines")
    page.get_by_label("Qu’avez-vous changé ? (facultatif)").fill("Délai précisé")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Enregistré comme version 2.")).to_be_visible()
    _edit_body(helene, "sous 48 heures", "sous 48 heures par les CCAS")
    helene.get_by_role("button", name="Enregistrer", exact=True).click()
    # Different paragraphs: both changes are kept, Hélène is told.
    expect(helene.get_by_text("les deux sont conservées")).to_be_visible()
    text = helene.locator("#statement-body")
    expect(text).to_contain_text("souvent trois semaines")
    expect(text).to_contain_text("par les CCAS")

    # Hélène compares the revisions and comments on a passage.
    helene.get_by_role("link", name="Toutes les versions").first.click()
    assert_accessible(helene)
    helene.get_by_label("Comparer à partir de la version 1").check()
    helene.get_by_label("Comparer avec la version 3").check()
    helene.get_by_role("button", name="Comparer les versions choisies").click()
    expect(helene.get_by_role("heading", level=1)).to_have_text("De la version 1 à la version 3")
    expect(helene.locator("del").filter(has_text="trop longtemps")).to_be_visible()
    expect(helene.locator("ins").filter(has_text="par les CCAS")).to_be_visible()
    assert_accessible(helene)
    _open_statement(helene)
    helene.get_by_label("Passage commenté (facultatif)").fill("sous 48 heures")
    helene.get_by_label("Votre commentaire").fill("Les CCAS sont-ils d’accord sur ce délai ?")
    helene.get_by_role("button", name="Ajouter le commentaire").click()
    expect(helene.get_by_text("Les CCAS sont-ils d’accord sur ce délai ?")).to_be_visible()
    assert_accessible(helene)
    other.close()

    # Claire puts it to the sign-off; every member association answers.
    page.reload()
    page.get_by_role("button", name="Soumettre à la validation").click()
    expect(
        page.get_by_text("est soumis à la validation de chaque association membre")
    ).to_be_visible()
    assert_accessible(page)
    logout(page)
    for email in (
        "claire.martin@paniers.example",
        "helene.dubois@croix-solidaire.example",
        "sophie.garnier@entraide.example",
        "fatou.diallo@fraternel.example",
    ):
        login(page, email)
        _open_statement(page)
        page.get_by_label("Nous sommes d’accord").check()
        page.get_by_role("button", name="Envoyer notre réponse").click()
        expect(page.get_by_text("La réponse de votre association est enregistrée.")).to_be_visible()
        if not email.startswith("fatou"):
            logout(page)
    expect(page.get_by_text("Toutes les associations ont répondu")).to_be_visible()
    signatories = page.locator(".signatories")
    for name in (
        "Paniers du Cœur de Brie",
        "Croix Solidaire 77",
        "Entraide Marnaise",
        "Secours Fraternel du 77",
    ):
        expect(signatories).to_contain_text(name)
    assert_accessible(page)

    # Export the PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert re.match(r".+\.pdf$", download.suggested_filename)
    from pypdf import PdfReader

    with open(download.path(), "rb") as f:
        pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    pdf_text = " ".join(pdf_text.split())
    assert TITLE in pdf_text
    assert "Secours Fraternel du 77" in pdf_text
    assert "Claire Martin" not in pdf_text
