"""Configuration read from the environment, with defaults safe for a laptop."""

import os
import secrets
from pathlib import Path

# Feature packages, in dependency order; each exposes init_app(app).
FEATURES = (
    "web",
    "accounts",
    "coalitions",
    "consent",
    "meetings",
    "statements",
    "directory",
    "commitments",
    "situations",
    "campaigns",
    "search",
    "notifications",
    "answers",
    "maintenance",
    "demo",
)


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'concertation.db'}"
    # Hosting platforms hand out postgres:// URLs; we drive PostgreSQL with psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one kept in instance/ so restarts keep sessions."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _translation_directories(package_root: Path) -> str:
    dirs = [str(package_root / "translations")]
    dirs += [str(package_root / f / "translations") for f in FEATURES]
    return ";".join(dirs)


def _engine_options(url: str) -> dict:
    # A server may restart under us; a file cannot, so SQLite skips the ping per request.
    return {} if url.startswith("sqlite") else {"pool_pre_ping": True}


def build_config(instance_path: Path, package_root: Path) -> dict:
    production = os.environ.get("CONCERTATION_ENV", "development") == "production"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(_database_url(instance_path)),
        "PRODUCTION": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "concertation_session",
        # The login session's lifetime is absolute and kept server-side (accounts/sessions):
        # re-signing the cookie on every response would only cost time.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": 0,
        "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # the CSRF token is tied to the session instead
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "BABEL_TRANSLATION_DIRECTORIES": _translation_directories(package_root),
        "LANGUAGES": {"fr": "Français", "en": "English"},
        "DISPLAY_TIMEZONE": "Europe/Paris",
        # OWASP minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
        "ARGON2_TIME_COST": int(os.environ.get("ARGON2_TIME_COST", 2)),
        "ARGON2_MEMORY_COST": int(os.environ.get("ARGON2_MEMORY_COST", 19456)),
        "ARGON2_PARALLELISM": 1,
        "INVITATION_DAYS": 7,
        "PASSWORD_RESET_HOURS": 2,
        # Between the password and the code of a login (accounts/pending.py).
        "SECOND_FACTOR_LOGIN_MINUTES": 5,
        # Login events (attempts, kept for throttling and for the delegate to see) are per
        # account, across coalitions: one period for all (accounts/retention.py).
        "LOGIN_EVENT_DAYS": 90,
        # Unset: derived from the request, or from `flask run`'s host and port (web/urls.py).
        "BASE_URL": os.environ.get("BASE_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Concertation <no-reply@concertation.invalid>"),
        "MAIL_OUTBOX": str(instance_path / "outbox"),
        "BENCHMARK_HEADERS": os.environ.get("CONCERTATION_BENCHMARK") == "1",
    }
