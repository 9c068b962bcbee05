"""Fixtures of the security suite.

One world for the whole package, built once inside a transaction that is rolled back at
the end: the demo data (every feature registers its own) in coalition A ("brie"), objects
the demo lacks, valid secret tokens, and an outsider delegate whose association belongs to
another coalition B only. Each test runs inside a savepoint of that transaction, rolled
back after it, so the tests stay independent while the demo is loaded only once.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_sqlalchemy.session import _app_ctx_id

from coordination.extensions import db as _db
from tests.factories import Factory
from tests.security import harness

MEMBER = "claire.martin@paniers.example"


@dataclass
class SecurityWorld:
    app: object
    connection: object
    a: int  # coalition A: the demo's "brie", full of data
    b: int  # coalition B: the outsider's only coalition
    member: str  # e-mail of a delegate of a member association of A
    outsider: str  # e-mail of a delegate of B's only association
    password: str
    emails: dict = field(default_factory=dict)  # user id -> e-mail (delegates of A)
    tokens: dict = field(default_factory=dict)  # TOKEN_ROUTES key -> valid token
    canaries: list = field(default_factory=list)  # texts only A's members may read
    one_per_association: list = field(default_factory=list)  # a delegate of each other member
    downloads: set = field(default_factory=set)  # GET endpoints answering PDF, iCalendar…
    # Delegates logged in through a session made in build_world (email -> session key):
    # states a login form cannot reach (a session older than its second factor).
    sessions: dict = field(default_factory=dict)
    # Pages holding forms the crawl from A's pages cannot meet: (url, who sees them).
    extra_pages: list = field(default_factory=list)

    def login(self, email: str):
        """A fresh test client logged in as `email`."""
        client = self.app.test_client()
        if email in self.sessions:
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = self.sessions[email], True
            return client
        token = harness.csrf_token_of(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login", data={"email": email, "password": self.password, "csrf_token": token}
        )
        assert response.status_code == 302, f"cannot log in as {email}"
        return client

    def owner_email(self, binding) -> str:
        """Log in as the row's owner when it has one (a notification, an import)."""
        return self.emails.get(binding.owner_id, self.member)

    def snapshot(self) -> dict:
        """Every row of every table (A's data must not change under an outsider's POST)."""
        out = {}
        with self.app.app_context():
            for table in _db.metadata.sorted_tables:
                rows = _db.session.execute(sa.select(table)).all()
                out[table.name] = sorted(repr(tuple(r)) for r in rows)
            _db.session.remove()
        return out


