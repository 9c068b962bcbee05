"""Search over meetings, agenda items and minutes: accent-insensitive French, isolation
between coalitions, guests finding only the meetings they are invited to, an index that
follows edits and deletions, constant queries. Runs on SQLite (FTS5) and PostgreSQL."""

import pytest
import sqlalchemy as sa

from coordination.coalitions.models import GUEST, Membership
from coordination.meetings import operations
from coordination.search import indexing, service
from coordination.search.backends import create_structures
from coordination.search.models import SearchDocument
from tests.conftest import count_queries
from tests.meetings.conftest import at

MEETING_KINDS = {"meeting", "agenda_item", "minutes"}


@pytest.fixture(autouse=True)
def fts_ready(db):
    create_structures(db.session.connection())


def hits(user, query, **kw):
    viewer = service.viewer_for(user.association_id)
    return [h for h in service.search(viewer, query, per_page=50, **kw).hits]


def found(user, query, kind=None, **kw):
    return [h.title for h in hits(user, query, **kw) if kind is None or h.kind == kind]


def names(user, query, kind=None, **kw):
    """Titles without the meeting's date: "Colis d'hiver — 14 mars 2026" -> "Colis d'hiver"."""
    return [t.split(" — ")[0] for t in found(user, query, kind, **kw)]


def documents(kind, object_id) -> int:
    from coordination.extensions import db

    return db.session.scalar(
        sa.select(sa.func.count(SearchDocument.id)).where(
            SearchDocument.kind == kind, SearchDocument.object_id == object_id
        )
    )


@pytest.fixture
def guest(db, world, make):
    association = make.association()
    db.session.add(
        Membership(coalition_id=world.coalition.id, association_id=association.id, role=GUEST)
    )
    db.session.flush()
    return make.delegate(association)


def test_accents_do_not_matter(db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first, title="Réunion trimestrielle")
    item = operations.propose_item(
        meeting,
        first,
        title="Sécurité sociale : délais de remboursement",
        topic="Accès aux droits",
        description="Les **dossiers** de complémentaire santé attendent trois mois.",
    )
    label = found(first, "reunion", "meeting")
    assert len(label) == 1 and label[0].startswith("Réunion trimestrielle — ")
    assert found(first, "RÉUNION trimestrielle", "meeting") == label
    day = label[0].split(" — ")[1]  # "14 mars 2026": the item's title gives the date too
    assert found(first, "securite", "agenda_item") == [f"{item.title} — {day}"]
    assert names(first, "SÉCURITÉ sociale", "agenda_item") == [item.title]
    assert names(first, "complementaire sante") == [item.title]
    hit = next(h for h in hits(first, "securite") if h.kind == "agenda_item")
    assert hit.url.endswith(f"/c/{world.coalition.id}/meetings/{meeting.id}#item-{item.id}")
    assert str(hit.label) in ("Point de l’ordre du jour", "Agenda item")


def test_minutes_decisions_and_action_items_are_found(db, world, plan):
    first, second, _ = world.delegates
    meeting = plan(world.coalition, first, days=-7, title="Réunion de rentrée")
    assert documents("minutes", meeting.id) == 0  # nothing written yet
    operations.save_minutes(meeting, first, "## Tour de table\n\nPrécarité énergétique.", 0)
    assert found(second, "precarite energetique", "minutes") == [
        found(second, "rentree", "meeting")[0]
    ]
    operations.record_decision(meeting, first, "Écrire au Conseil départemental")
    operations.add_action(
        meeting,
        first,
        what="Recenser les familles sans chauffage",
        association_id=first.association_id,
    )
    assert len(found(second, "conseil departemental", "minutes")) == 1
    assert len(found(second, "chauffage", "minutes")) == 1
    hit = next(h for h in hits(second, "chauffage") if h.kind == "minutes")
    assert hit.url.endswith(f"/meetings/{meeting.id}#minutes-h")
    # New minutes replace the old words.
    operations.save_minutes(meeting, second, "Bilan des colis d'hiver.", meeting.minutes_version)
    assert found(second, "precarite", "minutes") == []
    assert len(found(second, "colis hiver", "minutes")) == 1


