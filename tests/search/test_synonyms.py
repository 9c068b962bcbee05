"""Search that speaks like a volunteer: "sécu" is the CPAM, "alloc" the CAF, on the demo's
directory, on both engines; each coalition adds its own words; excerpts show the matched
words in context, marked and escaped."""

import re
import time

import pytest

from coordination.demo import data
from coordination.directory import operations
from coordination.search import service, synonyms
from coordination.search.backends import highlight
from coordination.search.models import SearchSynonym
from coordination.search.synonyms import Alt, expand
from tests.conftest import login

BRIE = "Concertation solidaire de Brie-et-Marne"


@pytest.fixture
def demo(db):
    world = data.load()
    db.session.flush()
    return world


def hits(user, query, coalition=None):
    viewer = service.viewer_for(user.association_id)
    found = service.search(
        viewer, query, coalition_id=coalition.id if coalition else None, per_page=50
    )
    return found.hits


def test_the_defaults_are_a_readable_data_file():
    entries = synonyms.defaults()
    means = {e.means for e in entries}
    assert {"CPAM", "CAF", "France Travail", "Préfecture", "CCAS", "MDS"} <= means
    topics = {w for e in entries for w in e.words}
    assert {"AME", "CMU", "C2S", "RSA", "APL", "sécu", "alloc", "pôle emploi"} <= topics


def test_expansion_is_accent_and_case_insensitive_and_whole_phrases_first():
    entries = synonyms.defaults()
    for typed in (["sécu"], ["SECU"], ["Sécurité", "Sociale"], ["securite", "sociale"]):
        (group,) = expand(typed, entries)
        assert group[0].prefix
        assert Alt(("cpam",)) in group, typed
    groups = expand(["alloc", "meaux"], entries)
    assert Alt(("caf",)) in groups[0]
    assert groups[1] == [Alt(("meaux",), prefix=True)]
    # The meaning alone is not expanded: "CCAS" does not bring every town hall.
    assert expand(["ccas"], entries) == [[Alt(("ccas",), prefix=True)]]
    assert Alt(("ccas",)) in expand(["Mairie"], entries)[0]


def test_a_data_line_is_parsed_or_ignored():
    assert synonyms.parse_line("la sécu, l'assurance maladie => CPAM  # note") == (
        ["la sécu", "l'assurance maladie"],
        "CPAM",
    )
    assert synonyms.parse_line("# comment => nothing") is None
    assert synonyms.parse_line("no arrow here") is None
    assert synonyms.parse_line(" => CPAM") is None


def test_the_defaults_index_built_once_gives_the_same_expansion():
    """The defaults' index is built once per process (synonyms._defaults_index); with a
    coalition's own entries after them (one overlapping a default expression) the index is
    the one built from scratch, and the shared one is left untouched."""
    own = [
        synonyms.Entry(("sécu", "la caisse"), "Accueil santé", 1, 1),
        synonyms.Entry(("cantine",), "restauration scolaire", 1, 2),
    ]
    entries = [*synonyms.defaults(), *own]
    scratch: dict = {}
    synonyms._add_to_index(scratch, entries)
    before = {typed: list(alts) for typed, alts in synonyms._defaults_index().items()}
    assert synonyms._index(entries) == scratch
    assert synonyms._index(own) != scratch  # without the defaults: built from these only
    assert synonyms._defaults_index() == before
    assert expand(["secu"], entries)[0][-1] == Alt(("accueil", "sante"))


@pytest.mark.parametrize("query", ["sécu", "securite sociale", "Sécurité sociale", "SECU"])
def test_secu_finds_the_demo_cpam_first(demo, query):
    claire = demo.delegates["claire.martin@paniers.example"]
    brie = demo.coalitions["brie"]
    found = hits(claire, query)
    assert found, query
    assert found[0].title == "CPAM de Brie-et-Marne"
    top = [h.title for h in found[:3]]
    assert "CPAM de Brie-et-Marne — Accueil de Meaux-sur-Brie" in top
    assert {h.coalition_id for h in found} == {brie.id}


def test_alloc_finds_the_demo_caf_first(demo):
    claire = demo.delegates["claire.martin@paniers.example"]
    found = hits(claire, "alloc")
    assert found[0].title == "CAF de Brie-et-Marne"
    # The CAF's office among the first five (a statement, a commitment and a campaign
    # about the CAF may come before it), and every one of them about the CAF.
    assert any(h.title.startswith("CAF de Brie-et-Marne — ") for h in found[:5])
    assert all("CAF" in h.title or "CAF" in h.snippet for h in found[:5])
    assert "<mark>" in str(found[0].snippet) or "<mark>" in str(found[1].snippet)


def test_a_coalition_search_never_shows_another_coalitions_entries(demo):
    """Entraide Marnaise is in both coalitions: each coalition's page shows its own CPAM."""
    sophie = demo.delegates["sophie.garnier@entraide.example"]
    brie, tilleuls = demo.coalitions["brie"], demo.coalitions["tilleuls"]
    for query in ("sécu", "securite sociale", "alloc"):
        assert {h.coalition_id for h in hits(sophie, query, brie)} == {brie.id}
    found = hits(sophie, "sécu", tilleuls)
    assert found[0].title == "CPAM d'Ille-Fictive"
    assert {h.coalition_id for h in found} == {tilleuls.id}
    everywhere = {h.coalition_name for h in hits(sophie, "sécu")}
    assert everywhere == {BRIE, "Collectif du quartier des Tilleuls"}