def build_world(app) -> SecurityWorld:
    from coordination.accounts import sessions, tokens
    from coordination.accounts.models import User
    from coordination.db import utcnow
    from coordination.demo import data as demo_data
    from coordination.directory import imports
    from coordination.directory.models import Institution
    from coordination.meetings import operations as meetings
    from coordination.notifications import preferences
    from coordination.search import operations as search
    from coordination.statements import operations as statements
    from coordination.statements.models import Statement

    demo = demo_data.load()
    brie = demo.coalitions["brie"]
    claire = demo.delegates[MEMBER]
    make = Factory(_db)
    outsider_association = make.association(name="Association extérieure fictive")
    outsider = make.delegate(
        outsider_association, name="Personne Extérieure", email="exterieure@dehors.example"
    )
    other = make.coalition([outsider_association], name="Coalition B fictive")
    outsider.password_hash = claire.password_hash  # everyone logs in with the demo password

    # What the demo does not hold yet: a contact import waiting for confirmation, and a
    # second session (so that "log out my other sessions" shows).
    institution = _db.session.scalars(
        sa.select(Institution).where(Institution.coalition_id == brie.id).order_by(Institution.id)
    ).first()
    imports.prepare(
        brie,
        f"institution;nom;fonction\n{institution.name};Guichet test;accueil\n".encode(),
        "contacts.csv",
        by=claire,
    )
    sessions.start_session(claire)
    # Minutes waiting for their approval at a meeting held today (the demo's next meeting is
    # weeks away, and the approval form shows from the day of the meeting on).
    today = meetings.plan_meeting(brie, claire, title="Réunion du jour", starts_at=utcnow())
    extra = meetings.plan_meeting(
        brie, claire, title="Réunion de la veille", starts_at=utcnow() - timedelta(days=1)
    )
    meetings.save_minutes(extra, claire, "## Points\n\n- Compte rendu à approuver.", 0)
    assert meetings.approval_round(extra, today) is not None
    # A meeting that has started but is not marked held yet (its "mark held" confirmation
    # shows a form), and an item of Claire's on a meeting to come (she may correct or
    # withdraw it: those pages show their forms to the crawler).
    meetings.plan_meeting(
        brie, claire, title="Réunion du matin", starts_at=utcnow() - timedelta(hours=2)
    )
    upcoming = meetings.plan_meeting(
        brie, claire, title="Réunion à venir", starts_at=utcnow() + timedelta(days=40)
    )
    meetings.propose_item(upcoming, claire, title="Point à corriger")
    # A coalition's own search word (the demo keeps to the defaults).
    search.add_synonym(brie, by=claire, words="guichet unique", means="Maison France services")
    # Valid secret tokens for the token routes.
    brie.public_statements = True
    adopted = [
        s
        for s in _db.session.scalars(sa.select(Statement).where(Statement.coalition_id == brie.id))
        if s.is_adopted
    ]
    assert adopted, "the demo should hold an adopted statement in coalition A"
    world_tokens = {
        "public_statement": statements.set_public_link(adopted[0], by=claire, enabled=True),
        "invite": tokens.issue(
            "invite",
            "nouvelle.personne@paniers.example",
            timedelta(days=7),
            name="Nouvelle Personne",
            association_id=claire.association_id,
            created_by_id=claire.id,
        )[1],
        "reset": tokens.issue("reset", claire.email, timedelta(hours=2), user_id=claire.id)[1],
        "unsubscribe": preferences.unsubscribe_token(claire.id, preferences.ALL_EMAILS),
        "calendar_feed": meetings.issue_feed(claire),
        "answer_link": _answer_link(brie, claire),
    }
    _db.session.flush()
    members = {a.id for a in brie_members(brie.id)}
    full = {a.id for a in brie_members(brie.id, role="member")}
    emails = {
        u.id: u.email
        for u in _db.session.scalars(sa.select(User).where(User.association_id.in_(members)))
    }
    # A colleague of the member with an authenticator application (the reset button for a
    # lost phone shows only for such a colleague); made after `emails`, so that no test
    # logs in as them (their login would need a code).
    otp_sessions, otp_pages = _delegates_with_second_factor(make, claire)
    canaries = [brie.name] + [s.title for s in adopted]
    others = {}
    for user_id, email in sorted(emails.items()):
        user = _db.session.get(User, user_id)
        if user.association_id != claire.association_id and user.association_id in full:
            others.setdefault(user.association_id, email)
    return SecurityWorld(
        app=app,
        connection=None,
        a=brie.id,
        b=other.id,
        member=MEMBER,
        outsider=outsider.email,
        password=demo_data.DEMO_PASSWORD,
        emails=emails,
        tokens=world_tokens,
        canaries=canaries,
        one_per_association=list(others.values()),
        sessions=otp_sessions,
        extra_pages=otp_pages,
    )


