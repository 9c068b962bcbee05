import pytest

from coordination import create_app
from coordination.accounts import passwords


def test_default_hash_parameters_meet_the_owasp_minimum(app):
    default = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert default.config["ARGON2_MEMORY_COST"] >= 19 * 1024
    assert default.config["ARGON2_TIME_COST"] >= 2
    assert default.config["ARGON2_PARALLELISM"] == 1
    with default.app_context():
        hashed = passwords.hash_password("une phrase de passe")
        assert hashed.startswith("$argon2id$")
        assert "m=19456,t=2,p=1" in hashed
        assert passwords.verify_password(hashed, "une phrase de passe")
        assert not passwords.verify_password(hashed, "une autre phrase")


def test_weaker_hash_is_flagged_for_rehash(app):
    with app.app_context():
        weak = passwords.hash_password("une phrase de passe")  # test parameters are cheaper
    strong = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with strong.app_context():
        assert passwords.needs_rehash(weak)


@pytest.mark.parametrize(
    "candidate, ok",
    [
        ("court", False),
        ("x" * 129, False),
        ("azertyuiop", False),
        ("motdepasse", False),
        ("Password123", False),
        ("aaaaaaaaaaaa", False),
        ("le chat dort au soleil", True),
        ("tr0mb0ne-vert", True),
        ("éléphant rosé", True),
        ("une très longue phrase de passe qui dépasse largement soixante-quatre", True),
    ],
)
def test_password_rules_length_and_common_only(app, candidate, ok):
    with app.test_request_context():
        assert (passwords.password_problem(candidate) is None) is ok


def test_password_must_not_repeat_the_email(app):
    with app.test_request_context():
        assert passwords.password_problem("claire.martin", email="claire.martin@x.example")
