"""Search: accent- and case-insensitive French, prefixes, ranking, isolation between
coalitions, and an index that follows edits, deletions and erasures. The suite runs on
SQLite (FTS5) and on PostgreSQL (fr_unaccent) alike."""

import pytest
import sqlalchemy as sa

from coordination.commitments import operations as commitments
from coordination.directory import operations
from coordination.directory.models import Contact
from coordination.search import indexing, service
from coordination.search.backends import terms
from coordination.search.models import SearchDocument
from coordination.search.registry import Document, Source, register_source, sources


def titles(viewer_user, query, **kw):
    viewer = service.viewer_for(viewer_user.association_id)
    return [h.title for h in service.search(viewer, query, **kw).hits]


def test_accents_and_case_do_not_matter(directory):
    member = directory.member
    operations.create_institution(
        directory.coalition, kind="prefecture", name="Préfecture de Brie", by=member
    )
    assert "Préfecture de Brie" in titles(member, "prefecture")
    assert "Préfecture de Brie" in titles(member, "PRÉFECTURE")
    assert "Isabelle Fontaine" in titles(member, "securite")  # role "Référente sécurité sociale"
    assert "Isabelle Fontaine" in titles(member, "SÉCURITÉ sociale")


def test_prefixes_match(directory):
    member = directory.member
    assert "Isabelle Fontaine" in titles(member, "secu")
    assert "Isabelle Fontaine" in titles(member, "isab font")
    assert "CPAM de Brie-et-Marne — Accueil de Meaux-sur-Brie" in titles(member, "meaux")


def test_every_word_must_match(directory):
    member = directory.member
    assert "Isabelle Fontaine" in titles(member, "fontaine cpam")
    assert titles(member, "fontaine girafe") == []


def test_title_matches_rank_first(directory):
    member = directory.member
    operations.create_institution(
        directory.coalition, kind="other", name="Fontaine solidaire", by=member
    )
    found = titles(member, "fontaine")
    assert set(found) >= {"Fontaine solidaire", "Isabelle Fontaine"}


def test_finds_all_four_kinds(directory):
    member = directory.member
    commitments.create_commitment(
        directory.coalition,
        by=member,
        title="Réouverture d'un accueil CPAM au plus tard en janvier",
        institution_id=directory.institution.id,
        promised_on=operations.local_today(),
    )
    viewer = service.viewer_for(member.association_id)
    kinds = {h.kind for h in service.search(viewer, "cpam").hits}
    assert kinds == {"institution", "office", "contact", "commitment"}


def test_results_never_show_direct_details(directory, login_as):
    page = (
        login_as(directory.member)
        .get(f"/c/{directory.coalition.id}/search?q=fontaine")
        .get_data(as_text=True)
    )
    assert "Isabelle Fontaine" in page
    assert "01 99 00 21 01" not in page
    assert "isabelle.fontaine@cpam.example" not in page


def test_other_coalitions_are_not_searched(directory, make):
    world = directory.world
    assert titles(world.outsider, "fontaine") == []
    assert titles(world.outsider, "cpam") == []
    # The outsider's own directory is found, and only it.
    operations.create_institution(
        world.other_coalition, kind="cpam", name="CPAM voisine", by=world.outsider
    )
    assert titles(world.outsider, "cpam") == ["CPAM voisine"]
    assert "CPAM voisine" not in titles(directory.member, "cpam")


def test_a_coalition_page_searches_that_coalition_only(directory, make):
    member = directory.member
    second = make.coalition([member.association])
    operations.create_institution(second, kind="caf", name="CAF Fontaine", by=member)
    assert set(titles(member, "fontaine")) == {"Isabelle Fontaine", "CAF Fontaine"}
    assert titles(member, "fontaine", coalition_id=second.id) == ["CAF Fontaine"]


def test_guests_find_the_directory_only_when_the_coalition_allows_it(db, directory, make):
    guest_association = make.association()
    guest = make.delegate(guest_association)
    from coordination.coalitions.models import GUEST, Membership

    db.session.add(
        Membership(
            coalition_id=directory.coalition.id, association_id=guest_association.id, role=GUEST
        )
    )
    db.session.flush()
    assert titles(guest, "fontaine") == []
    directory.coalition.guests_see_directory = True
    db.session.flush()
    assert titles(guest, "fontaine") == ["Isabelle Fontaine"]


def test_an_edit_is_found_by_its_new_words_only(db, directory):
    member = directory.member
    operations.update_contact(directory.contact, by=member, name="Jeanne Rivière")
    assert titles(member, "riviere") == ["Jeanne Rivière"]
    assert titles(member, "isabelle") == []


def test_renaming_an_institution_reindexes_its_offices_and_contacts(directory):
    member = directory.member
    operations.update_institution(directory.institution, by=member, name="Assurance maladie 77")
    assert "Assurance maladie 77 — Accueil de Meaux-sur-Brie" in titles(member, "assurance 77")
    viewer = service.viewer_for(member.association_id)
    contact_hits = [h for h in service.search(viewer, "assurance 77").hits if h.kind == "contact"]
    assert [h.title for h in contact_hits] == ["Isabelle Fontaine"]


