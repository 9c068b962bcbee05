"""Snapshot every page's HTML, and compare two snapshots byte for byte.

Made for refactorings that must not change what the app renders (issue 11): take a
snapshot with the old code, one with the new, compare.

    # from the root of the checkout whose code is to be rendered (its coordination/ and
    # tests/security/ are imported from the current directory):
    .venv/bin/python /path/to/benchmarks/snapshot_pages.py OUT_DIR
    .venv/bin/python /path/to/benchmarks/snapshot_pages.py --scale 0.05 OUT_DIR
    .venv/bin/python /path/to/benchmarks/snapshot_pages.py --compare DIR_A DIR_B

What a snapshot does, in one process:

- a fresh SQLite database in a temporary directory; `flask db upgrade`; then the demo world
  as the security suite builds it (`tests/security/conftest.build_world`: `flask demo load`
  plus a pending contact import, a second login session and a valid secret token for each
  token route), or with `--scale S`, `flask demo generate --scale S` instead;
- the clock is frozen (time-machine, no ticking) at `--at` (default 2026-12-02 10:00
  Europe/Paris) during the load and the crawl, so every relative date is stable; the
  secret key is fixed;
- logs in as several delegates (demo: a member delegate of each coalition, the English-
  speaking delegate of the association in both, the guest association's delegate; scale:
  a member delegate of the first coalitions and a guest if there is one) and, logged out,
  GETs the public pages. The URLs come from the security suite's route map
  (`tests/security/harness.rules` + `bindings`, every GET rule with its parameters bound
  to every object of each coalition), then every local link met on those pages
  (query-string variants: filters, pages, searches) is followed once, breadth first; with
  `--scale`, at most `--per-route` (default 5) bindings per route and coalition, and as
  many followed links per endpoint and user, so that the crawl stays a few minutes;
- writes each body to OUT_DIR/<user>/<url>.<ext> and an `index.tsv` (user, URL, status,
  content type, Location header, file).

Normalisations (the only bytes changed before writing; each is a per-request or per-run
random value, not something the code under test decides):

1. CSRF tokens: the value of every `csrf_token` input, and any other occurrence of a token
   value seen in one, becomes `CSRF-TOKEN` (Flask-WTF signs a random per-session value).
2. Secret tokens of the token routes (password reset, invitation, public statement link,
   unsubscribe, calendar feed; `secrets.token_urlsafe`) become `TOKEN-<kind>`, in bodies
   and in file names.
3. PDF files: an `/ID [<…><…>]` trailer entry, if any, becomes zeros (a PDF writer may
   make it random; today's WeasyPrint writes none, and two runs give identical PDFs).

4. QR codes (SVG): the dark modules' path data of a QR code (segno's `class="qrline"`
   path) becomes `QR-MODULES`: the calendar QR encodes the feed's secret token, so it
   changes with every run; its size, title and markup around are still compared.

5. Spreadsheets (XLSX, a zip): compared member by member, names and contents, not byte for
   byte: openpyxl writes each worksheet to a temporary file and zips it with that file's
   modification time, which the frozen clock does not reach (a real-time stamp per run).

Nothing else needed normalising: two snapshots of the same code are identical (checked on
the demo and at scale 0.05).

`--compare` prints every page present in one snapshot only or differing (status, type or
bytes) with a short unified diff, and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import io
import os
import re
import sys
import tempfile
import time
import zipfile
from collections import deque
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

DEFAULT_AT = "2026-12-02T10:00"
SECRET_KEY = "snapshot-secret-key-fixed"
DEMO_USERS = [
    "claire.martin@paniers.example",  # member of Brie-et-Marne
    "thomas.nguyen@entraide.example",  # member of both coalitions, English interface
    "nadia.haddad@tilleuls.example",  # member of Tilleuls
    "julie.moreau@epicerie.example",  # guest association of Brie-et-Marne
]
ANONYMOUS = "anonymous"
# GET endpoints never followed: leaving the session would log the crawler out.
NOT_FOLLOWED = {"accounts.logout"}


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

CSRF_INPUT = re.compile(
    rb'(name="csrf_token"[^>]*?value=")([^"]*)(")|(value=")([^"]*)("[^>]*?name="csrf_token")'
)
PDF_ID = re.compile(rb"/ID \[<[0-9a-fA-F]+> ?<[0-9a-fA-F]+>\]")
QR_MODULES = re.compile(rb'(<path class="qrline"[^>]*? d=")[^"]*(")')


class Normaliser:
    def __init__(self, secrets: dict[str, str]):
        # kind -> value; longest first so that no token is replaced inside another.
        self.secrets = sorted(secrets.items(), key=lambda kv: -len(kv[1]))
        self.csrf: set[bytes] = set()

    def url(self, url: str) -> str:
        for kind, value in self.secrets:
            url = url.replace(value, f"TOKEN-{kind}")
            url = url.replace(quote(value, safe=""), f"TOKEN-{kind}")
        return url

    def body(self, data: bytes, mimetype: str) -> bytes:
        if mimetype == "application/pdf":
            return PDF_ID.sub(b"/ID [<0><0>]", data)
        if mimetype == "image/svg+xml":
            data = QR_MODULES.sub(rb"\1QR-MODULES\2", data)

        def sub(match):
            if match.group(2) is not None:
                self.csrf.add(match.group(2))
                return match.group(1) + b"CSRF-TOKEN" + match.group(3)
            self.csrf.add(match.group(5))
            return match.group(4) + b"CSRF-TOKEN" + match.group(6)

        data = CSRF_INPUT.sub(sub, data)
        for token in self.csrf:
            if token:
                data = data.replace(token, b"CSRF-TOKEN")
        for kind, value in self.secrets:
            data = data.replace(value.encode(), f"TOKEN-{kind}".encode())
        return data


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            for k, v in attrs:
                if k == "href" and v:
                    self.hrefs.append(v)


def local_links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        url = urljoin("http://localhost" + page_url, href)
        parts = urlsplit(url)
        if parts.netloc != "localhost" or parts.path.startswith("/static/"):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


# --------------------------------------------------------------------------------------------
# Snapshot
# --------------------------------------------------------------------------------------------


EXTENSIONS = {
    "text/html": "html",
    "application/pdf": "pdf",
    "text/calendar": "ics",
    "text/csv": "csv",
    "text/vcard": "vcf",
    "application/json": "json",
    "text/plain": "txt",
}


def file_name(user: str, url: str, mimetype: str) -> str:
    name = quote(url, safe="") or "%2F"
    if len(name) > 150:
        name = name[:120] + "~" + hashlib.sha256(name.encode()).hexdigest()[:16]
    return f"{user}/{name}.{EXTENSIONS.get(mimetype, 'bin')}"


def login(app, email: str, password: str):
    from tests.security import harness

    client = app.test_client()
    token = harness.csrf_token_of(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )
    if response.status_code != 302:
        raise SystemExit(f"cannot log in as {email}")
    return client


def build(app, scale: float | None):
    """Load the data; return (users, secret tokens, password)."""
    import sqlalchemy as sa

    from coordination.extensions import db

    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    if result.exit_code:
        raise SystemExit(f"flask db upgrade failed:\n{result.output}")
    if scale is None:
        from tests.security.conftest import build_world

        with app.app_context():
            world = build_world(app)
            db.session.commit()
            db.session.remove()
        return DEMO_USERS, dict(world.tokens), world.password
    result = runner.invoke(args=["demo", "generate", "--scale", str(scale)])
    if result.exit_code:
        raise SystemExit(f"flask demo generate failed:\n{result.output}")
    with app.app_context():
        coalitions = list(db.session.scalars(sa.text("SELECT id FROM coalition ORDER BY id")))[:3]
        users = []
        for role in ("member", "guest"):
            for cid in coalitions:
                email = db.session.scalar(
                    sa.text(
                        'SELECT u.email FROM "user" u JOIN membership m ON m.association_id = '
                        "u.association_id WHERE m.coalition_id = :c AND m.role = :r AND "
                        "m.left_on IS NULL ORDER BY u.id LIMIT 1"
                    ),
                    {"c": cid, "r": role},
                )
                if email and email not in users:
                    users.append(email)
                    if role == "guest":
                        break
        db.session.remove()
    return users[:4], {}, "demo-concertation-2026"


def coalitions_of(app, email: str) -> list[int]:
    """The coalitions the user's association currently belongs to (member or guest)."""
    import sqlalchemy as sa

    from coordination.extensions import db

    with app.app_context():
        found = list(
            db.session.scalars(
                sa.text(
                    'SELECT m.coalition_id FROM membership m JOIN "user" u ON u.association_id '
                    "= m.association_id WHERE u.email = :e AND m.left_on IS NULL "
                    "ORDER BY m.coalition_id"
                ),
                {"e": email},
            )
        )
        db.session.remove()
    return found


