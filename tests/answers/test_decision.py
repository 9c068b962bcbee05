"""A collective decision answered from the reminder's e-mail, without logging in."""

import re

import sqlalchemy as sa

from coordination.coalitions.models import LogEntry
from coordination.consent.models import DecisionAnswer
from tests.answers.conftest import answer, html_of, link_in, opened, text_of


def _answers(db, decision):
    db.session.expire_all()  # the requests committed in their own sessions
    return db.session.scalars(
        sa.select(DecisionAnswer).where(DecisionAnswer.decision_id == decision.id)
    ).all()


def test_a_decision_is_answered_from_the_email(app, db, world, decision, mailed, login_as):
    delegate = world.delegates[1]
    [message] = mailed(delegate.email)
    association = world.associations[1].name
    assert f"Répondre pour {association} sans vous connecter" in text_of(message)
    assert f"Répondre pour {association} sans vous connecter" in html_of(message)
    url = link_in(message, "decision")
    client = app.test_client()

    text = opened(client, db, url)  # GET changes nothing
    assert decision.title in text and f"Envoyer la réponse de {association}" in text
    assert 'name="csrf_token"' not in text  # the link's token protects the form
    assert _answers(db, decision) == []  # opening the page changes nothing

    response = answer(client, url, {"answer": "object", "reason": ""})
    assert response.status_code == 400
    assert "Une objection" in response.get_data(as_text=True)
    assert _answers(db, decision) == []

    response = answer(client, url, {"answer": "agree"})
    assert response.status_code == 302 and response.location.endswith("?done=1")
    [row] = _answers(db, decision)
    assert (row.association_id, row.answer, row.user_id, row.via) == (
        world.associations[1].id,
        "agree",
        delegate.id,
        "email",
    )
    entry = db.session.scalars(
        sa.select(LogEntry).where(LogEntry.action == "decision.answered")
    ).one()
    assert entry.via == "email" and entry.user_id == delegate.id

    # The history says how the answer came, on the decision page and in the coalition's log.
    other = login_as(world.delegates[0])
    detail = other.get(f"/c/{world.coalition.id}/decisions/{decision.id}").get_data(as_text=True)
    assert "par le lien du courriel" in detail
    log = other.get(f"/c/{world.coalition.id}/log").get_data(as_text=True)
    assert "par le lien du courriel" in log

    # A second click shows the recorded answer and lets the association change it.
    again = client.get(url).get_data(as_text=True)
    assert "Réponse actuelle de" in again
    assert re.search(r'<input[^>]*(checked[^>]*value="agree"|value="agree"[^>]*checked)', again)
    response = answer(client, url, {"answer": "abstain"})
    assert response.status_code == 302
    [row] = _answers(db, decision)
    assert row.answer == "abstain"
