"""XSS without a browser: the payload corpus stored in every text column of every model is
shown inert on every GET page (no script, handler, dangerous URL or element in the HTML),
and payloads in the query string are not reflected as code. The browser counterpart, which
also watches for scripts actually running, is tests/browser/test_xss_flow.py."""

from urllib.parse import urlencode

import pytest

from coordination.extensions import db
from tests.security import xss
from tests.security.conftest import fetch, page_bindings
from tests.security.xss_payloads import STANDALONE, joined

MODES = ["joined", 0, 1]  # all payloads together, then two rounds of standalone ones


def pages(world) -> list[tuple[str, str | None, str]]:
    """(url, who may see it, endpoint) for every GET route and every object of A."""
    return page_bindings(world)


def visit_all(world, urls, query: str = "") -> dict[str, list[str]]:
    """Scan every HTML page (downloads, known from the site_forms crawl, are skipped)."""
    clients, problems, downloads = {}, {}, set(world.downloads)
    for url, email, endpoint in urls:
        if endpoint in downloads:
            continue
        if email not in clients:
            clients[email] = world.login(email) if email else world.app.test_client()
        target = f"{url}?{query}" if query else url
        try:
            response = fetch(clients[email], "GET", target)
        except AssertionError as error:
            problems[url] = [
                f"the page fails with payloads stored ({str(error).splitlines()[0][:300]}); if "
                f"a column holds a fixed set of values, add it to STRUCTURAL in {xss.HERE}"
            ]
            continue
        if response.mimetype != "text/html":
            downloads.add(endpoint)  # PDF, iCalendar…: not read by a browser as HTML
            continue
        found = xss.scan(response.get_data(as_text=True))
        if found:
            problems[url] = found
    return problems


def report(problems: dict) -> str:
    lines = []
    for url, found in problems.items():
        lines.append(url)
        lines += [f"    {p}" for p in sorted(set(found))[:8]]
    return "\n".join(lines)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: f"standalone-{m}" if m != "joined" else m)
def test_stored_payloads_are_shown_as_text(sec, site_forms, mode):
    with sec.app.app_context():
        filled = xss.fill(mode)
        db.session.commit()
        db.session.remove()
    assert len(filled) >= 40, f"only {len(filled)} text columns filled: {sorted(filled)}"
    problems = visit_all(sec, pages(sec))
    assert not problems, "payloads stored in text columns became code:\n" + report(problems)


def test_payloads_in_the_query_string_are_not_reflected_as_code(sec, site_forms):
    """Also shows the scanner raises no false alarm on the ordinary pages."""
    text = joined(" ")
    query = urlencode({"q": text, "next": STANDALONE[0].text, "page": text, "tab": text})
    first = {}
    for url, email, endpoint in pages(sec):
        first.setdefault(endpoint, (url, email, endpoint))
    problems = visit_all(sec, list(first.values()), query)
    assert not problems, "query-string payloads became code:\n" + report(problems)


@pytest.mark.parametrize(
    "html, flagged",
    [
        ('<script src="/static/js/app.js" defer></script><p>&lt;script&gt;</p>', False),
        ('<a href="https://exemple.example/">x</a><a href="/c/1">y</a>', False),
        ("<script>alert('X1')</script>", True),
        ('<img src=x onerror="alert(1)">', True),
        ('<a href="java&#x09;script:alert(1)">x</a>', True),
        ('<a href=" &#14; JavaScript:alert(1)">x</a>', True),
        ('<iframe srcdoc="x"></iframe>', True),
        ('<meta http-equiv="refresh" content="0;url=/">', True),
        ('<form action="data:text/html,x"></form>', True),
        ("<p>54439</p>", True),  # template injection evidence ({{7*7777}})
    ],
)
def test_the_scanner_sees_what_could_run(html, flagged):
    assert bool(xss.scan(html)) is flagged