def seed_urls(app, coalitions, tokens, per_route: int | None):
    """(url, public?) for every GET rule bound to every object of each coalition."""
    from coordination.extensions import db
    from tests.security import harness

    out = []
    with app.app_context():
        for rule in harness.rules(app):
            if "GET" not in rule.methods or rule.endpoint in NOT_FOLLOWED:
                continue
            if "token" in rule.arguments and harness.TOKEN_ROUTES.get(rule.endpoint) not in tokens:
                continue  # no valid token for it in this world (scale data)
            scopes = coalitions if rule.arguments - {"token"} else [None]
            for cid in scopes:
                found = harness.bindings(rule, cid, tokens)
                if per_route and len(found) > per_route:
                    step = len(found) / per_route
                    found = [found[int(i * step)] for i in range(per_route)]
                for binding in found:
                    out.append((binding.url(app, rule, cid), harness.is_public(rule)))
        db.session.remove()
    return out


def snapshot(out: Path, scale: float | None, at: datetime, per_route: int | None, limit: int):
    import time_machine

    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, os.getcwd())
    with (
        tempfile.TemporaryDirectory(prefix="snapshot-") as tmp,
        time_machine.travel(at, tick=False),
    ):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'snapshot.db'}"
        os.environ["SECRET_KEY"] = SECRET_KEY
        from coordination import create_app

        app = create_app(
            {
                "SECRET_KEY": SECRET_KEY,
                "MAIL_OUTBOX": str(Path(tmp) / "outbox"),
                "SERVER_NAME": "localhost",
            }
        )
        users, tokens, password = build(app, scale)
        loaded = time.perf_counter()
        print(f"data loaded in {loaded - started:.1f} s; users: {', '.join(users)}")
        normaliser = Normaliser(tokens)
        index = []
        clients = {ANONYMOUS: app.test_client()}
        clients.update({u: login(app, u, password) for u in users})
        for user in [*users, ANONYMOUS]:
            if user == ANONYMOUS:
                seeds = [url for url, public in seed_urls(app, [], tokens, None) if public]
            else:
                seeds = [
                    url for url, _ in seed_urls(app, coalitions_of(app, user), tokens, per_route)
                ]
            queue = deque(dict.fromkeys(seeds))
            seen = set(queue)
            seeded = set(queue)
            count = 0
            per_endpoint: dict = {}
            while queue and count < limit:
                url = queue.popleft()
                match = _endpoint(app, url)
                if match in NOT_FOLLOWED:
                    continue
                if per_route and url not in seeded:  # sampled: N followed links per endpoint
                    per_endpoint[match] = per_endpoint.get(match, 0) + 1
                    if per_endpoint[match] > per_route:
                        continue
                response = clients[user].get(url)
                count += 1
                mimetype = response.mimetype or ""
                body = normaliser.body(response.get_data(), mimetype)
                name = file_name(user, normaliser.url(url), mimetype)
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                (out / name).write_bytes(body)
                location = normaliser.url(response.headers.get("Location", ""))
                index.append(
                    (user, normaliser.url(url), str(response.status_code), mimetype, location, name)
                )
                if mimetype == "text/html" and response.status_code == 200:
                    for link in local_links(url, response.get_data(as_text=True)):
                        if link not in seen:
                            seen.add(link)
                            queue.append(link)
                elif response.status_code in (301, 302, 303) and response.location:
                    link = local_links(url, f'<a href="{response.location}">')
                    for target in link:
                        if target not in seen:
                            seen.add(target)
                            queue.append(target)
            print(f"{user}: {count} pages" + (f" (stopped at --limit {limit})" if queue else ""))
    (out / "index.tsv").write_text("".join("\t".join(row) + "\n" for row in index))
    errors = [row for row in index if row[2].startswith("5")]
    print(
        f"{len(index)} responses in {time.perf_counter() - started:.1f} s "
        f"(crawl {time.perf_counter() - loaded:.1f} s) -> {out}"
    )
    for row in errors:
        print(f"  server error: {row[0]} {row[1]} {row[2]}")


