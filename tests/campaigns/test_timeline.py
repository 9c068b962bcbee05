"""The campaign's story: steps, promises and their follow-ups, statements and their fate,
decisions and outcome, in order, filtered by kind; the page's SQL statement count stays
the same whatever the story's length; the sources registry takes another feature's
entries; the printed story as PDF (pypdf) and the calendar file (icalendar)."""

import io
from datetime import date, time, timedelta

import pytest
import time_machine
from icalendar import Calendar
from pypdf import PdfReader

from coordination.campaigns import steps, timeline
from coordination.campaigns.models import ACTION, NEGOTIATION, PETITION, RALLY
from coordination.campaigns.operations import CampaignError
from coordination.commitments import operations as commitments
from coordination.commitments.deadlines import BROKEN
from coordination.db import utcnow
from coordination.statements import fate
from coordination.statements import operations as statements
from coordination.statements.models import ADOPTED, SENT
from coordination.timezone import local_today
from tests.conftest import count_queries

TODAY = date(2026, 5, 20)


def negotiation(campaign, by, on, title="Rencontre avec la directrice", **fields):
    return steps.record_step(campaign, by=by, kind=NEGOTIATION, on=on, title=title, **fields)


def broken_promise(directory, campaign, step, due_on=None):
    """The promise of `step` (20 January), then broken."""
    promise = steps.promise(
        campaign,
        by=directory.member,
        title="Réouverture au plus tard en janvier",
        institution_id=directory.institution.id,
        promised_on=date(2026, 1, 20),
        step=step,
        due_on=due_on,
    )
    commitments.follow_up(promise, by=directory.member, note="Rien n'a rouvert.", new_status=BROKEN)
    return promise


def grow(directory, campaign, n: int, base=date(2026, 1, 10)):
    """n rounds of: a negotiation meeting with a promise followed up, an action, an adopted
    statement sent."""
    member = directory.member
    for k in range(n):
        day = base + timedelta(days=7 * k)
        step = negotiation(
            campaign,
            member,
            day,
            title=f"Rencontre {k}",
            delegations={a.id: f"Déléguée {k}" for a in directory.world.associations},
        )
        promise = steps.promise(
            campaign,
            by=member,
            title=f"Promesse {k}",
            institution_id=directory.institution.id,
            promised_on=day,
            step=step,
            due_on=day + timedelta(days=30),
        )
        commitments.follow_up(promise, by=member, note="Relance", happened_on=day + timedelta(2))
        commitments.follow_up(
            promise,
            by=member,
            note="",
            happened_on=day + timedelta(2),
            new_due_on=day + timedelta(60),
        )
        steps.record_step(
            campaign,
            by=member,
            kind=ACTION,
            on=day + timedelta(3),
            title=f"Action {k}",
            action_type=RALLY,
            links="https://presse.example/article",
        )
        text = statements.create_statement(
            directory.coalition, by=member, title=f"Déclaration {k}", body="Texte."
        )
        text.status, text.adopted_at = ADOPTED, utcnow()
        steps.attach_statement(campaign, by=member, statement_id=text.id)
        fate.record_event(text, SENT, by=member, on=day + timedelta(4))


def test_the_story_joins_every_kind_in_order(db, directory, running):
    member = directory.member
    with time_machine.travel(date(2026, 3, 1), tick=False):
        step = negotiation(
            running,
            member,
            date(2026, 1, 20),
            at=time(10),
            met="La directrice",
            delegations={directory.world.associations[0].id: "Marie, Ahmed"},
        )
        broken_promise(directory, running, step, due_on=date(2026, 2, 1))
        steps.record_step(
            running,
            by=member,
            kind=ACTION,
            on=date(2026, 2, 10),
            title="Rassemblement",
            action_type=RALLY,
        )
    entries = timeline.compose(running, date(2026, 3, 1))
    assert [(e.on, e.label) for e in entries if e.on < date(2026, 12, 1)] == [
        (date(2026, 1, 5), "Début de la campagne"),
        (date(2026, 1, 20), "Réunion de négociation"),
        (date(2026, 1, 20), "Promesse"),
        (date(2026, 2, 10), "Rassemblement"),
        (date(2026, 3, 1), "Promesse non tenue"),
    ]
    decided = [e.label for e in entries if e.kind == "decision"]
    assert "Lancement proposé aux associations" in decided
    assert "Lancement décidé ensemble" in decided
    negotiation_entry = next(e for e in entries if e.kind == NEGOTIATION)
    assert "Personnes rencontrées : La directrice" in negotiation_entry.lines
    assert any("Marie, Ahmed" in line for line in negotiation_entry.lines)
    only = timeline.compose(running, date(2026, 3, 1), kinds=["action"])
    assert [e.title for e in only] == ["Rassemblement"]


def test_the_page_runs_the_same_number_of_queries_whatever_the_length(
    db, directory, running, login_as
):
    client = login_as(directory.member)
    url = f"/c/{directory.coalition.id}/campaigns/{running.id}"
    grow(directory, running, 1)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    grow(directory, running, 8, base=date(2026, 3, 1))
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Rencontre 7" in page and "Promesse 7" in page and "Déclaration 7" in page
    assert len(many) == len(few), (len(few), len(many))
    with count_queries() as composed:
        timeline.compose(running, local_today())
    assert len(composed) == 9  # 2 for each kind of step, promises, statements; 1 decisions


def test_another_feature_adds_its_entries_through_the_registry(db, directory, running):
    def figures(campaign, today):
        return [timeline.Entry(on=date(2026, 2, 1), kind="figure", title="12 dossiers bloqués")]

    timeline.register_timeline_source("figure", "Figures", figures, order=60)
    try:
        assert "figure" in dict(timeline.timeline_kinds())
        entries = timeline.compose(running, TODAY, kinds=["figure"])
        assert [e.title for e in entries] == ["12 dossiers bloqués"]
    finally:
        timeline._sources.pop("figure")


