"""XSS in a real browser: the payload corpus (tests/security/xss_payloads.py) is stored in
every text column of every model of the live server's database (found by SQLAlchemy
inspection, see tests/security/xss.py) and typed into forms through the UI; then every GET
page of the URL map that can show it is opened in headless Chromium for the demo
coalition's objects. No script may run — no dialog, no `window.__xss` marker, no console
evidence (a CSP refusal means something got injected) — and the HTML holds no
`javascript:` link and no script that is not a file from /static.

The live server's database is copied first and put back afterwards (other browser tests
share it)."""

import re
import sqlite3

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from coordination.extensions import db
from tests.browser.conftest import login
from tests.security import harness, xss
from tests.security.xss_payloads import BY_MARKER, PAYLOADS

MEMBER = "claire.martin@paniers.example"
COALITION = "Concertation solidaire de Brie-et-Marne"


def _copy(source: str, target: str) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.fixture(scope="module")
def pristine(live_server, tmp_path_factory):
    """The live database as the other browser tests know it, put back after this module."""
    path = live_server.app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    saved = str(tmp_path_factory.mktemp("xss") / "before.db")
    _copy(path, saved)
    yield live_server
    with live_server.app.app_context():
        db.session.remove()
    _copy(saved, path)


@pytest.fixture(scope="module")
def pages(pristine):
    """(endpoint, url) of every GET page of the demo coalition's objects the member may
    open, listed before the names are overwritten (token routes are covered by
    tests/security/test_xss_render.py)."""
    from coordination.accounts.models import User
    from coordination.coalitions.models import Coalition

    app = pristine.app
    out = []
    with app.app_context():
        brie = db.session.scalars(sa.select(Coalition).where(Coalition.name == COALITION)).one()
        me = db.session.scalars(sa.select(User.id).where(User.email == MEMBER)).one()
        for rule in harness.rules(app):
            if "GET" not in rule.methods or harness.is_public(rule):
                continue
            if rule.endpoint in harness.TOKEN_ROUTES:  # covered by test_xss_render.py
                continue
            mine = [b for b in harness.bindings(rule, brie.id) if b.owner_id in (None, me)]
            # The first and the last object (states differ); every object is scanned
            # without a browser by tests/security/test_xss_render.py.
            for binding in {id(b): b for b in mine[:1] + mine[-1:]}.values():
                out.append((rule.endpoint, binding.url(app, rule)))
        db.session.remove()
    return out


@pytest.fixture(scope="module")
def stored(pristine, pages):
    """Every text column of every model filled with payloads (all of them in long texts)."""
    with pristine.app.app_context():
        filled = xss.fill("joined")
        db.session.commit()
        db.session.remove()
    return filled


class Watch:
    """What a page reveals about scripts that ran: dialogs, console, the marker."""

    def __init__(self, page):
        self.dialogs, self.console = [], []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(message.text))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def evidence(self, page) -> list[str]:
        found = [f"dialog {m!r} ({_which(m)})" for m in self.dialogs]
        found += [
            f"console: {text[:200]}"
            for text in self.console
            if "Content Security Policy" in text or "__xss" in text or _which(text)
        ]
        marker = page.evaluate("() => window.__xss")
        if marker is not None:
            found.append(f"window.__xss = {marker!r} ({_which(str(marker))})")
        self.dialogs.clear()
        self.console.clear()
        return found


def _which(text: str) -> str:
    markers = [m for m in re.findall(r"X\d+", text or "") if m in BY_MARKER]
    return ", ".join(f"{m}: {BY_MARKER[m].text[:60]!r}" for m in markers)


def _visit(page, watch, url) -> list[str]:
    page.goto(url)
    page.wait_for_timeout(30)  # let autofocus, ontoggle, onbegin… fire if they can
    return watch.evidence(page) + xss.scan(page.content())


def _report(problems: dict) -> str:
    return "\n".join(
        f"{url}\n    " + "\n    ".join(sorted(set(found))[:6]) for url, found in problems.items()
    )


def test_stored_payloads_never_run(page, stored, pages):
    assert len(stored) >= 40, f"only {len(stored)} text columns filled: {sorted(stored)}"
    watch = Watch(page)
    login(page, MEMBER)
    kinds: dict[str, bool] = {}  # endpoint -> answers HTML (PDF, iCalendar are downloads)
    problems = {}
    for endpoint, url in pages + [(None, "/"), (None, "/notifications"), (None, "/search?q=X")]:
        if endpoint not in kinds:
            # The meeting PDFs of this world (every text column filled with every
            # payload) take 15-25 s to typeset: more than Playwright's 30 s default
            # once the machine is busy. This probe only reads the content type.
            answer = page.request.get(url, timeout=120_000)
            kinds[endpoint] = "text/html" in answer.headers.get("content-type", "")
        if not kinds[endpoint]:
            continue
        found = _visit(page, watch, url)
        if found:
            problems[url] = found
    assert sum(kinds.values()) >= 30, f"only {sum(kinds.values())} kinds of page visited"
    assert not problems, "scripts ran or were injected:\n" + _report(problems)


def test_payloads_typed_in_forms_never_run(page, pages):
    """Through the UI: a statement and a comment written with payloads, then read."""
    watch = Watch(page)
    login(page, MEMBER)
    page.goto(next(url for endpoint, url in pages if endpoint == "statements.index"))
    page.get_by_role("link", name="Commencer une déclaration").click()
    title = PAYLOADS[0].text  # <script>alert('X1')</script>
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Destinataire").fill(PAYLOADS[5].text)
    page.get_by_label("Texte", exact=True).fill("\n\n".join(p.text for p in PAYLOADS))
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    problems = {page.url: watch.evidence(page) + xss.scan(page.content())}
    page.get_by_label("Votre commentaire").fill("\n".join(p.text for p in PAYLOADS[:40]))
    page.get_by_role("button", name="Ajouter le commentaire").click()
    expect(page.get_by_text("Votre commentaire est ajouté.")).to_be_visible()
    problems[page.url + " (comment)"] = watch.evidence(page) + xss.scan(page.content())
    statement = page.url.split("#")[0]
    for url in (statement + "/revisions", statement + "/print", statement + "/edit"):
        problems[url] = _visit(page, watch, url)
    problems = {url: found for url, found in problems.items() if found}
    assert not problems, "scripts ran or were injected:\n" + _report(problems)


def test_the_watch_sees_a_script_that_runs(page):
    """The detector itself: on a page without CSP, a payload that runs is seen."""
    watch = Watch(page)
    page.set_content(f"<p>{PAYLOADS[0].text}{PAYLOADS[1].text}</p>")
    found = watch.evidence(page)
    assert any("X1" in f and "dialog" in f for f in found), found
    assert any("window.__xss = 'X2'" in f for f in found), found
