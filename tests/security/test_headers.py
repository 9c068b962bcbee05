"""Security headers on every GET route's response — pages, downloads (PDF, iCalendar, CSV,
Markdown) and error pages (400 CSRF, 404, 405, 500) alike."""

import pytest

from tests.security import harness
from tests.security.conftest import fetch, form_for

GETS = harness.collected_rules(lambda r: "GET" in r.methods)
REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def parse_csp(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def assert_secure_headers(response, where: str) -> None:
    headers = response.headers
    csp_header = headers.get("Content-Security-Policy")
    assert csp_header, f"{where}: no Content-Security-Policy"
    csp = parse_csp(csp_header)
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, f"{where}: the CSP does not restrict scripts"
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert bad not in scripts, f"{where}: script-src allows {bad}"
    assert "'unsafe-inline'" not in csp.get("style-src", []), f"{where}: style-src unsafe-inline"
    assert csp.get("object-src") == ["'none'"], f"{where}: object-src is not 'none'"
    assert csp.get("base-uri") == ["'none'"], f"{where}: base-uri is not 'none'"
    assert csp.get("frame-ancestors") == ["'none'"], f"{where}: frame-ancestors is not 'none'"
    images = csp.get("img-src", csp.get("default-src", []))
    assert "'self'" in images, f"{where}: img-src lacks 'self'"
    # No remote images: they would leak delegates' IP addresses to third parties.
    remote = [s for s in images if s not in ("'self'", "data:")]
    assert not remote, f"{where}: img-src allows remote images {remote}"
    assert headers.get("X-Content-Type-Options") == "nosniff", f"{where}: no nosniff"
    assert headers.get("Referrer-Policy") in REFERRER_POLICIES, (
        f"{where}: Referrer-Policy {headers.get('Referrer-Policy')!r}"
    )
    if response.mimetype == "text/html":
        assert "no-store" in headers.get("Cache-Control", ""), f"{where}: HTML page is cacheable"


@pytest.mark.parametrize("rule", GETS, ids=harness.rule_id)
def test_get_route_carries_security_headers(sec, rule):
    app = sec.app
    with app.app_context():
        binding = harness.bindings(rule, sec.a, sec.tokens)[0]
        url = binding.url(app, rule)
    client = app.test_client() if harness.is_public(rule) else sec.login(sec.owner_email(binding))
    response = fetch(client, "GET", url)
    assert response.status_code < 500
    assert_secure_headers(response, f"GET {url} ({response.status_code} {response.mimetype})")


def test_post_downloads_carry_security_headers(sec, site_forms, app):
    """Downloads answering a POST (the directory's CSV export) carry them too."""
    checked = 0
    for rule in harness.rules(app):
        found = form_for(site_forms, rule, richest=True)
        if "POST" not in rule.methods or not found or not found.email:
            continue
        if not any(
            f.kind in ("radio", "select") and "csv" in str(f.value) + str(f.options)
            for f in found.form.fields
        ):
            continue
        client = sec.login(found.email)
        token = harness.csrf_token_of(client.get(found.form.page).get_data(as_text=True))
        data = [(k, v) for k, v in found.form.defaults() if k != "format"] + [("format", "csv")]
        response = fetch(client, "POST", found.url, harness.with_token(data, token))
        assert response.status_code == 200 and response.mimetype != "text/html", (
            f"POST {found.url} should answer a CSV file, got {response.status_code}"
        )
        assert_secure_headers(response, f"POST {found.url} ({response.mimetype})")
        checked += 1
    assert checked, "no form offering a CSV download was found"


def test_error_pages_carry_security_headers(sec, app, monkeypatch):
    client = sec.login(sec.member)
    assert_secure_headers(fetch(client, "GET", "/nothing-here"), "404 page")
    post_only = next(r for r in harness.rules(app) if r.methods & {"GET"} == set())
    with app.app_context():
        url = harness.bindings(post_only, sec.a, sec.tokens)[0].url(app, post_only)
    response = fetch(client, "GET", url)
    assert response.status_code == 405
    assert_secure_headers(response, "405 page")
    response = fetch(client, "POST", "/profile", [("name", "x")])
    assert response.status_code == 400
    assert_secure_headers(response, "400 CSRF page")
    response = fetch(app.test_client(), "GET", "/profile")
    assert response.status_code == 302
    assert_secure_headers(response, "redirect to login")

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setitem(app.view_functions, "accounts.profile", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/profile")
    assert response.status_code == 500
    assert "Something went wrong" not in response.get_data(as_text=True)  # French page
    assert_secure_headers(response, "500 page")