def test_topics_find_who_handles_them(demo):
    claire = demo.delegates["claire.martin@paniers.example"]
    assert "CPAM de Brie-et-Marne" in [h.title for h in hits(claire, "AME")]
    assert "CPAM de Brie-et-Marne" in [h.title for h in hits(claire, "c2s")]
    assert "CAF de Brie-et-Marne" in [h.title for h in hits(claire, "APL")]
    assert hits(claire, "pôle emploi")[0].title == "France Travail Meaux-sur-Brie"
    assert "Préfecture de Brie-et-Marne" in [h.title for h in hits(claire, "préf")[:3]]


def test_a_coalition_adds_its_own_words(db, demo):
    claire = demo.delegates["claire.martin@paniers.example"]
    brie, tilleuls = demo.coalitions["brie"], demo.coalitions["tilleuls"]
    assert hits(claire, "guichet rose") == []
    db.session.add(SearchSynonym(coalition_id=brie.id, words="guichet rose", means="CPAM"))
    db.session.flush()
    assert hits(claire, "guichet rose")[0].title == "CPAM de Brie-et-Marne"
    nadia = demo.delegates["nadia.haddad@tilleuls.example"]
    assert hits(nadia, "guichet rose", tilleuls) == []  # another coalition's words


def test_excerpts_show_matched_words_in_context(demo):
    claire = demo.delegates["claire.martin@paniers.example"]
    office = next(
        h for h in hits(claire, "sans rendez-vous") if h.title.endswith("Accueil de Meaux-sur-Brie")
    )
    text = str(office.snippet)
    assert "<mark>" in text and "</mark>" in text
    assert "\n" not in text


def test_excerpts_are_escaped_never_markup(db, demo):
    claire = demo.delegates["claire.martin@paniers.example"]
    brie = demo.coalitions["brie"]
    payload = '<script>alert(1)</script><mark onclick="x">piège</mark> \x02zébulon\x03 <b>'
    operations.create_institution(
        brie, kind="other", name="Zébulon solidaire", territory="", by=claire
    ).notes = payload
    db.session.flush()
    (hit,) = [h for h in hits(claire, "zebulon") if h.title == "Zébulon solidaire"]
    text = str(hit.snippet)
    # SQLite shows the payload escaped; PostgreSQL's ts_headline drops tags itself.
    assert set(re.findall(r"<[^>]*>", text)) == {"<mark>", "</mark>"}, text
    assert text.count("<mark>") == text.count("</mark>") == 1
    assert "alert(1)" in text and "<mark>zébulon</mark>" in text
    assert highlight("a \x02<i>b</i>\x03\nc") == "a <mark>&lt;i&gt;b&lt;/i&gt;</mark> · c"


def test_the_results_page_shows_marked_excerpts(app, demo):
    claire = demo.delegates["claire.martin@paniers.example"]
    client = login(app.test_client(), claire, data.DEMO_PASSWORD)
    page = client.get(f"/c/{demo.coalitions['brie'].id}/search?q=s%C3%A9cu").get_data(as_text=True)
    assert "CPAM de Brie-et-Marne" in page
    assert "<mark>" in page
    assert "Ille-Fictive" not in page


def test_search_stays_fast_with_synonyms(demo):
    claire = demo.delegates["claire.martin@paniers.example"]
    hits(claire, "sécu")
    started = time.perf_counter()
    for query in ("sécu", "securite sociale", "alloc", "mairie meaux", "pôle emploi"):
        hits(claire, query)
    elapsed = (time.perf_counter() - started) / 5
    print(f"\nmean search time: {elapsed * 1000:.1f} ms")
    assert elapsed < 0.5


def test_a_member_adds_and_removes_words_on_the_coalition_page(db, directory, login_as):
    from coordination.coalitions.models import LogEntry

    client = login_as(directory.member)
    url = f"/c/{directory.coalition.id}/search/words"
    page = client.get(url).get_data(as_text=True)
    assert "sécu, sécurité sociale" in page and "CPAM" in page
    response = client.post(url, {"words": "la caisse, le guichet bleu", "means": "CPAM"})
    assert response.status_code == 302
    (entry,) = db.session.query(SearchSynonym).filter_by(coalition_id=directory.coalition.id)
    assert (entry.words, entry.means) == ("la caisse, le guichet bleu", "CPAM")
    assert "Isabelle Fontaine" in [h.title for h in hits(directory.member, "guichet bleu")]
    log = db.session.query(LogEntry).filter_by(coalition_id=entry.coalition_id)
    actions = [e.action for e in log]
    assert "search.synonym_added" in actions

    refused = client.post(url, {"words": "de, la", "means": "CPAM"})
    assert refused.status_code == 400
    assert "de, la" in refused.get_data(as_text=True)  # what was typed is kept

    removed = client.post(f"{url}/{entry.id}/remove")
    assert removed.status_code == 302
    assert db.session.query(SearchSynonym).count() == 0


def test_guests_and_other_coalitions_cannot_edit_the_words(db, directory, make, login_as):
    outsider = make.delegate()
    client = login_as(outsider)
    url = f"/c/{directory.coalition.id}/search/words"
    assert client.get(url).status_code == 404
    assert client.post(url, {"words": "x1", "means": "CPAM"}).status_code == 404