def test_an_erased_contact_leaves_the_index(db, directory):
    member = directory.member
    operations.erase_contact(directory.contact, by=member)
    assert titles(member, "isabelle") == []
    assert titles(member, "fontaine") == []
    left = db.session.scalar(
        sa.select(sa.func.count(SearchDocument.id)).where(
            SearchDocument.kind == "contact", SearchDocument.object_id == directory.contact.id
        )
    )
    assert left == 0


def test_a_deleted_row_leaves_the_index(db, directory):
    member = directory.member
    institution = operations.create_institution(
        directory.coalition, kind="other", name="Banque fictive", by=member
    )
    assert titles(member, "banque") == ["Banque fictive"]
    db.session.delete(institution)
    db.session.flush()
    assert titles(member, "banque") == []


def test_a_rollback_undoes_the_index_too(app, db, directory):
    member = directory.member
    nested = db.session.begin_nested()
    operations.create_institution(directory.coalition, kind="other", name="Éphémère", by=member)
    assert titles(member, "ephemere") == ["Éphémère"]
    nested.rollback()
    assert titles(member, "ephemere") == []


def test_a_follow_up_note_is_searchable(directory):
    member = directory.member
    promise = commitments.create_commitment(
        directory.coalition,
        by=member,
        title="Permanence mensuelle",
        institution_id=directory.institution.id,
        promised_on=operations.local_today(),
    )
    assert titles(member, "travaux") == []
    commitments.follow_up(promise, by=member, note="Reportée pour cause de travaux")
    assert titles(member, "travaux") == ["Permanence mensuelle"]


def test_reindex_all_rebuilds_a_lost_index(db, directory):
    member = directory.member
    db.session.execute(sa.delete(SearchDocument))
    assert titles(member, "fontaine") == []
    counts = indexing.reindex_all(db.session)
    assert counts["contact"] >= 1
    assert titles(member, "fontaine") == ["Isabelle Fontaine"]


def test_a_document_moved_to_another_coalition_is_found_there_only(db, directory, make):
    """The full-text index keeps each document's coalition (SQLite filters on it in the
    index itself): a change of coalition behind the session's back follows too."""
    member = directory.member
    second = make.coalition([member.association])
    operations.create_institution(
        directory.coalition, kind="other", name="Guichet nomade", by=member
    )
    assert titles(member, "nomade", coalition_id=directory.coalition.id) == ["Guichet nomade"]
    db.session.execute(
        sa.update(SearchDocument)
        .where(SearchDocument.title == "Guichet nomade")
        .values(coalition_id=second.id)
    )
    assert titles(member, "nomade", coalition_id=directory.coalition.id) == []
    assert titles(member, "nomade", coalition_id=second.id) == ["Guichet nomade"]
    assert titles(member, "nomade") == ["Guichet nomade"]


def test_words_are_not_looked_for_in_the_coalition_number(directory):
    member = directory.member
    number = str(directory.coalition.id)
    viewer = service.viewer_for(member.association_id)
    for hit in service.search(viewer, number, per_page=100).hits:
        assert number in hit.title + str(hit.snippet), hit


def test_query_words_cannot_inject_operators():
    assert terms('cpam" OR title:*') == ["cpam", "OR", "title"]
    assert terms("l'accueil de la CPAM") == ["accueil", "CPAM"]
    assert terms("a") == []
    assert terms("77") == ["77"]


@pytest.mark.parametrize("query", ['"', "*", "AND", "NEAR(", "-", "'", "()"])
def test_odd_queries_do_not_crash(directory, login_as, query):
    response = login_as(directory.member).get(
        f"/c/{directory.coalition.id}/search", query_string={"q": query}
    )
    assert response.status_code == 200


def test_a_new_source_can_be_registered(db, directory):
    """The registry API that meetings and statements will use."""
    calls = []

    def build(session, ids):
        calls.append(list(ids))
        rows = session.execute(
            sa.select(Contact.id, Contact.coalition_id, Contact.role).where(Contact.id.in_(ids))
        )
        return [
            Document(
                r.coalition_id,
                "test_role",
                r.id,
                f"Rôle : {r.role}",
                "",
                "directory.contact",
                {"contact_id": r.id},
            )
            for r in rows
        ]

    register_source(Source(kind="test_role", label="Rôle", model=Contact, build=build, order=99))
    try:
        operations.update_contact(directory.contact, by=directory.member, role="Médiatrice")
        assert calls and directory.contact.id in calls[-1]
        viewer = service.viewer_for(directory.member.association_id)
        hits = service.search(viewer, "mediatrice").hits
        assert {h.kind for h in hits} == {"contact", "test_role"}
        assert any(h.url.endswith(f"/contacts/{directory.contact.id}") for h in hits)
    finally:
        from coordination.search import registry

        registry._sources.pop("test_role", None)
    assert "test_role" not in [s.kind for s in sources()]


def test_search_pages_run_constant_queries(db, directory, login_as):
    from tests.conftest import count_queries

    member = directory.member
    client = login_as(member)
    url = f"/c/{directory.coalition.id}/search?q=fiche"
    everywhere = "/search?q=fiche"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
        assert client.get(everywhere).status_code == 200
    for n in range(30):
        operations.create_contact(
            directory.coalition,
            directory.institution,
            by=member,
            name=f"Fiche {n}",
            role="Agent d'accueil",
        )
    db.session.flush()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
        client.get(everywhere)
    assert "Fiche" in page and ("More results" in page or "Plus de résultats" in page)
    assert len(many) == len(few)
