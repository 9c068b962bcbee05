"""Fixtures: one app and one schema per test session; each test runs in a transaction
that is rolled back, so tests are fast and independent.

DATABASE_URL selects the engine (PostgreSQL in CI's second run); SQLite otherwise.

The security, concurrency and browser suites are marked `slow` here (by directory, so new
files are covered); `make test-fast` (`pytest -m "not slow"`) leaves them out.
"""

import contextlib
import html
import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from itsdangerous import BadSignature

from coordination import create_app
from coordination.extensions import db as _db
from tests.factories import TEST_PASSWORD, Factory

# Suites that take minutes each: left out of `make test-fast`, run by `make test` and CI.
SLOW_SUITES = ("security", "concurrency", "browser")
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.slow
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if path.is_relative_to(TESTS) and path.relative_to(TESTS).parts[0] in SLOW_SUITES:
            item.add_marker(slow)


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    # Cheap hashes in tests; the OWASP parameters are checked on the default config.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 1024,
    "SERVER_NAME": "localhost",
}


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (its own `g` and database session), as in
    production; otherwise Flask reuses the test's context and state leaks between requests."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    os.environ.setdefault("DATABASE_URL", _test_database_url(tmp_path_factory))
    app = create_app({**TEST_CONFIG, "MAIL_OUTBOX": str(tmp_path_factory.mktemp("outbox"))})
    app.test_client_class = FreshContextClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database for one test: everything it writes is rolled back afterwards."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original = _db.session
        # A plain Session: Flask-SQLAlchemy's own picks the engine and would ignore `bind`.
        _db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def make(db):
    return Factory(db)


@pytest.fixture
def client(app, db):
    return app.test_client()


class LoggedInClient:
    """A test client logged in as a delegate; `post` sends a CSRF token.

    Flask-WTF checks a token against a random value kept in the session, so one token
    serves every POST of a session: it is fetched once (from /profile) and cached against
    that session value, read from the session cookie before each POST. Logging in or out
    clears the session, which gives it a new value and so fetches a new token.
    `token_from=url` still GETs that page and takes its token, for tests that need that
    page to have been shown first."""

    def __init__(self, client, user):
        self.client = client
        self.user = user
        self._token: tuple[object, str] | None = None  # (session's CSRF value, token)

    def csrf_token(self, url: str = "/login") -> str:
        page = self.client.get(url).get_data(as_text=True)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', page
        )
        assert match, f"no CSRF token on {url}"
        token = html.unescape(match.group(1))
        self._token = (self._session_csrf_value(), token)
        return token

    def _session_csrf_value(self):
        """The random value the session's CSRF tokens are signed from (None: none yet)."""
        app = self.client.application
        cookie = self.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return None
        serializer = app.session_interface.get_signing_serializer(app)
        try:
            session = serializer.loads(cookie.value)
        except BadSignature:
            return None
        return session.get(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))

    def cached_csrf_token(self) -> str:
        value = self._session_csrf_value()
        if self._token is None or value is None or self._token[0] != value:
            return self.csrf_token("/profile")
        return self._token[1]

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def post(self, url, data=None, *, token_from: str | None = None, **kwargs):
        data = dict(data or {})
        if "csrf_token" not in data:
            token = self.csrf_token(token_from) if token_from else self.cached_csrf_token()
            data["csrf_token"] = token
        return self.client.post(url, data=data, **kwargs)


def login(client, user, password: str = TEST_PASSWORD):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return LoggedInClient(client, user)


@pytest.fixture
def login_as(app, db):
    """login_as(user) -> a fresh client logged in as that delegate."""

    def _login(user):
        return login(app.test_client(), user)

    return _login


@contextlib.contextmanager
def count_queries(engine=None):
    """Count the SQL statements run inside the block: `with count_queries() as n: ...`."""
    engine = engine or _db.engine
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def outbox_messages(app, to: str):
    """E-mails written to the development outbox for `to`, oldest first, parsed."""
    import email
    from email import policy
    from pathlib import Path

    files = sorted(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    messages = [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    return [m for m in messages if m["To"] == to]


def last_mail_text(app, to: str) -> str:
    messages = outbox_messages(app, to)
    assert messages, f"no mail to {to}"
    return messages[-1].get_body(("plain",)).get_content()
