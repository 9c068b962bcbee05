"""Plain French, one word per thing (issue 12, part 5): the collective's word, the log and
the decision history in words, plurals, formatting help with a preview, the plain-text
download. The crawl of every page is tests/security/test_french_words.py."""

import re
from datetime import UTC, datetime

import pytest

from coordination.coalitions import operations as coalitions
from coordination.coalitions import transparency
from coordination.consent import service
from coordination.statements import operations as statements
from coordination.statements import signoff
from tests.test_i18n import french_strings


@pytest.fixture
def world(make):
    return make.world(n_members=3)


def test_no_french_translation_says_coalition():
    """The glossary word is "collectif" (README, For developers): never "coalition"."""
    found = [
        text
        for text in french_strings()
        if re.search(r"\bcoalitions?\b", re.sub(r"%\(\w+\)s", "", text), re.I)
    ]
    assert found == []


def test_the_log_shows_answers_fields_and_dates_in_words(db, world, login_as, app):
    decision = service.open_decision(
        world.coalition,
        coalitions.SETTINGS,
        "Changer le rythme",
        by=world.delegates[0],
        payload={"changes": {"cadence_months": 4}},
    )
    service.answer(decision, by=world.delegates[0], value="agree")
    service.answer(decision, by=world.delegates[1], value="abstain")
    service.answer(decision, by=world.delegates[2], value="agree")
    transparency.record(world.coalition.id, "meeting.held", "2027-01-14 18:00")
    db.session.flush()
    log = login_as(world.delegates[0]).get(f"/c/{world.coalition.id}/log").get_data(as_text=True)
    assert "Changer le rythme — est d’accord" in log
    assert "Changer le rythme — s’abstient" in log
    assert "— agree" not in log and "— abstain" not in log
    assert "cadence_months" not in log and "Nombre de mois entre les réunions régulières = 4" in log
    assert "14 janvier 2027, 18:00" in log
    assert "2027-01-14" not in log
    # Entry times in words too, not 07/12/2026 02:26.
    assert not re.search(r"\d\d/\d\d/\d{4}", log)


def _fr(app, text):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("fr"):
        return gettext(text)


def test_summary_text_is_a_pure_display_of_stored_codes(app):
    with app.test_request_context():
        assert transparency.summary_text("decision.answered", "Titre — object").endswith(
            _fr(app, "objects")
        )
        # A title that merely ends with a code-like word of another action is left alone.
        assert transparency.summary_text("meeting.planned", "Atelier — agree") == "Atelier — agree"
        assert transparency.summary_text("x", "le 2027-02-30 10:00") == "le 2027-02-30 10:00"


def test_sign_off_decision_text_is_translated(db, world, login_as):
    statement = statements.create_statement(
        world.coalition, by=world.delegates[0], title="Texte", recipient="CAF", body="Demande.\n"
    )
    decision = signoff.open_consultation(statement, by=world.delegates[0])
    assert "Texte de la version 1" in decision.description
    assert "Text of revision" not in decision.description


def test_plurals_follow_the_count(db, world, login_as):
    statement = statements.create_statement(
        world.coalition, by=world.delegates[0], title="Texte", recipient="CAF", body="Demande.\n"
    )
    statements.add_comment(statement, by=world.delegates[1], body="Une remarque")
    page = (
        login_as(world.delegates[0])
        .get(f"/c/{world.coalition.id}/statements/{statement.id}")
        .get_data(as_text=True)
    )
    assert "Commentaires (1 ouvert)" in page
    assert "Les 1 versions" not in page and "La seule version" in page


def test_formatting_help_in_plain_words_and_a_preview_without_javascript(db, world, login_as):
    client = login_as(world.delegates[0])
    url = f"/c/{world.coalition.id}/statements/new"
    page = client.get(url).get_data(as_text=True)
    assert "Markdown" not in page
    assert "Mise en forme : **gras**" in page
    button = re.search(r'<button type="submit" class="button" name="preview"[^>]*>', page)[0]
    assert 'formaction="/preview"' in button and 'formtarget="_blank"' in button
    # The save button comes first: Enter in a field saves, it does not preview.
    assert page.index("Enregistrer le brouillon") < page.index('name="preview"')
    body = "Nous demandons :\n\n- un **rendez-vous**\n- <script>alert(1)</script>"
    shown = client.post("/preview", {"title": "T", "body": body, "preview": "body"}, token_from=url)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "<strong>rendez-vous</strong>" in html and "<li>" in html
    assert "<script>alert" not in html
    assert "Rien n’est encore enregistré" in html
    fragment = client.post(
        "/preview",
        {"body": "**gras**", "preview": "body"},
        token_from=url,
        headers={"X-Preview": "fragment"},
    ).get_data(as_text=True)
    assert "<strong>gras</strong>" in fragment and "<html" not in fragment
    empty = client.post("/preview", {"preview": "nothing"}, token_from=url)
    assert empty.status_code == 200 and "Le texte est vide." in empty.get_data(as_text=True)


def test_the_preview_needs_a_login_and_the_csrf_token(client):
    assert client.post("/preview", data={"preview": "body", "body": "x"}).status_code in (
        302,
        400,
    )


def test_the_download_is_plain_text_for_people(db, world, login_as):
    statement = statements.create_statement(
        world.coalition, by=world.delegates[0], title="Texte", recipient="CAF", body="Demande.\n"
    )
    page = (
        login_as(world.delegates[0])
        .get(f"/c/{world.coalition.id}/statements/{statement.id}")
        .get_data(as_text=True)
    )
    assert "Texte brut" in page and "Markdown" not in page


def test_dates_of_the_decision_history_are_in_words(db, world, login_as):
    decision = service.open_decision(
        world.coalition,
        coalitions.SETTINGS,
        "Une décision",
        by=world.delegates[0],
        payload={"changes": {}},
        now=datetime(2026, 11, 3, 9, 30, tzinfo=UTC),
        deadline=datetime(2036, 1, 1, tzinfo=UTC),
    )
    page = (
        login_as(world.delegates[0])
        .get(f"/c/{world.coalition.id}/decisions/{decision.id}")
        .get_data(as_text=True)
    )
    assert "3 novembre 2026, 10:30" in page