def test_other_coalitions_find_nothing_of_ours(db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first, title="Réunion confidentielle")
    operations.propose_item(meeting, first, title="Sécurité des locaux")
    operations.save_minutes(meeting, first, "Sécurité : alarme à changer.", 0)
    assert found(world.outsider, "confidentielle") == []
    assert found(world.outsider, "securite") == []
    theirs = plan(world.other_coalition, world.outsider, title="Réunion voisine")
    operations.propose_item(theirs, world.outsider, title="Sécurité du quartier")
    assert set(names(world.outsider, "securite")) == {"Sécurité du quartier"}
    assert "Sécurité du quartier" not in names(first, "securite")
    assert found(first, "reunion", "meeting")[0].startswith("Réunion confidentielle")
    assert len(found(first, "reunion", "meeting")) == 1


def test_guests_find_only_the_meetings_they_are_invited_to(db, world, plan, guest):
    first = world.delegates[0]
    invited = plan(world.coalition, first, title="Réunion ouverte")
    hidden = plan(world.coalition, first, title="Réunion interne")
    operations.invite_guest_association(invited, guest.association_id, first)
    operations.propose_item(invited, first, title="Épicerie solidaire : le local")
    operations.propose_item(hidden, first, title="Épicerie solidaire : le budget")
    operations.save_minutes(invited, first, "Épicerie solidaire : décision prise.", 0)

    assert [t.split(" — ")[0] for t in found(guest, "reunion", "meeting")] == ["Réunion ouverte"]
    assert names(guest, "epicerie") == ["Épicerie solidaire : le local"]  # no minutes either
    member_sees = {h.kind for h in hits(first, "epicerie")}
    assert member_sees == {"agenda_item", "minutes"}
    assert len(found(first, "reunion", "meeting")) == 2
    # Withdrawing the invitation hides the meeting again, without any reindexing.
    operations.uninvite_guest_association(invited, guest.association_id, first)
    assert found(guest, "reunion") == [] and found(guest, "epicerie") == []


def test_a_guest_member_elsewhere_keeps_seeing_its_own_coalition(db, world, plan, guest, make):
    """The guest condition narrows only the coalitions where the association is a guest."""
    own = make.coalition([guest.association])
    plan(own, guest, title="Réunion de notre collectif")
    plan(world.coalition, world.delegates[0], title="Réunion interne")
    titles = found(guest, "reunion", "meeting")
    assert [t.split(" — ")[0] for t in titles] == ["Réunion de notre collectif"]


def test_the_index_follows_edits(db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first, title="Réunion trimestrielle")
    item = operations.propose_item(meeting, first, title="Colis d'hiver")
    operations.update_meeting(meeting, first, title="Assemblée extraordinaire")
    assert found(first, "trimestrielle") == []
    assert len(found(first, "assemblee extraordinaire", "meeting")) == 1
    # The item's title gives its meeting's date: it follows the meeting's new date.
    operations.update_meeting(meeting, first, starts_at=at(2031, 6, 17))
    assert found(first, "colis", "agenda_item") == ["Colis d'hiver — 17 juin 2031"]
    assert names(first, "colis juin 2031") == ["Colis d'hiver"]
    item.title = "Colis de printemps"
    db.session.flush()
    assert found(first, "hiver") == []
    assert names(first, "printemps") == ["Colis de printemps"]
    speaker = operations.invite_speaker(
        meeting, first, organisation="Office fictif de l'immigration", topic="Titres de séjour"
    )
    assert len(found(first, "sejour", "meeting")) == 1
    speaker.topic = "Allocation pour demandeur d'asile"
    db.session.flush()
    assert found(first, "sejour") == [] and len(found(first, "asile", "meeting")) == 1


