"""50 clients write at once through the real forms, for a bounded time, against gunicorn
with several workers: agenda items, statement edits, attendance.

Nothing may answer 500 or say "database is locked", and every write the app acknowledged
(its redirect after a successful POST) must be in the database afterwards; the test counts
them. A statement edit the app refuses explicitly (409: conflict page or "save again") is
not acknowledged: it is counted apart, and its text must not be saved.

Attendance is answered per association; the first test gives each (association, meeting)
to one client, so its last acknowledged answer must be the final state; the second one has
both delegates of an association answer at once, and the final state must be one of the
clients' last answers, whole.

CONCURRENCY_SECONDS sets how long the clients write (5 s by default), per test.
"""

import html
import http.client
import os
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from coordination.demo.data import DELEGATES, DEMO_PASSWORD

CLIENTS = 50
SECONDS = float(os.environ.get("CONCURRENCY_SECONDS", "5"))
HTTP_TIMEOUT = 30
BAD_WORDS = ("database is locked", "Traceback")
SLOT = "Concurrency slot {:02d}: {}"


# --- a minimal HTTP client --------------------------------------------------------------


@dataclass
class Reply:
    method: str
    path: str
    status: int
    location: str
    body: str


class Delegate:
    """One demo delegate logged in once; several client threads share the login.

    The session cookie is kept as it was after login: cookies set later (flash messages)
    are ignored, so the threads' requests do not depend on one another.
    """

    def __init__(self, base_url: str, user_id: int, association_id: int, email: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.user_id, self.association_id, self.email = user_id, association_id, email
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method, path, fields=None, *, keep_cookies=False) -> Reply:
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            if keep_cookies:
                for header in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(header).items():
                        if morsel.value:
                            self.cookies[name] = morsel.value
                        else:
                            self.cookies.pop(name, None)
            return Reply(method, path, response.status, response.getheader("Location", ""), text)
        finally:
            conn.close()

    def login(self) -> None:
        page = self.request("GET", "/login", keep_cookies=True)
        reply = self.request(
            "POST",
            "/login",
            {"email": self.email, "password": DEMO_PASSWORD, "csrf_token": csrf_token(page)},
            keep_cookies=True,
        )
        assert reply.status == 302 and "/login" not in reply.location, (
            f"login {self.email}: {reply.status} {reply.body[:1000]}"
        )
        # The token of the logged-in session, valid for every form (no time limit).
        self.csrf = csrf_token(self.request("GET", "/profile", keep_cookies=True))


def csrf_token(reply: Reply) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', reply.body)
    assert match, f"no CSRF token on {reply.path} ({reply.status})"
    return match.group(1)