def _answer_link(coalition, delegate) -> str:
    """The token of an e-mail's answer link: `delegate` answers an open decision of A."""
    from coordination.answers import links
    from coordination.consent import service as consent
    from coordination.consent.models import OPEN, Decision

    decision = next(
        (
            d
            for d in _db.session.scalars(
                sa.select(Decision)
                .where(Decision.coalition_id == coalition.id, Decision.status == OPEN)
                .order_by(Decision.id)
            )
            if consent.may_answer(d, delegate.association_id)
        ),
        None,
    ) or consent.open_decision(
        coalition, "coalition.settings", "Décision ouverte pour les liens", by=delegate, days=10
    )
    token, _expires = links.issue(
        delegate.id, coalition.id, "decision", decision.id, deadline=decision.deadline
    )
    return token


def _delegates_with_second_factor(make, member):
    """Two colleagues of the member: one with an authenticator application in force (the
    member's page of delegates shows the reset button for a lost phone; their own pages
    show turning it off, new recovery codes and, in a session older than the application,
    the code asked before protected pages), one setting it up (the page with its first
    code). Their sessions are made here: no login form reaches those states."""
    import pyotp

    from coordination.accounts import second_factor, sessions

    enrolled = make.delegate(
        member.association, name="Collègue Fictive", email="collegue.otp@paniers.example"
    )
    factor = second_factor.start_enrolment(enrolled)
    second_factor.confirm_enrolment(enrolled, pyotp.TOTP(factor.secret).now())
    enrolling = make.delegate(
        member.association, name="Collègue En Cours", email="collegue.enrol@paniers.example"
    )
    second_factor.start_enrolment(enrolling)
    keys = {u.email: sessions.start_session(u) for u in (enrolled, enrolling)}
    pages = [
        ("/profile/second-factor", enrolled.email),
        ("/second-factor/needed?next=/", enrolled.email),
        ("/profile/second-factor/setup", enrolling.email),
    ]
    return keys, pages


def brie_members(coalition_id, role=None):
    from coordination.coalitions.models import Association, Membership

    stmt = sa.select(Association).join(Membership).where(Membership.coalition_id == coalition_id)
    if role:
        stmt = stmt.where(Membership.role == role)
    return _db.session.scalars(stmt).all()


@pytest.fixture(scope="package")
def world(app):
    """The security world, in a transaction rolled back when the package is done."""
    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            built = build_world(app)
            _db.session.commit()
            _db.session.remove()
            built.connection = connection
            yield built
        finally:
            _db.session.remove()
            _db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def sec(world):
    """The world for one test: what the test writes is rolled back afterwards."""
    savepoint = world.connection.begin_nested()
    try:
        yield world
    finally:
        _db.session.remove()
        if savepoint.is_active:
            savepoint.rollback()


def fetch(client, method: str, url: str, data=None, **kwargs):
    """A request; an exception (a 500 in production) fails with the traceback's summary."""
    try:
        if method == "GET":
            return client.get(url, **kwargs)
        return client.post(url, data=harness.as_multidict(data or []), **kwargs)
    except Exception as error:  # noqa: BLE001 - reported as a test failure
        tb = traceback.format_exception(error)
        raise AssertionError(
            f"{method} {url} raised {type(error).__name__}: {error} (a 500 in production)\n"
            + "".join(tb[-6:])
        ) from error


def page_bindings(world) -> list[tuple[str, str | None, str]]:
    """(url, e-mail of who may see it or None when public, endpoint) for every GET route
    bound to every object of A."""
    app = world.app
    out = []
    with app.app_context():
        for rule in harness.rules(app):
            if "GET" not in rule.methods:
                continue
            for binding in harness.bindings(rule, world.a, world.tokens):
                email = None if harness.is_public(rule) else world.owner_email(binding)
                out.append((binding.url(app, rule), email, rule.endpoint))
        _db.session.remove()
    return out


def get_pages(world) -> list[tuple[str, str | None]]:
    """(url, e-mail or None) of every GET page of A, once each (the crawl the HTML checker
    and the French-words test share)."""
    return list(dict.fromkeys((url, email) for url, email, _endpoint in page_bindings(world)))


@dataclass
class FoundForm:
    url: str  # the form's action
    form: harness.Form
    email: str  # who saw it


