"""Password hashing (Argon2id) and the password rules: length, not a common password."""

import gzip
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt.gz")


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher.hash(secrets.token_urlsafe(24))


def dummy_hash() -> str:
    """A hash of a random password with the configured parameters, made once per process
    (and per parameters): verifying against it costs what verifying a real one costs."""
    cfg = current_app.config
    return _dummy_hash(
        cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_COST"], cfg["ARGON2_PARALLELISM"]
    )


def check_login(user, password: str) -> bool:
    """Whether `password` opens this account. Exactly one Argon2 verification whether the
    account exists, is withdrawn or is active, so the answer's time does not tell them
    apart (no account enumeration). The dummy hash is made before either branch, so the
    first login of a process costs the same too."""
    dummy = dummy_hash()
    if user is None or not user.active:
        verify_password(dummy, password)
        return False
    return verify_password(user.password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as f:
        return frozenset(line.strip().lower() for line in f if line.strip())


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why this password is refused, or None. No composition rules (NIST SP 800-63B)."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(n)d characters.", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        return str(_l("This password is too common; choose another one, a short sentence works."))
    local = email.split("@")[0].lower()
    if (local and len(local) >= 4 and local in lowered) or (
        name and name.lower().replace(" ", "") == lowered.replace(" ", "")
    ):
        return str(_l("The password must not repeat your name or e-mail address."))
    return None