def test_the_index_follows_deletions(db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first, title="Réunion éphémère", days=-3)
    kept = plan(world.coalition, first, title="Réunion durable")
    doomed = operations.propose_item(meeting, first, title="Point supprimé", urgent=True)
    other = operations.propose_item(kept, first, title="Point conservé")
    db.session.delete(doomed)
    db.session.flush()
    assert found(first, "supprime") == [] and documents("agenda_item", doomed.id) == 0

    gone = operations.propose_item(meeting, first, title="Point emporté", urgent=True)
    operations.save_minutes(meeting, first, "Compte rendu éphémère.", 0)
    assert found(first, "ephemere", "minutes")
    db.session.delete(meeting)  # the database deletes its agenda items (ON DELETE CASCADE)
    db.session.flush()
    assert found(first, "ephemere") == [] and found(first, "emporte") == []
    assert documents("meeting", meeting.id) == 0 and documents("minutes", meeting.id) == 0
    assert documents("agenda_item", gone.id) == 0
    assert names(first, "conserve") == ["Point conservé"] and documents("agenda_item", other.id)


def test_reindex_command_covers_meetings(app, db, world, plan):
    first = world.delegates[0]
    meeting = plan(world.coalition, first, title="Réunion reconstruite", days=-2)
    operations.propose_item(meeting, first, title="Point reconstruit", urgent=True)
    operations.save_minutes(meeting, first, "Texte reconstruit.", 0)
    db.session.execute(sa.delete(SearchDocument))
    assert found(first, "reconstruit") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    for kind in MEETING_KINDS:
        assert f"{kind}: " in result.output
    assert {h.kind for h in hits(first, "reconstruit")} == MEETING_KINDS
    counts = indexing.reindex_all(db.session, ["minutes"])
    assert counts == {"minutes": 1}


def test_search_page_runs_constant_queries_with_more_meetings(db, world, plan, guest, login_as):
    first = world.delegates[0]

    def grow(n):
        for k in range(n):
            meeting = plan(world.coalition, first, days=10 + k, title=f"Réunion {k}")
            operations.invite_guest_association(meeting, guest.association_id, first)
            for j in range(3):
                operations.propose_item(meeting, first, title=f"Réunion, point {j}")
        db.session.flush()

    grow(1)
    pages = [f"/c/{world.coalition.id}/search?q=reunion", "/search?q=reunion"]
    counts = {}
    for who in (first, guest):
        client = login_as(who)
        client.get(pages[0])
        with count_queries() as q:
            for page in pages:
                assert client.get(page).status_code == 200
        counts[who.id] = (client, len(q))
    grow(15)
    for _who_id, (client, before) in counts.items():
        with count_queries() as q:
            body = "".join(client.get(page).get_data(as_text=True) for page in pages)
        assert len(q) == before
        assert "Réunion 14" in body or "Plus de résultats" in body or "More results" in body


def test_demo_meetings_are_found(db):
    from coordination.demo import data

    world = data.load()
    claire = world.delegates["claire.martin@paniers.example"]
    brie = world.coalitions["brie"].id
    meetings = [h for h in hits(claire, "reunion trimestrielle", coalition_id=brie)]
    assert len(meetings) >= 8 and {h.kind for h in meetings} >= {"meeting", "minutes"}
    assert names(claire, "protection enfance", "agenda_item") == [
        "Protection de l'enfance : les informations préoccupantes"
    ]
    assert found(claire, "fead", "minutes")
    # The guest association (Épicerie) finds the one meeting it is invited to, with its items.
    julie = world.delegates["julie.moreau@epicerie.example"]
    assert len(found(julie, "reunion", "meeting")) == 1
    assert [h for h in hits(julie, "fead") if h.kind in MEETING_KINDS] == []


def test_generated_meetings_are_indexed(db):
    from coordination.coalitions.models import Coalition
    from coordination.demo.generate import generate

    counts = generate(scale=0.02, seed=5)
    assert counts["search_document (meeting)"] == counts["meeting"]
    assert counts["search_document (agenda_item)"] == counts["agenda_item"]
    assert 0 < counts["search_document (minutes)"] < counts["meeting"]
    coalition_id = db.session.scalar(sa.select(sa.func.max(Coalition.id)))
    association_id = db.session.scalar(
        sa.select(Membership.association_id).where(
            Membership.coalition_id == coalition_id, Membership.role == "member"
        )
    )
    viewer = service.viewer_for(association_id)
    results = service.search(viewer, "reunion mensuelle", coalition_id=coalition_id)
    assert results.hits and results.has_next
    assert {h.kind for h in results.hits} <= {"meeting", "minutes"}
