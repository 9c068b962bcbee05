"""The campaign pages through HTTP: starting a campaign, recording a negotiation meeting
with its promise, errors in French with the input kept, the decisions' pages, isolation
between coalitions, guests, the directory's pages, the home panel and the search."""

from datetime import date

import sqlalchemy as sa

from coordination.campaigns import operations, steps
from coordination.campaigns.models import Campaign, CampaignCommitment, CampaignStep
from coordination.coalitions.models import GUEST, Membership
from coordination.commitments.models import Commitment
from coordination.consent.models import Decision
from coordination.search import service
from tests.conftest import count_queries


def test_start_a_campaign_and_record_a_negotiation_with_a_promise(db, directory, login_as):
    client = login_as(directory.member)
    cid = directory.coalition.id
    page = client.get(f"/c/{cid}/campaigns/new")
    assert page.status_code == 200
    response = client.post(
        f"/c/{cid}/campaigns/new",
        data={
            "name": "Accueil CPAM de la Gare",
            "demand": "Rouvrir l'accueil CPAM du quartier de la Gare",
            "institution_id": directory.institution.id,
            "contact_id": directory.contact.id,
            "role": "",
        },
        token_from=f"/c/{cid}/campaigns/new",
    )
    assert response.status_code == 302
    campaign = db.session.scalar(sa.select(Campaign).where(Campaign.coalition_id == cid))
    assert campaign.status == "preparing"
    url = f"/c/{cid}/campaigns/{campaign.id}/negotiation/new"
    first, second = directory.world.associations
    response = client.post(
        url,
        data={
            "title": "Rencontre avec la directrice",
            "on": "2026-01-20",
            "at": "10:00",
            "institution_id": directory.institution.id,
            "met": "La directrice de l'accueil",
            f"went_{first.id}": "Marie, Ahmed",
            "text": "Elle promet une réouverture.",
            "promise": "Réouverture au plus tard en janvier",
            "promise_due_on": "2027-01-31",
        },
        token_from=url,
    )
    assert response.status_code == 302
    link = db.session.scalar(sa.select(CampaignCommitment))
    commitment = db.session.get(Commitment, link.commitment_id)
    assert commitment.title == "Réouverture au plus tard en janvier"
    assert commitment.due_on == date(2027, 1, 31)
    assert link.step_id == db.session.scalar(sa.select(CampaignStep.id))
    page = client.get(f"/c/{cid}/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Pour " + first.name + " : Marie, Ahmed" in page
    assert "Réouverture au plus tard en janvier" in page
    assert second.name in page  # every member association takes part


def test_an_error_says_what_to_do_in_french_and_keeps_the_input(db, directory, campaign, login_as):
    client = login_as(directory.member)
    url = f"/c/{directory.coalition.id}/campaigns/{campaign.id}/action/new"
    response = client.post(
        url,
        data={
            "title": "",
            "on": "2026-02-02",
            "action_type": "",
            "text": "Banderole et tracts",
            "links": "presse.example/article",
            "institution_id": 0,
        },
        token_from=url,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dites en quelques mots ce qu’est cette étape." in page
    assert "Choisissez le type d’action." in page
    assert "Chaque lien commence par https://." in page
    assert "Banderole et tracts" in page and "presse.example/article" in page


def test_launch_and_close_go_through_the_decisions_page(db, directory, campaign, login_as):
    client = login_as(directory.member)
    base = f"/c/{directory.coalition.id}/campaigns/{campaign.id}"
    response = client.post(f"{base}/launch", data={"note": "Prêts"}, token_from=f"{base}/launch")
    decision = db.session.scalar(sa.select(Decision))
    assert response.headers["Location"].endswith(f"/decisions/{decision.id}")
    assert decision.kind == "campaign.launch" and decision.status == "open"
    page = client.get(base).get_data(as_text=True)
    assert "Une décision des associations est en cours" in page
    response = client.post(f"{base}/close", data={"outcome": ""}, token_from=f"{base}/close")
    assert response.status_code == 400
    assert "Choisissez comment la campagne se termine." in response.get_data(as_text=True)


def test_another_coalition_sees_nothing(db, directory, campaign, login_as):
    outsider = login_as(directory.world.outsider)
    base = f"/c/{directory.coalition.id}/campaigns"
    for url in (
        base,
        f"{base}/{campaign.id}",
        f"{base}/{campaign.id}/print",
        f"{base}/{campaign.id}/calendar.ics",
    ):
        assert outsider.get(url).status_code == 404, url
    other = directory.world.other_coalition.id
    member = login_as(directory.member)
    assert member.get(f"/c/{other}/campaigns/{campaign.id}").status_code == 404


def test_guests_see_and_join_where_the_directory_is_open_to_them(
    db, directory, campaign, make, login_as
):
    guest = make.association(name="Épicerie solidaire fictive")
    db.session.add(
        Membership(coalition_id=directory.coalition.id, association_id=guest.id, role=GUEST)
    )
    db.session.flush()
    client = login_as(make.delegate(guest))
    url = f"/c/{directory.coalition.id}/campaigns/{campaign.id}"
    assert client.get(url).status_code == 404
    directory.coalition.guests_see_directory = True
    db.session.flush()
    assert "Notre association participe" in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/join", token_from=url).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Épicerie solidaire fictive (association invitée)" in page
    assert client.get(f"{url}/edit").status_code == 404  # members change it
    assert client.post(f"{url}/suspend", token_from=url).status_code == 404


def test_the_directory_pages_list_the_campaigns_that_target_them(db, directory, campaign, login_as):
    operations.add_target(
        campaign,
        by=directory.member,
        institution_id=directory.institution.id,
        contact_id=directory.contact.id,
    )
    client = login_as(directory.member)
    cid = directory.coalition.id
    institution = client.get(f"/c/{cid}/directory/institutions/{directory.institution.id}")
    assert "Un accueil CPAM à Meaux-sur-Brie" in institution.get_data(as_text=True)
    contact = client.get(f"/c/{cid}/directory/contacts/{directory.contact.id}")
    assert "Campagnes qui s’adressent à eux" in contact.get_data(as_text=True)


def test_the_home_page_shows_campaigns_in_progress_with_last_and_next_steps(
    db, directory, running, login_as
):
    steps.record_step(
        running,
        by=directory.member,
        kind="negotiation",
        on=date(2026, 1, 20),
        title="Première rencontre",
    )
    steps.record_step(
        running,
        by=directory.member,
        kind="negotiation",
        on=date(2099, 1, 20),
        title="Rencontre à venir",
    )
    page = login_as(directory.member).get("/").get_data(as_text=True)
    assert "Campagnes en cours" in page
    assert "Dernière étape : 20 janv. 2026 — Première rencontre" in page
    assert "Prochaine étape : 20 janv. 2099 — Rencontre à venir" in page


def test_search_finds_campaigns_and_their_steps(db, directory, running, make):
    steps.record_step(
        running,
        by=directory.member,
        kind="action",
        on=date(2026, 2, 1),
        title="Rassemblement devant l'agence",
        action_type="rally",
        text="Banderole pour la réouverture",
    )
    viewer = service.viewer_for(directory.member.association_id)
    hits = {(h.kind, h.title) for h in service.search(viewer, "reouverture").hits}
    assert ("campaign_step", "Rassemblement devant l'agence") in hits
    hits = {(h.kind, h.title) for h in service.search(viewer, "gare").hits}
    assert ("campaign", "Un accueil CPAM à Meaux-sur-Brie") in hits
    outsider = service.viewer_for(directory.world.outsider.association_id)
    assert service.search(outsider, "gare").hits == []


def test_the_list_runs_the_same_number_of_queries_whatever_the_number(
    db, directory, running, login_as
):
    client = login_as(directory.member)
    url = f"/c/{directory.coalition.id}/campaigns"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for k in range(6):
        more = operations.create_campaign(
            directory.coalition,
            by=directory.member,
            name=f"Campagne {k}",
            demand="Demande",
            institution_id=directory.institution.id,
        )
        steps.record_step(
            more,
            by=directory.member,
            kind="negotiation",
            on=date(2026, 1, k + 1),
            title=f"Rencontre {k}",
        )
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Rencontre 5" in page
    assert len(many) == len(few)


def test_a_promise_recorded_from_its_page_is_a_commitment_of_the_campaign(
    db, directory, running, login_as
):
    step = steps.record_step(
        running, by=directory.member, kind="negotiation", on=date(2026, 1, 20), title="Rencontre"
    )
    client = login_as(directory.member)
    url = f"/c/{directory.coalition.id}/campaigns/{running.id}/promises/new"
    assert "Rencontre" in client.get(url).get_data(as_text=True)
    bad = client.post(
        url,
        data={
            "title": "Borne",
            "institution_id": directory.institution.id,
            "promised_on": "2026-01-20",
            "due_on": "2026-01-01",
            "step_id": step.id,
        },
        token_from=url,
    )
    assert "L’échéance tombe avant la promesse." in bad.get_data(as_text=True)
    response = client.post(
        url,
        data={
            "title": "Borne",
            "institution_id": directory.institution.id,
            "promised_by": "La directrice",
            "promised_on": "2026-01-20",
            "due_on": "2026-06-30",
            "step_id": step.id,
        },
        token_from=url,
    )
    assert response.status_code == 302
    link = db.session.scalar(sa.select(CampaignCommitment))
    assert link.campaign_id == running.id and link.step_id == step.id
    assert db.session.get(Commitment, link.commitment_id).promised_by == "La directrice"
