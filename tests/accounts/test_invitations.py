import re
from datetime import timedelta

import time_machine

from coordination.accounts import tokens
from coordination.accounts.models import User
from coordination.db import utcnow
from tests.conftest import last_mail_text


def _invite(login_as, inviter, email="nouvelle@asso.example"):
    c = login_as(inviter)
    response = c.post(
        "/association/delegates",
        {"email": email, "name": "Nouvelle Déléguée"},
        token_from="/association/delegates",
    )
    assert response.status_code == 302
    response.close()  # the server closes the response: the e-mail goes out after it
    return c


def _link_from_outbox(app, email):
    return re.search(r"https?://\S+/invitation/(\S+)", last_mail_text(app, email)).group(1)


def _accept(app, token, password="une phrase bien choisie"):
    client = app.test_client()
    page = client.get(f"/invitation/{token}")
    if page.status_code != 200:
        return page
    csrf = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)
    ).group(1)
    return client.post(
        f"/invitation/{token}",
        data={
            "name": "Nouvelle Déléguée",
            "password": password,
            "locale": "fr",
            "csrf_token": csrf,
        },
    )


def test_invitation_creates_a_delegate_of_the_same_association(app, db, make, login_as):
    inviter = make.delegate()
    _invite(login_as, inviter)
    token = _link_from_outbox(app, "nouvelle@asso.example")
    response = _accept(app, token)
    assert response.status_code == 302
    created = db.session.query(User).filter_by(email="nouvelle@asso.example").one()
    assert created.association_id == inviter.association_id


def test_invitation_link_works_only_once(app, db, make, login_as):
    inviter = make.delegate()
    _invite(login_as, inviter, "unique@asso.example")
    token = _link_from_outbox(app, "unique@asso.example")
    assert _accept(app, token).status_code == 302
    second = _accept(app, token)
    assert second.status_code == 404
    assert "plus valable" in second.get_data(as_text=True)


def test_invitation_expires(app, db, make):
    inviter = make.delegate()
    row, token = tokens.issue(
        "invite",
        "late@asso.example",
        timedelta(days=7),
        association_id=inviter.association_id,
        created_by_id=inviter.id,
    )
    assert tokens.find_valid("invite", token) is not None
    with time_machine.travel(utcnow() + timedelta(days=7, minutes=1)):
        assert tokens.find_valid("invite", token) is None
        assert _accept(app, token).status_code == 404


def test_token_of_one_purpose_is_not_accepted_for_another(db, make):
    user = make.delegate()
    _row, token = tokens.issue("reset", user.email, timedelta(hours=2), user_id=user.id)
    assert tokens.find_valid("invite", token) is None
    assert tokens.find_valid("reset", token) is not None


def test_consume_is_single_use_even_in_a_race(db, make):
    user = make.delegate()
    row, _token = tokens.issue("reset", user.email, timedelta(hours=2), user_id=user.id)
    assert tokens.consume(row) is True
    assert tokens.consume(row) is False


def test_password_reset_flow_ends_all_sessions(app, db, make, login_as):
    user = make.delegate()
    phone = login_as(user)
    client = app.test_client()
    page = client.get("/password/forgotten").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/password/forgotten", data={"email": user.email, "csrf_token": csrf}).close()
    token = re.search(r"/password/reset/(\S+)", last_mail_text(app, user.email)).group(1)
    page = client.get(f"/password/reset/{token}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    done = client.post(
        f"/password/reset/{token}",
        data={"password": "une toute nouvelle phrase", "csrf_token": csrf},
    )
    assert done.status_code == 302
    assert phone.get("/").status_code == 302


def test_unknown_address_for_reset_reveals_nothing(app, client, db):
    page = client.get("/password/forgotten").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/password/forgotten",
        data={"email": "nobody@nowhere.example", "csrf_token": csrf},
        follow_redirects=True,
    )
    assert "Si cette adresse" in response.get_data(as_text=True)


def test_withdrawn_delegate_cannot_log_in_and_only_own_association_withdraws(
    app, db, make, login_as
):
    association = make.association()
    alice, bob = make.delegate(association), make.delegate(association)
    stranger = make.delegate()
    c = login_as(stranger)
    assert (
        c.post(
            f"/association/delegates/{bob.id}/withdraw", token_from="/association/delegates"
        ).status_code
        == 404
    )
    bob_client = login_as(bob)
    c = login_as(alice)
    c.post(f"/association/delegates/{bob.id}/withdraw", token_from="/association/delegates")
    db.session.refresh(bob)
    assert bob.active is False
    assert bob_client.get("/").status_code == 302