def test_action_types_the_coalition_adds(db, directory, running):
    kind = steps.add_action_type(directory.coalition, by=directory.member, name="Chaîne humaine")
    with pytest.raises(CampaignError):
        steps.add_action_type(directory.coalition, by=directory.member, name="chaîne  humaine")
    steps.record_step(
        running,
        by=directory.member,
        kind=ACTION,
        on=TODAY,
        title="Autour de l'accueil",
        action_type=f"t{kind.id}",
    )
    with pytest.raises(CampaignError):
        steps.record_step(
            running, by=directory.member, kind=ACTION, on=TODAY, title="?", action_type="t999999"
        )
    assert [e.label for e in timeline.compose(running, TODAY, kinds=["action"])] == [
        "Chaîne humaine"
    ]


def test_a_commitment_belongs_to_one_campaign_and_one_coalition(db, directory, running, make):
    member = directory.member
    promise = steps.promise(
        running,
        by=member,
        title="Borne",
        institution_id=directory.institution.id,
        promised_on=TODAY,
    )
    with pytest.raises(CampaignError):
        steps.link(running, promise)
    assert promise.context == running.name


def test_the_printed_story_tells_it_in_the_pdf(db, directory, running, login_as):
    member = directory.member
    step = negotiation(running, member, date(2026, 1, 20), met="La directrice de la CPAM")
    broken_promise(directory, running, step)
    steps.record_step(
        running,
        by=member,
        kind=ACTION,
        on=date(2026, 2, 3),
        title="Pétition du quartier",
        action_type=PETITION,
    )
    client = login_as(member)
    base = f"/c/{directory.coalition.id}/campaigns/{running.id}"
    page = client.get(f"{base}/print").get_data(as_text=True)
    assert "Pétition du quartier" in page
    response = client.get(f"{base}/story.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(p.extract_text() for p in reader.pages)
    for expected in (
        "Un accueil CPAM à Meaux-sur-Brie",
        "Rouvrir l'accueil CPAM du quartier de la Gare",
        "Réouverture au plus tard en janvier",
        "Promesse non tenue",
        "Pétition du quartier",
        "CPAM de Brie-et-Marne",
    ):
        assert expected in text, expected
    assert reader.trailer["/Root"].get("/StructTreeRoot") is not None  # tagged, as the others
    assert reader.metadata.author == directory.coalition.name


def test_a_postponed_promise_is_a_step_with_both_dates_on_the_page_and_paper(
    db, directory, running, login_as
):
    member = directory.member
    step = negotiation(running, member, date(2026, 1, 20), met="La directrice de la CPAM")
    with time_machine.travel(date(2026, 2, 10), tick=False):
        promise = steps.promise(
            running,
            by=member,
            title="Réouverture au plus tard en février",
            institution_id=directory.institution.id,
            promised_on=date(2026, 1, 20),
            step=step,
            due_on=date(2026, 2, 1),
        )
        commitments.follow_up(
            promise, by=member, note="Travaux en retard.", new_due_on=date(2026, 3, 30)
        )
    moved = [e for e in timeline.compose(running, date(2026, 2, 11)) if e.status == "rescheduled"]
    assert [(e.on, e.label, e.lines, e.text) for e in moved] == [
        (
            date(2026, 2, 10),
            "Promesse reportée",
            ("Échéance reportée du 1 février 2026 au 30 mars 2026",),
            "Travaux en retard.",
        )
    ]
    client = login_as(member)
    base = f"/c/{directory.coalition.id}/campaigns/{running.id}"
    for page in (client.get(base), client.get(f"{base}/print")):
        html = page.get_data(as_text=True)
        assert "Promesse reportée" in html
        assert "Échéance reportée du 1 février 2026 au 30 mars 2026" in html
    reader = PdfReader(io.BytesIO(client.get(f"{base}/story.pdf").data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Promesse reportée" in text
    assert "Échéance reportée du 1 février 2026 au 30 mars 2026" in text


def test_the_calendar_holds_each_dated_step_ahead(db, directory, running, login_as):
    member = directory.member
    today = local_today()
    negotiation(running, member, today - timedelta(days=30), title="Déjà passée")
    negotiation(running, member, today + timedelta(days=9), at=time(14, 30), title="Prochaine")
    steps.promise(
        running,
        by=member,
        title="Permanence le jeudi",
        institution_id=directory.institution.id,
        promised_on=today,
        due_on=today + timedelta(days=40),
    )
    response = login_as(member).get(
        f"/c/{directory.coalition.id}/campaigns/{running.id}/calendar.ics"
    )
    assert response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == [
        "Promesse à tenir — Permanence le jeudi",
        "Réunion de négociation — Prochaine",
    ]
    meeting = next(e for e in events if "Prochaine" in str(e["SUMMARY"]))
    start = meeting.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (today + timedelta(days=9), 14, 30)
    assert str(start.tzinfo) == "Europe/Paris"
    due = next(e for e in events if "Permanence" in str(e["SUMMARY"]))
    assert due.decoded("DTSTART") == today + timedelta(days=40)  # all day
    assert len({str(e["UID"]) for e in events}) == 2


def test_links_are_web_addresses_only(db, directory, running):
    with pytest.raises(CampaignError):
        steps.record_step(
            running,
            by=directory.member,
            kind=ACTION,
            on=TODAY,
            title="Pétition",
            action_type=PETITION,
            links="https://petition.example\njavascript:alert(1)",
        )
