"""No account enumeration (ASVS 5.0): login, password reset and invitation answer the same
for a known, a withdrawn and an unknown address. Asserted without timing: the same number
of Argon2 verifications and hashes during the request, the same status, location and body
(CSRF tokens and the typed address normalised), and no e-mail built before the response is
closed (it is looked up, built and sent after it, see coordination/web/after_response.py).
"""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from coordination.accounts.models import AccountToken
from coordination.accounts.passwords import check_login, dummy_hash
from coordination.db import utcnow
from tests.conftest import outbox_messages
from tests.factories import TEST_PASSWORD

UNKNOWN = "personne.inconnue@nulle-part.example"


class Argon2Spy:
    def __init__(self):
        self.verify = 0
        self.hash = 0


@pytest.fixture
def argon2(app, db, monkeypatch):
    spy = Argon2Spy()
    real_verify, real_hash = PasswordHasher.verify, PasswordHasher.hash

    def verify(self, *args, **kwargs):
        spy.verify += 1
        return real_verify(self, *args, **kwargs)

    def hash_(self, *args, **kwargs):
        spy.hash += 1
        return real_hash(self, *args, **kwargs)

    dummy_hash()  # made once per process, for known and unknown alike: not counted here
    monkeypatch.setattr(PasswordHasher, "verify", verify)
    monkeypatch.setattr(PasswordHasher, "hash", hash_)
    return spy