def input_value(page: str, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no input {name}"
    return html.unescape(match.group(1))


def textarea_value(page: str, name: str) -> str:
    match = re.search(rf'<textarea [^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}"
    # The newline after <textarea> is not part of the value (HTML parsing rule).
    return html.unescape(re.sub(r"^\r?\n", "", match.group(1)))


# --- what each client may write -----------------------------------------------------------


@dataclass
class World:
    delegates: list[Delegate]
    # association -> the upcoming meetings it takes part in: (coalition, meeting)
    meetings_of: dict[int, list[tuple[int, int]]]
    statements: dict[int, list[tuple[int, int]]]  # association -> (coalition, statement)
    coalition_statements: list[tuple[int, int]]
    own_delegates: dict[int, list[int]]  # association -> its demo delegates' ids
    quota: dict[int, int]  # coalition -> attendance quota


def load_world(engine, base_url: str) -> World:
    emails = {email for _key, _name, email, _lang in DELEGATES}
    with engine.connect() as conn:
        users = [
            row
            for row in conn.execute(
                sa.text('SELECT id, association_id, email FROM "user" WHERE active ORDER BY id')
            )
            if row.email in emails
        ]
        members: dict[int, set[int]] = {}
        for row in conn.execute(
            sa.text(
                "SELECT coalition_id, association_id FROM membership "
                "WHERE left_on IS NULL AND role = 'member'"
            )
        ):
            members.setdefault(row.coalition_id, set()).add(row.association_id)
        guests: dict[int, set[int]] = {}
        for row in conn.execute(sa.text("SELECT meeting_id, association_id FROM meeting_guest")):
            guests.setdefault(row.meeting_id, set()).add(row.association_id)
        meetings = conn.execute(
            sa.text(
                "SELECT id, coalition_id, starts_at FROM meeting WHERE status = 'planned' "
                "ORDER BY id"
            ).columns(starts_at=sa.DateTime())
        ).all()
        drafts = conn.execute(
            sa.text("SELECT id, coalition_id FROM statement WHERE status = 'draft' ORDER BY id")
        ).all()
        quota = dict(conn.execute(sa.text("SELECT id, attendance_quota FROM coalition")).all())

    # Agenda open all through the run: not started yet, with a day's margin.
    soon = datetime.now(UTC) + timedelta(days=1)
    upcoming = [
        m
        for m in meetings
        if m.starts_at is None
        or (m.starts_at if m.starts_at.tzinfo else m.starts_at.replace(tzinfo=UTC)) > soon
    ]
    meetings_of: dict[int, list] = {}
    statements: dict[int, list] = {}
    own: dict[int, list[int]] = {}
    for user in users:
        own.setdefault(user.association_id, []).append(user.id)
    for association in own:
        meetings_of[association] = [
            (m.coalition_id, m.id)
            for m in upcoming
            if association in members.get(m.coalition_id, set()) | guests.get(m.id, set())
        ]
        statements[association] = [
            (s.coalition_id, s.id)
            for s in drafts
            if association in members.get(s.coalition_id, set())
        ]
    return World(
        delegates=[Delegate(base_url, u.id, u.association_id, u.email) for u in users],
        meetings_of=meetings_of,
        statements=statements,
        coalition_statements=[(s.coalition_id, s.id) for s in drafts],
        own_delegates=own,
        quota=quota,
    )


def attendance_owners(world: World) -> dict[int, list[tuple[int, int, int]]]:
    """Each (association, meeting) pair goes to one client thread only, so that its last
    acknowledged answer must be the final state. thread -> [(association, coalition, meeting)]
    (one association answers for all its delegates: see the second test)."""
    by_association: dict[int, list[int]] = {}
    for thread in range(CLIENTS):
        delegate = world.delegates[thread % len(world.delegates)]
        by_association.setdefault(delegate.association_id, []).append(thread)
    owners: dict[int, list] = {}
    for association, threads in by_association.items():
        for k, (coalition_id, meeting_id) in enumerate(world.meetings_of[association]):
            thread = threads[k % len(threads)]
            owners.setdefault(thread, []).append((association, coalition_id, meeting_id))
    return owners


# --- the clients --------------------------------------------------------------------------


@dataclass
class Record:
    """What one client thread saw; merged after the run."""

    requests: int = 0
    bad: list = field(default_factory=list)  # 5xx, "database is locked", tracebacks
    unexpected: list = field(default_factory=list)  # any other answer than the expected ones
    transport: list = field(default_factory=list)  # timeouts, resets
    agenda: list = field(default_factory=list)  # acknowledged titles
    edits: list = field(default_factory=list)  # (statement, thread, marker) acknowledged
    refused: list = field(default_factory=list)  # (statement, marker, kind) explicit refusals
    attendance: dict = field(default_factory=dict)  # (association, meeting) -> last ack
    attendance_acks: int = 0
    slowest: float = 0.0


class Client:
    """One client thread: it writes in turn what it was given, until the deadline."""

    def __init__(self, thread, world, delegate, *, agenda=True, statements=True, attendance=()):
        self.thread = thread
        self.world = world
        self.delegate = delegate
        self.record = Record()
        self.meetings = world.meetings_of[delegate.association_id] if agenda else []
        self.statements = world.statements[delegate.association_id] if statements else []
        self.owned = list(attendance)  # [(association, coalition, meeting)]
        self.actions = []
        if self.meetings:
            self.actions.append(self.add_agenda_item)
        if self.statements:
            self.actions.append(self.edit_statement)
        if self.owned:
            self.actions.append(self.set_attendance)

    def send(self, method, path, fields=None) -> Reply:
        started = time.monotonic()
        reply = self.delegate.request(method, path, fields)
        self.record.slowest = max(self.record.slowest, time.monotonic() - started)
        self.record.requests += 1
        if reply.status >= 500 or any(word in reply.body for word in BAD_WORDS):
            self.record.bad.append((method, path, reply.status, gist(reply.body)))
        return reply

    def unexpected(self, reply: Reply, what: str) -> None:
        self.record.unexpected.append(
            (what, reply.method, reply.path, reply.status, reply.location, reply.body[:1500])
        )

    def run(self, deadline: float) -> None:
        n = 0
        while time.monotonic() < deadline:
            action = self.actions[(self.thread + n) % len(self.actions)]
            try:
                action(n)
            except (OSError, http.client.HTTPException) as error:
                # No answer: the state of that write is unknown; the test fails on it.
                self.record.transport.append((action.__name__, repr(error)))
                return
            n += 1

    def add_agenda_item(self, n: int) -> None:
        coalition_id, meeting_id = self.meetings[n % len(self.meetings)]
        title = f"cc agenda t{self.thread:02d} n{n:04d}"
        reply = self.send(
            "POST",
            f"/c/{coalition_id}/meetings/{meeting_id}/agenda/new",
            {
                "csrf_token": self.delegate.csrf,
                "title": title,
                "description": f"Written by client {self.thread}.",
                "topic": "concurrency",
                "duration_minutes": "15",
                "proposer_association_id": str(self.delegate.association_id),
                "links": "",
            },
        )
        if reply.status == 302 and f"/meetings/{meeting_id}" in reply.location:
            self.record.agenda.append(title)
        else:
            self.unexpected(reply, "agenda item")

    def edit_statement(self, n: int) -> None:
        coalition_id, statement_id = self.statements[n % len(self.statements)]
        path = f"/c/{coalition_id}/statements/{statement_id}/edit"
        page = self.send("GET", path)
        if page.status != 200:
            self.unexpected(page, "statement edit page")
            return
        marker = f"cc-stmt-t{self.thread:02d}-n{n:04d}"
        body = textarea_value(page.body, "body")
        pattern = re.compile(rf"^{re.escape(SLOT.format(self.thread, ''))}.*$", re.M)
        assert pattern.search(body), f"slot {self.thread} missing from statement {statement_id}"
        reply = self.send(
            "POST",
            path,
            {
                "csrf_token": self.delegate.csrf,
                "base_revision_id": input_value(page.body, "base_revision_id"),
                "title": input_value(page.body, "title"),
                "recipient": input_value(page.body, "recipient"),
                "purpose": textarea_value(page.body, "purpose"),
                "body": pattern.sub(SLOT.format(self.thread, marker), body, count=1),
                "summary": f"client {self.thread}, edit {n}",
            },
        )
        if reply.status == 302 and reply.location.rstrip("/").endswith(
            f"/statements/{statement_id}"
        ):
            self.record.edits.append((statement_id, self.thread, marker))
        elif reply.status == 409:
            kind = "conflict" if "conflict-summary" in reply.body else "save again"
            self.record.refused.append((statement_id, marker, kind))
        else:
            self.unexpected(reply, "statement edit")

    def set_attendance(self, n: int) -> None:
        association, coalition_id, meeting_id = self.owned[n % len(self.owned)]
        own = self.world.own_delegates[association]
        # Who comes: nobody or one delegate in turn, and one named extra person (unique).
        choice = n % (len(own) + 1)
        delegates = (
            [own[choice]] if choice < len(own) and self.world.quota[coalition_id] > 1 else []
        )
        extra = f"cc attendance t{self.thread:02d} n{n:04d}"
        reply = self.send(
            "POST",
            f"/c/{coalition_id}/meetings/{meeting_id}/attendance",
            [("csrf_token", self.delegate.csrf), ("extra_names", extra)]
            + [("delegates", str(uid)) for uid in delegates],
        )
        if reply.status == 302 and f"/meetings/{meeting_id}" in reply.location:
            self.record.attendance[(association, meeting_id)] = (set(delegates), {extra})
            self.record.attendance_acks += 1
        else:
            self.unexpected(reply, "attendance")


def seed_statements(world: World, engine) -> dict[int, int]:
    """Give every client its own line in each draft (through the edit form), so that
    simultaneous edits touch different lines and merge. -> statement: its revision number"""
    seeded = {}
    for coalition_id, statement_id in world.coalition_statements:
        author = next(
            d
            for d in world.delegates
            if (coalition_id, statement_id) in (world.statements[d.association_id])
        )
        path = f"/c/{coalition_id}/statements/{statement_id}/edit"
        page = author.request("GET", path)
        assert page.status == 200, page.body[:2000]
        slots = "\n\n".join(SLOT.format(t, "initial") for t in range(CLIENTS))
        reply = author.request(
            "POST",
            path,
            {
                "csrf_token": author.csrf,
                "base_revision_id": input_value(page.body, "base_revision_id"),
                "title": input_value(page.body, "title"),
                "recipient": input_value(page.body, "recipient"),
                "purpose": textarea_value(page.body, "purpose"),
                "body": textarea_value(page.body, "body").rstrip("\n") + "\n\n" + slots + "\n",
                "summary": "concurrency test: one line per client",
            },
        )
        assert reply.status == 302, reply.body[:2000]
        with engine.connect() as conn:
            seeded[statement_id] = conn.execute(
                sa.text("SELECT current_number FROM statement WHERE id = :id"),
                {"id": statement_id},
            ).scalar_one()
    return seeded


def run_clients(clients: list[Client]) -> Record:
    """All clients start together and write for SECONDS; their records, merged."""
    deadline = {}
    barrier = threading.Barrier(
        len(clients),
        action=lambda: deadline.setdefault("at", time.monotonic() + SECONDS),
        timeout=60,
    )

    def start(client):
        barrier.wait()
        client.run(deadline["at"])

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        for future in [pool.submit(start, c) for c in clients]:
            future.result()

    total = Record()
    for client in clients:
        r = client.record
        total.requests += r.requests
        for name in ("bad", "unexpected", "transport", "agenda", "edits", "refused"):
            getattr(total, name).extend(getattr(r, name))
        total.attendance.update(r.attendance)
        total.attendance_acks += r.attendance_acks
        total.slowest = max(total.slowest, r.slowest)
    return total


def gist(body: str) -> str:
    """What a page says went wrong, in one line."""
    for word in BAD_WORDS:
        if (at := body.find(word)) >= 0:
            return body[max(0, at - 200) : at + 300]
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    return title.group(1).strip() if title else body[:300]


def exceptions_in(log: str) -> list[str]:
    """The exception lines of gunicorn's log (the last line of each traceback), counted."""
    lines = re.findall(r"^(\w+(?:\.\w+)*(?:Error|Exception|Violation)\b.*)$", log, re.M)
    return [f"{n} x {line}" for line, n in Counter(lines).most_common(5)]


def assert_nothing_broke(result: Record, server, summary: str) -> None:
    log = server.log()
    if result.bad:
        where = Counter((m, p, status) for m, p, status, _gist in result.bad)
        raise AssertionError(
            f"{summary}\n{len(result.bad)} failed answers: {dict(where)}\n"
            f"first: {result.bad[0][3]}\nin gunicorn's log: {exceptions_in(log)}"
        )
    assert result.transport == [], f"{summary}\nno answer: {result.transport[:5]}"
    assert result.unexpected == [], f"{summary}\nunexpected answers: {result.unexpected[:3]}"
    for word in (*BAD_WORDS, "WORKER TIMEOUT"):
        assert word not in log, f"{summary}\ngunicorn's log has {word!r}:\n{log[-6000:]}"


# --- the tests ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(database, server):
    world = load_world(database.engine, server.url)
    assert len(world.delegates) == len(DELEGATES)
    for delegate in world.delegates:  # once per delegate: login is throttled per address
        delegate.login()
    return world


def test_fifty_clients_write_at_once_and_nothing_is_lost(database, server, world):
    assert world.coalition_statements, "the demo has no draft statement"
    seed_revision = seed_statements(world, database.engine)
    owners = attendance_owners(world)
    clients = [
        Client(t, world, world.delegates[t % len(world.delegates)], attendance=owners.get(t, ()))
        for t in range(CLIENTS)
    ]

    result = run_clients(clients)
    with database.engine.connect() as conn:
        merged = conn.execute(
            sa.text("SELECT count(*) FROM statement_revision WHERE kind = 'merge'")
        ).scalar_one()
    summary = (
        f"concurrency [{database.dialect}]: {CLIENTS} clients, {SECONDS:g} s, "
        f"{result.requests} requests (slowest {result.slowest:.2f} s); acknowledged: "
        f"{len(result.agenda)} agenda items, {len(result.edits)} statement edits "
        f"({merged} merged), {result.attendance_acks} attendance answers on "
        f"{len(result.attendance)} pairs; refused edits: "
        f"{dict(Counter(kind for _s, _m, kind in result.refused)) or 0}"
    )
    print(summary)
    assert_nothing_broke(result, server, summary)

    # Not vacuous: every kind of write was acknowledged, many times in all.
    assert result.agenda and result.edits and result.attendance_acks, summary
    assert len(result.agenda) + len(result.edits) + result.attendance_acks >= CLIENTS, summary

    with database.engine.connect() as conn:
        check_agenda(conn, result)
        check_statements(conn, result, seed_revision)
        check_attendance(conn, result)


def test_delegates_of_one_association_answer_attendance_at_once(database, server, world):
    """Attendance is answered per association: both its delegates may send the form at
    the same moment. Whoever is last wins, wholly; no error, no mix of the two answers."""
    pairs = [
        (association, coalition_id, meeting_id)
        for association, own in world.own_delegates.items()
        if len(own) > 1
        for coalition_id, meeting_id in world.meetings_of[association]
    ]
    assert pairs
    delegates = {}
    for d in world.delegates:
        delegates.setdefault(d.association_id, []).append(d)
    clients = []
    for t in range(CLIENTS):
        pair = pairs[t % len(pairs)]
        writers = delegates[pair[0]]
        delegate = writers[(t // len(pairs)) % len(writers)]
        clients.append(
            Client(t, world, delegate, agenda=False, statements=False, attendance=[pair])
        )

    result = run_clients(clients)
    summary = (
        f"concurrency [{database.dialect}]: {CLIENTS} clients on {len(pairs)} shared "
        f"attendance answers, {SECONDS:g} s, {result.requests} requests "
        f"(slowest {result.slowest:.2f} s); acknowledged: {result.attendance_acks}"
    )
    print(summary)
    assert_nothing_broke(result, server, summary)
    assert result.attendance_acks >= CLIENTS, summary

    # The last answer committed is the last one of some client: the final state is one of
    # the clients' last acknowledged answers, never a mix of two.
    with database.engine.connect() as conn:
        for association, _coalition_id, meeting_id in pairs:
            last = [
                c.record.attendance[(association, meeting_id)]
                for c in clients
                if (association, meeting_id) in c.record.attendance
            ]
            assert last, (association, meeting_id)
            rows = attendance_rows(conn, association, meeting_id)
            final = (
                {r.user_id for r in rows if r.user_id},
                {r.extra_name for r in rows if not r.user_id},
            )
            assert final in last, (association, meeting_id, rows, last)
            assert len(rows) == len(final[0]) + len(final[1]), rows


def check_agenda(conn, result: Record) -> None:
    titles = conn.execute(
        sa.text("SELECT title FROM agenda_item WHERE title LIKE 'cc agenda %'")
    ).scalars()
    stored, acknowledged = Counter(titles), Counter(result.agenda)
    assert sum(stored.values()) == sum(acknowledged.values())
    assert stored == acknowledged, {
        "missing": sorted(acknowledged - stored),
        "unacknowledged": sorted(stored - acknowledged),
    }


def check_statements(conn, result: Record, seed_revision: dict[int, int]) -> None:
    for statement_id, seeded in seed_revision.items():
        current = conn.execute(
            sa.text("SELECT current_number FROM statement WHERE id = :id"), {"id": statement_id}
        ).scalar_one()
        revisions = conn.execute(
            sa.text(
                "SELECT number, body FROM statement_revision WHERE statement_id = :id "
                "ORDER BY number"
            ),
            {"id": statement_id},
        ).all()
        numbers = [r.number for r in revisions]
        assert numbers == list(range(1, current + 1)), (statement_id, numbers, current)

        edits = [(t, m) for s, t, m in result.edits if s == statement_id]
        # After the seeded text, one revision per acknowledged edit.
        new = [r.body for r in revisions if r.number > seeded]
        assert len(new) == len(edits), (statement_id, len(new), len(edits))
        saved = "\n".join(new)
        missing = [m for _t, m in edits if m not in saved]
        assert missing == [], f"acknowledged edits not saved: {missing}"
        refused = [m for s, m, _k in result.refused if s == statement_id and m in saved]
        assert refused == [], f"refused edits saved anyway: {refused}"

        # The final text holds every client's last acknowledged line: no edit undone.
        last = {}
        for thread, marker in edits:
            last[thread] = marker
        final = revisions[-1].body
        for thread in range(CLIENTS):
            line = SLOT.format(thread, last.get(thread, "initial"))
            assert re.search(rf"^{re.escape(line)}$", final, re.M), (statement_id, line)


def attendance_rows(conn, association: int, meeting_id: int):
    return conn.execute(
        sa.text(
            "SELECT user_id, extra_name FROM attendance "
            "WHERE meeting_id = :m AND association_id = :a"
        ),
        {"m": meeting_id, "a": association},
    ).all()


def check_attendance(conn, result: Record) -> None:
    for (association, meeting_id), (users, names) in result.attendance.items():
        rows = attendance_rows(conn, association, meeting_id)
        assert {r.user_id for r in rows if r.user_id} == users, (association, meeting_id, rows)
        assert {r.extra_name for r in rows if not r.user_id} == names, (
            association,
            meeting_id,
            rows,
        )
        assert len(rows) == len(users) + len(names), rows