@pytest.fixture(scope="package")
def site_forms(world):
    """Every POST form met on every GET page of A: endpoint -> [FoundForm].

    Crawled once as a member of A (and as the owners of owned rows such as notifications
    and imports; public pages logged out). A POST route whose form nobody has met yet is
    looked for again on its parent pages as a delegate of each other member association
    (some buttons show only to the association that proposed something). What the crawl
    writes (e.g. the contact access log) is rolled back."""
    app = world.app
    savepoint = world.connection.begin_nested()
    crawler = _Crawler(world)
    try:
        with app.app_context():
            pages = []
            for rule in harness.rules(app):
                if "GET" not in rule.methods:
                    continue
                for binding in harness.bindings(rule, world.a, world.tokens):
                    email = None if harness.is_public(rule) else world.owner_email(binding)
                    pages.append((binding.url(app, rule), email, rule))
            owners = {email for _url, email, _rule in pages if email}
            for rule in harness.rules(app):
                if "GET" in rule.methods and not rule.arguments and not harness.is_public(rule):
                    url = harness.Binding({}).url(app, rule)
                    pages += [(url, email, rule) for email in owners if email != world.member]
            _db.session.remove()
        crawler.crawl(pages)
        crawler.crawl([(url, email, _rule_of(app, url)) for url, email in world.extra_pages])
        for post in post_rules(app):
            if post.endpoint in crawler.found:
                continue
            with app.app_context():
                parents = [
                    (binding.url(app, rule), rule)
                    for rule in harness.rules(app)
                    if "GET" in rule.methods
                    and not harness.is_public(rule)
                    and rule.arguments
                    and rule.arguments <= post.arguments
                    for binding in harness.bindings(rule, world.a, world.tokens)
                ]
                _db.session.remove()
            for email in world.one_per_association:
                crawler.crawl([(url, email, rule) for url, rule in parents])
                if post.endpoint in crawler.found:
                    break
    finally:
        _db.session.remove()
        if savepoint.is_active:
            savepoint.rollback()
    world.downloads = crawler.downloads
    return crawler.found


def _rule_of(app, url: str):
    adapter = app.url_map.bind("localhost")
    rule, _args = adapter.match(url.split("?")[0], method="GET", return_rule=True)
    return rule


class _Crawler:
    def __init__(self, world):
        self.world = world
        self.found: dict[str, list[FoundForm]] = {}
        self.clients = {}
        self.seen = set()
        self.downloads = set()  # rules answering PDF, iCalendar…: no forms there, and slow

    def crawl(self, pages):
        app = self.world.app
        for url, email, rule in pages:
            if rule.endpoint in self.downloads or (url, email) in self.seen:
                continue
            self.seen.add((url, email))
            if email not in self.clients:
                self.clients[email] = self.world.login(email) if email else app.test_client()
            response = fetch(self.clients[email], "GET", url)
            if response.mimetype != "text/html":
                self.downloads.add(rule.endpoint)
                continue
            for form in harness.parse_forms(url, response.get_data(as_text=True)):
                match = harness.endpoint_of(app, form.action)
                if match is None:
                    continue
                known = self.found.setdefault(match[0], [])
                shape = (form.action, [(f.name, f.kind) for f in form.fields], email)
                if any(
                    (f.url, [(x.name, x.kind) for x in f.form.fields], f.email) == shape
                    for f in known
                ):
                    continue
                known.append(FoundForm(form.action, form, email))


def post_rules(app):
    return [r for r in harness.rules(app) if "POST" in r.methods]


def form_for(site_forms, rule, *, richest: bool = False) -> FoundForm | None:
    """A form of A that posts to `rule` (the one with most user fields if `richest`)."""
    forms = site_forms.get(rule.endpoint, [])
    if not forms:
        return None
    if richest:
        return max(forms, key=lambda f: len(f.form.user_fields))
    return forms[0]