def _csrf(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _normalise(body: str, email: str) -> str:
    body = re.sub(r'(name="csrf_token" type="hidden" value=")[^"]+', r"\1CSRF", body)
    body = re.sub(r'(name="csrf_token" value=")[^"]+', r"\1CSRF", body)
    return body.replace(email, "EMAIL")


def _answer(response, email):
    return (
        response.status_code,
        response.headers.get("Location"),
        _normalise(response.get_data(as_text=True), email),
    )


def _post_counted(argon2, client, url, data, email):
    """POST and return (verifications, hashes, answer); the response is not closed yet."""
    before = (argon2.verify, argon2.hash)
    response = client.post(url, data=data)
    counts = (argon2.verify - before[0], argon2.hash - before[1])
    return counts, _answer(response, email), response


def test_login_checks_one_hash_and_answers_alike_for_known_withdrawn_unknown(app, db, make, argon2):
    known, withdrawn = make.delegate(), make.delegate()
    withdrawn.active = False
    db.session.commit()
    answers = {}
    for label, email in (
        ("known", known.email),
        ("withdrawn", withdrawn.email),
        ("unknown", UNKNOWN),
    ):
        client = app.test_client()
        data = {"email": email, "password": "pas le bon mot de passe", "csrf_token": ""}
        data["csrf_token"] = _csrf(client, "/login")
        counts, answer, _response = _post_counted(argon2, client, "/login", data, email)
        answers[label] = (counts, answer)
        print(f"login {label}: {counts[0]} Argon2 verification(s), {counts[1]} hash(es)")
    assert answers["known"][0] == (1, 0)
    assert answers["known"] == answers["withdrawn"] == answers["unknown"]
    assert answers["known"][1][0] == 200 and "non reconnu" in answers["known"][1][2]


def test_withdrawn_account_with_its_right_password_is_refused_after_one_check(
    app, db, make, argon2
):
    user = make.delegate()
    user.active = False
    assert check_login(user, TEST_PASSWORD) is False
    assert argon2.verify == 1


def test_the_dummy_hash_uses_the_configured_parameters(app):
    with app.app_context():
        params = PasswordHasher().hash("x").split("$")[3]
        dummy = dummy_hash()
    cfg = app.config
    assert dummy.startswith("$argon2id$")
    assert dummy.split("$")[3] == (
        f"m={cfg['ARGON2_MEMORY_COST']},t={cfg['ARGON2_TIME_COST']},p={cfg['ARGON2_PARALLELISM']}"
    )
    assert params != dummy.split("$")[3]  # not the library's defaults: the app's settings


def test_password_reset_answers_alike_and_mails_only_after_the_response(app, db, make, argon2):
    known, withdrawn = make.delegate(), make.delegate()
    withdrawn.active = False
    db.session.commit()
    answers, responses = {}, {}
    mails_before = {e: len(outbox_messages(app, e)) for e in (known.email, withdrawn.email)}
    for label, email in (
        ("known", known.email),
        ("withdrawn", withdrawn.email),
        ("unknown", UNKNOWN),
    ):
        client = app.test_client()
        data = {"email": email, "csrf_token": _csrf(client, "/password/forgotten")}
        counts, answer, response = _post_counted(argon2, client, "/password/forgotten", data, email)
        answers[label], responses[label] = (counts, answer), response
        followed = client.get(answer[1])
        answers[label] += (_answer(followed, email),)
        print(f"reset {label}: {counts[0]} Argon2 verification(s), {counts[1]} hash(es)")
    assert answers["known"][0] == (0, 0)
    assert answers["known"] == answers["withdrawn"] == answers["unknown"]
    assert "Si cette adresse" in answers["known"][2][2]
    # Nothing was looked up or built for the known address while answering.
    assert len(outbox_messages(app, known.email)) == mails_before[known.email]
    for response in responses.values():
        response.close()  # what the WSGI server does once the answer is sent
    assert len(outbox_messages(app, known.email)) == mails_before[known.email] + 1
    assert len(outbox_messages(app, withdrawn.email)) == mails_before[withdrawn.email]
    assert outbox_messages(app, UNKNOWN) == []


def test_invitation_answers_alike_for_an_address_with_or_without_an_account(
    app, db, make, login_as, argon2
):
    inviter = make.delegate()
    elsewhere = make.delegate(email="deja.inscrite@autre-asso.example")
    fresh = "pas.encore.inscrite@asso.example"
    client = login_as(inviter)
    answers, responses, hidden = {}, {}, {}
    for label, email in (("existing", elsewhere.email), ("new", fresh)):
        data = {
            "email": email,
            "name": "Camille Exemple",
            "csrf_token": client.csrf_token("/association/delegates"),
        }
        counts, answer, response = _post_counted(
            argon2, client.client, "/association/delegates", data, email
        )
        followed = client.get(answer[1])
        answers[label] = (counts, answer, _answer(followed, email))
        responses[label] = response
        # Each address is compared on a page listing only its own pending invitation.
        for row in db.session.scalars(sa.select(AccountToken).where(AccountToken.email == email)):
            hidden[email] = row
            row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        print(f"invitation {label}: {counts[0]} Argon2 verification(s), {counts[1]} hash(es)")
    assert answers["existing"][0] == (0, 0)
    assert answers["existing"] == answers["new"]
    assert answers["new"][1][0] == 302
    assert "Invitation envoyée à EMAIL" in answers["new"][2][2]
    assert outbox_messages(app, fresh) == []
    for row in hidden.values():
        row.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    for response in responses.values():
        response.close()
    [invited] = outbox_messages(app, fresh)
    assert "/invitation/" in invited.get_body(("plain",)).get_content()
    [notice] = outbox_messages(app, elsewhere.email)
    text = notice.get_body(("plain",)).get_content()
    assert "/invitation/" not in text and "/login" in text
    assert "déjà un compte" in notice["Subject"]


def test_a_mail_job_whose_request_was_rolled_back_sends_nothing(app, db, make):
    from coordination.accounts import operations
    from coordination.web.after_response import run_now

    inviter = make.delegate()
    with app.test_request_context("/", method="POST"):
        row, token = operations.invite_delegate(inviter, "annulee@asso.example")
        row_id = row.id
        db.session.rollback()
    run_now(app, lambda: operations._send_invitation(row_id, token, inviter.id, "fr"))
    assert outbox_messages(app, "annulee@asso.example") == []
