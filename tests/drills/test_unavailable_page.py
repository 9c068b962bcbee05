"""The 503 page of the drills, quickly: a lost database connection in the middle of a
write answers a French page that keeps what was sent and can send it again."""

import sqlalchemy as sa

from coordination.accounts import operations
from coordination.web.errors import is_disk_full


def _lost(*_args, **_kwargs):
    raise sa.exc.OperationalError(
        "UPDATE user", {}, Exception("server closed the connection unexpectedly")
    )


def test_a_lost_connection_answers_503_in_french_with_the_text_kept(make, login_as, monkeypatch):
    user = make.delegate()
    client = login_as(user)
    monkeypatch.setattr(operations, "update_profile", _lost)
    response = client.post(
        "/profile", {"name": "Nom tapé pendant la coupure", "phone": "", "locale": "fr"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "10"
    assert '<html lang="fr">' in body and "momentanément indisponible" in body
    assert "La base de données n’a pas répondu" in body
    assert 'name="name" value="Nom tapé pendant la coupure"' in body
    assert 'action="/profile"' in body and "Envoyer à nouveau" in body
    monkeypatch.undo()
    assert client.get("/profile").status_code == 200  # the next request is served


def test_disk_full_is_told_apart_through_the_error_chain():
    full = sa.exc.OperationalError("INSERT", {}, Exception("database or disk is full"))
    try:
        try:
            raise full
        except sa.exc.OperationalError:
            raise sa.exc.OperationalError(
                "ROLLBACK TO SAVEPOINT", {}, Exception("no such savepoint")
            ) from None
    except sa.exc.OperationalError as later:
        later.__context__ = full
        assert is_disk_full(later)
    assert not is_disk_full(sa.exc.OperationalError("SELECT", {}, Exception("connection refused")))