def _endpoint(app, url: str):
    from tests.security import harness

    match = harness.endpoint_of(app, url, "GET")
    return match[0] if match else None


# --------------------------------------------------------------------------------------------
# Compare
# --------------------------------------------------------------------------------------------


def read_index(root: Path) -> dict:
    rows = {}
    for line in (root / "index.tsv").read_text().splitlines():
        user, url, status, mimetype, location, name = line.split("\t")
        rows[(user, url)] = (status, mimetype, location, name)
    return rows


def zip_members(body: bytes) -> list[tuple[str, bytes]] | None:
    """A zip's members, names and contents in order (dates left out), or None if not a zip."""
    if not body.startswith(b"PK\x03\x04"):
        return None
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def same_body(body_a: bytes, body_b: bytes) -> bool:
    if body_a == body_b:
        return True
    members = zip_members(body_a)
    return members is not None and members == zip_members(body_b)


def compare(a: Path, b: Path, context: int = 2, max_lines: int = 40) -> int:
    left, right = read_index(a), read_index(b)
    differing = 0
    for key in sorted(left.keys() | right.keys()):
        user, url = key
        if key not in right or key not in left:
            where = b if key not in right else a
            print(f"ONLY IN {a if key in left else b}: {user} {url} (missing from {where})")
            differing += 1
            continue
        (sa_, ta, la, na), (sb, tb, lb, nb) = left[key], right[key]
        body_a, body_b = (a / na).read_bytes(), (b / nb).read_bytes()
        if (sa_, ta, la) == (sb, tb, lb) and same_body(body_a, body_b):
            continue
        differing += 1
        print(f"DIFFERS: {user} {url}  status {sa_} -> {sb}, type {ta} -> {tb}")
        if la != lb:
            print(f"    Location: {la} -> {lb}")
        if body_a != body_b:
            text_a = body_a.decode("utf-8", "replace").splitlines()
            text_b = body_b.decode("utf-8", "replace").splitlines()
            diff = list(
                difflib.unified_diff(
                    text_a, text_b, str(a / na), str(b / nb), n=context, lineterm=""
                )
            )
            for line in diff[:max_lines]:
                print("    " + line[:200])
            if len(diff) > max_lines:
                print(f"    … {len(diff) - max_lines} more diff lines")
    same = len(left.keys() & right.keys())
    print(f"{len(left)} vs {len(right)} responses; {differing} differ ({same} in both)")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="snapshot directory to write")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("DIR_A", "DIR_B"))
    parser.add_argument("--scale", type=float, help="flask demo generate --scale S data")
    parser.add_argument("--per-route", type=int, help="at most N bindings per route and coalition")
    parser.add_argument("--limit", type=int, default=100_000, help="at most N pages per user")
    parser.add_argument("--at", default=DEFAULT_AT, help="frozen Paris time (ISO)")
    args = parser.parse_args()
    if args.compare:
        raise SystemExit(compare(*args.compare))
    if not args.out:
        parser.error("give an output directory or --compare DIR_A DIR_B")
    per_route = args.per_route if args.per_route else (5 if args.scale else None)
    at = datetime.fromisoformat(args.at).replace(tzinfo=ZoneInfo("Europe/Paris"))
    snapshot(args.out, args.scale, at, per_route, args.limit)


if __name__ == "__main__":
    main()
