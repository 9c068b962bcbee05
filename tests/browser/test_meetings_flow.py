"""Prepare the next quarterly meeting in the browser: accept the proposed host, run a date
poll, two associations add agenda items (one urgent), order them with the keyboard,
invite a guest speaker and download the letter, record minutes with an action item, and
see that item carried to the next meeting (planned from the proposal on the meetings
list; a meeting still to come cannot be marked held)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login, logout

BRIE = "Concertation solidaire de Brie-et-Marne"
TITLE = "Réunion préparée au navigateur"


def _open_meeting(page):
    page.goto("/")
    page.get_by_role("link", name=BRIE).click()
    page.get_by_role("navigation", name="Rubriques du collectif").get_by_role(
        "link", name="Réunions"
    ).click()


def test_prepare_the_next_quarterly_meeting(page, assert_accessible):
    login(page, "claire.martin@paniers.example")
    expect(page.get_by_role("heading", name="Vos prochaines réunions")).to_be_visible()
    _open_meeting(page)
    assert_accessible(page)

    # 1. Plan it: the form comes pre-filled with the rotation's proposal; accept it.
    page.get_by_role("link", name="Planifier cette réunion").click()
    expect(page.get_by_role("heading", name="Prochaine réunion proposée")).to_be_visible()
    expect(
        page.get_by_text(re.compile("a accueilli la réunion il y a le plus longtemps"))
    ).to_be_visible()
    assert_accessible(page)
    host = page.get_by_label("Association qui accueille")
    proposed = host.locator("option:checked").inner_text()
    assert proposed and "pas encore décidé" not in proposed
    page.get_by_label("Titre (facultatif)").fill(TITLE)
    page.get_by_label("Date et heure (heure de Paris)").fill("")
    page.get_by_role("button", name="Planifier cette réunion").click()
    expect(page.get_by_text("La réunion est planifiée.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.locator("dl.details")).to_contain_text(proposed)
    meeting_url = page.url
    assert_accessible(page)

    # 2. Date poll: two dates, two associations answer, the best one is chosen.
    page.get_by_role("link", name="Proposer des dates (sondage)").click()
    page.get_by_label("Date 1").fill("2027-06-08T14:00")
    page.get_by_label("Date 2").fill("2027-06-15T14:00")
    page.get_by_role("button", name="Ouvrir le sondage").click()
    expect(page.get_by_text("Le sondage de date est ouvert")).to_be_visible()
    assert_accessible(page)
    first, second = page.locator("fieldset").nth(0), page.locator("fieldset").nth(1)
    first.get_by_label("non").check()
    second.get_by_label("oui").check()
    page.get_by_role("button", name="Enregistrer nos réponses").click()
    expect(page.get_by_text("Les réponses de votre association sont enregistrées.")).to_be_visible()
    logout(page)

    login(page, "helene.dubois@croix-solidaire.example")
    page.goto(meeting_url + "/poll")
    page.locator("fieldset").nth(0).get_by_label("si besoin").check()
    page.locator("fieldset").nth(1).get_by_label("oui").check()
    page.get_by_role("button", name="Enregistrer nos réponses").click()
    expect(page.get_by_text("meilleure date pour l’instant")).to_be_visible()
    expect(page.get_by_label("Date retenue").locator("option:checked")).to_contain_text(
        "15 juin 2027"
    )
    page.get_by_role("button", name="Choisir cette date…").click()
    # The confirmation names the associations that have not answered yet.
    expect(
        page.get_by_text(re.compile("associations? n’(a|ont) pas encore répondu"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Retenir cette date et clore le sondage").click()
    expect(page.get_by_text("La date est fixée et le sondage est clos.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("mardi 15 juin 2027, 14:00")

    # 3. Two associations add agenda items; one of them is urgent.
    page.get_by_role("link", name="Proposer un point").click()
    page.get_by_label("Titre", exact=True).fill("Colis d'été : calendrier commun")
    page.get_by_label("Thème", exact=True).fill("Aide alimentaire")
    page.get_by_label("Durée prévue en minutes").fill("30")
    page.get_by_role("button", name="L’inscrire à l’ordre du jour").click()
    expect(page.get_by_text("Le point est inscrit à l’ordre du jour.")).to_be_visible()
    logout(page)

    login(page, "claire.martin@paniers.example")
    page.goto(meeting_url)
    page.get_by_role("link", name="Proposer un point").click()
    assert_accessible(page)
    page.get_by_label("Titre", exact=True).fill("Expulsions locatives annoncées")
    page.get_by_label("Durée prévue en minutes").fill("20")
    page.get_by_label(re.compile("Point urgent")).check()
    page.get_by_role("button", name="L’inscrire à l’ordre du jour").click()
    agenda = page.locator("ol.agenda > li")
    expect(agenda).to_have_count(2)
    expect(agenda.nth(1)).to_contain_text("urgent")

    # Order the items with the keyboard: the urgent item goes first.
    page.get_by_role("button", name=re.compile("Monter : Expulsions locatives")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("ol.agenda > li").first).to_contain_text("Expulsions locatives annoncées")
    expect(page.get_by_text("Temps prévu : 50 min")).to_be_visible()
    assert_accessible(page)

    # 4. Invite a guest speaker and download the letter.
    page.get_by_role("link", name="Inviter un intervenant extérieur").click()
    page.get_by_label("Organisme").fill("Office fictif de l’immigration et de l’intégration")
    page.get_by_label("Personne").fill("M. Paul Exemple")
    page.get_by_label("Sujet de l’intervention").fill("Droits des personnes exilées")
    page.get_by_label("Point de l’ordre du jour").select_option(
        label="Colis d'été : calendrier commun"
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L’intervenant extérieur est ajouté.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nouveau statut").select_option(label="invité")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.locator("dl.details")).to_contain_text("invité")
    page.get_by_role("link", name="Lettre d’invitation (page à imprimer)").click()
    expect(page.get_by_text("Droits des personnes exilées")).to_be_visible()
    expect(page.get_by_text(re.compile("Objet : invitation à la réunion"))).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger en PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # 5. Minutes with an action item; the meeting is held.
    page.goto(meeting_url)
    page.get_by_role("link", name="Rédiger le compte rendu").click()
    page.get_by_label("Compte rendu").fill("## Tour de table\n\n- Hausse des expulsions.")
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    expect(page.get_by_role("heading", name="Tour de table")).to_be_visible()
    page.get_by_role("link", name="Ajouter une action").click()
    page.get_by_label("Ce qu’il faut faire").fill("Écrire à la commission de prévention")
    page.get_by_label("Association chargée de l’action").select_option(label="Croix Solidaire 77")
    page.get_by_label("Échéance (facultatif)").fill("2027-07-01")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("L’action est ajoutée")).to_be_visible()
    # It has not started yet: it cannot be marked as held, and the page says when it can.
    expect(page.get_by_role("link", name="Marquer comme tenue")).to_have_count(0)
    expect(page.get_by_text("Une fois la réunion commencée")).to_be_visible()

    # 6. The next meeting is proposed at the cadence after it; the open action item comes
    # back on it.
    _open_meeting(page)
    card = page.locator("[data-next-meeting]")
    expect(card).to_contain_text("mercredi 15 septembre 2027, 14:00")
    card.get_by_role("link", name="Planifier cette réunion").click()
    expect(page.get_by_label("Date et heure (heure de Paris)")).to_have_value("2027-09-15T14:00")
    page.get_by_role("button", name="Planifier cette réunion").click()
    expect(page.get_by_text("La réunion est planifiée.")).to_be_visible()
    followup = page.locator("section", has=page.get_by_role("heading", name="Suivi des actions"))
    expect(followup).to_contain_text("Écrire à la commission de prévention")
    expect(followup).to_contain_text("1 juillet 2027")
    assert_accessible(page)
