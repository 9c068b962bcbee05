"""Links that must not work: expired, used after the question is settled, tampered, shown on
another object's URL (404), after logging out everywhere or a new password, after the
association left. Each is refused with a clear French page, and nothing is written."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from coordination.answers.models import AnswerLink
from coordination.coalitions.models import Membership
from coordination.consent import service as consent
from coordination.consent.models import DecisionAnswer
from coordination.db import today
from tests.answers.conftest import form_of, link_in


def _no_answer(db) -> bool:
    db.session.expire_all()
    return db.session.scalars(sa.select(DecisionAnswer)).all() == []


@pytest.fixture
def link(world, decision, mailed):
    """The answer link the second association's delegate received for the decision."""
    [message] = mailed(world.delegates[1].email)
    return link_in(message, "decision")


def _refused(response, status: int, title: str) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:300]
    assert '<html lang="fr">' in page and title in page
    assert "Se connecter" in page or "il faudra vous connecter" in page
    return page


def test_an_expired_link_is_refused(app, db, world, decision, link):
    client = app.test_client()
    page = client.get(link).get_data(as_text=True)
    action, token = form_of(page)
    row = db.session.scalars(sa.select(AnswerLink)).first()
    assert row.expires_at == decision.deadline  # the decision's deadline comes first
    with time_machine.travel(decision.deadline + timedelta(minutes=1), tick=False):
        _refused(client.get(link), 410, "Ce lien a expiré")
        response = client.post(action, data={"token": token, "answer": "agree"})
        _refused(response, 410, "Ce lien a expiré")
    assert _no_answer(db)


def test_a_link_is_refused_once_the_decision_is_settled(app, db, world, decision, link):
    client = app.test_client()
    action, token = form_of(client.get(link).get_data(as_text=True))
    consent.withdraw(decision, by=world.delegates[0])
    db.session.commit()
    page = _refused(client.get(link), 410, "Cette question est réglée")
    assert "Cette décision est close" in page
    response = client.post(action, data={"token": token, "answer": "agree"})
    _refused(response, 410, "Cette question est réglée")
    assert _no_answer(db)


def test_a_tampered_token_is_refused(app, db, link):
    client = app.test_client()
    action, token = form_of(client.get(link).get_data(as_text=True))
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    _refused(client.get(link[:-1] + changed[-1]), 403, "Ce lien ne fonctionne pas")
    response = client.post(action, data={"token": changed, "answer": "agree"})
    _refused(response, 403, "Ce lien ne fonctionne pas")
    response = client.post(action, data={"answer": "agree"})  # no token at all
    _refused(response, 403, "Ce lien ne fonctionne pas")
    assert _no_answer(db)


def test_a_token_for_one_object_gives_404_on_any_other(app, db, world, decision, link):
    other = consent.open_decision(
        world.coalition, "coalition.settings", "Autre", by=world.delegates[0]
    )
    db.session.commit()
    client = app.test_client()
    action, token = form_of(client.get(link).get_data(as_text=True))
    cid = world.coalition.id
    for url in (
        link.replace(f"/decision/{decision.id}/", f"/decision/{other.id}/"),
        link.replace(f"/c/{cid}/", f"/c/{world.other_coalition.id}/"),
        link.replace("/reply/decision/", "/reply/poll/"),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        action.replace(f"/decision/{decision.id}", f"/decision/{other.id}"),
        action.replace(f"/c/{cid}/", f"/c/{world.other_coalition.id}/"),
    ):
        response = client.post(url, data={"token": token, "answer": "agree"})
        assert response.status_code == 404, url
    assert _no_answer(db)


def test_logging_out_everywhere_revokes_the_links(app, db, world, link, login_as):
    client = app.test_client()
    action, token = form_of(client.get(link).get_data(as_text=True))
    delegate = login_as(world.delegates[1])
    assert delegate.post("/profile/sessions/end-others").status_code == 302
    page = _refused(client.get(link), 403, "Ce lien ne fonctionne plus")
    assert "déconnecté de tous vos appareils" in page
    response = client.post(action, data={"token": token, "answer": "agree"})
    _refused(response, 403, "Ce lien ne fonctionne plus")
    assert _no_answer(db)


def test_a_new_password_revokes_the_links(app, db, world, link):
    from coordination.accounts import operations as accounts
    from tests.factories import TEST_PASSWORD

    accounts.change_password(world.delegates[1], TEST_PASSWORD, "un autre cheval agrafe", None)
    db.session.commit()
    _refused(app.test_client().get(link), 403, "Ce lien ne fonctionne plus")


def test_a_link_is_refused_once_the_association_left(app, db, world, link):
    membership = db.session.scalars(
        sa.select(Membership).where(Membership.association_id == world.associations[1].id)
    ).one()
    membership.left_on = today()
    db.session.commit()
    client = app.test_client()
    _refused(client.get(link), 403, "Votre association ne participe plus")
    assert _no_answer(db)
