"""Every route of the URL map, listed automatically: a logged-out visitor is sent to the login
page (except a short explicit list of public routes), and a delegate of another coalition
gets 404 for every object of coalition A — read or write — with nothing in A changed."""

from urllib.parse import urlencode, urlsplit

import pytest

from tests.security import harness
from tests.security.conftest import fetch, form_for

RULES = harness.collected_rules()


def _token(client, url="/login"):
    token = harness.csrf_token_of(client.get(url).get_data(as_text=True))
    assert token, f"no CSRF token on {url}"
    return token


def _bindings(world, rule):
    with world.app.app_context():
        found = harness.bindings(rule, world.a, world.tokens)
    assert found, (
        f"no object of coalition A for {rule.rule}: add one to build_world in "
        "tests/security/conftest.py so that the route is exercised"
    )
    return found


def test_every_route_is_classified():
    """Each parameter of each route maps to a table (or is declared): nothing is skipped."""
    for rule in RULES:
        harness.object_params(rule)  # raises HarnessError naming the mapping to add
        harness.anchor(rule)


@pytest.mark.parametrize(
    "path, mapping",
    [
        ("/c/<int:coalition_id>/widgets/<int:gizmo_id>", "PARAM_TABLES"),
        ("/shared/<secret>", "PARAM_TABLES"),
        ("/feeds/<token>", "TOKEN_ROUTES"),
    ],
)
def test_an_unknown_route_parameter_fails_loudly(path, mapping):
    """A route added later with a parameter the suite cannot map is not skipped: the
    failure names the mapping to extend."""
    from werkzeug.routing import Map, Rule

    rule = Rule(path, endpoint="feature.new_page")
    Map([rule])
    with pytest.raises(harness.HarnessError, match=mapping):
        harness.object_params(rule)


def test_public_list_is_explicit_and_current(app):
    endpoints = {r.endpoint for r in harness.rules(app)}
    stale = set(harness.PUBLIC_ENDPOINTS) - endpoints
    assert not stale, f"PUBLIC_ENDPOINTS names routes that no longer exist: {stale}"
    stale = set(harness.CSRF_EXEMPT) - endpoints
    assert not stale, f"CSRF_EXEMPT names routes that no longer exist: {stale}"
    # Raising this bound is a decision: each public route is justified in the harness.
    assert len(harness.PUBLIC_ENDPOINTS) <= 11, "keep the public surface small"


@pytest.mark.parametrize("rule", RULES, ids=harness.rule_id)
def test_logged_out_visitor_is_sent_to_login(sec, rule):
    app = sec.app
    url = _bindings(sec, rule)[0].url(app, rule)
    client = app.test_client()
    token = _token(client)
    for method in harness.methods(rule):
        data = [("csrf_token", token)] if method == "POST" else None
        response = fetch(client, method, url, data)
        to_login = (
            response.status_code in (301, 302, 303) and urlsplit(response.location).path == "/login"
        )
        if harness.is_public(rule):
            assert not to_login, (
                f"{method} {url} is in PUBLIC_ENDPOINTS but sends visitors to log in: "
                "remove it from the list"
            )
            assert response.status_code < 500
        else:
            assert to_login, (
                f"{method} {url} answered {response.status_code} to a logged-out visitor "
                f"instead of sending them to /login (if it is meant to be public, add "
                f"'{rule.endpoint}' to PUBLIC_ENDPOINTS in {harness.HERE} with the reason)"
            )
            assert "next=" in response.location


# Rows that change as a delegate merely uses the site (their own session, login attempts).
SNAPSHOT_IGNORE = {"user_session", "login_attempt"}


def _changed(before, after):
    return sorted(t for t in before if t not in SNAPSHOT_IGNORE and before[t] != after[t])


OUTSIDER_RULES = [
    r
    for r in RULES
    if r.endpoint not in harness.TOKEN_ROUTES
    and r.endpoint not in harness.FORM_TOKENS
    and ("coalition_id" in r.arguments or harness.object_params(r))
]

TOKEN_OBJECT_RULES = [
    r
    for r in RULES
    if (r.endpoint in harness.TOKEN_ROUTES or r.endpoint in harness.FORM_TOKENS)
    and "coalition_id" in r.arguments
]


@pytest.mark.parametrize("rule", TOKEN_OBJECT_RULES, ids=harness.rule_id)
def test_token_routes_open_nothing_of_another_coalition(sec, site_forms, rule):
    """A valid secret token of coalition A's object (the link of an e-mail) opens nothing
    through coalition B's URL, logged out or logged in as the outsider (404), and nothing
    of A changes; the same token through A's URL is the control that it is valid."""
    app = sec.app
    found = form_for(site_forms, rule) if "POST" in rule.methods else None
    if "POST" in rule.methods:
        assert found, f"no page shows a form posting to {rule.rule}"
    data = harness.with_token(found.form.defaults(), None) if found else None
    before = sec.snapshot()
    wrong = []
    for client in (app.test_client(), sec.login(sec.outsider)):
        for binding in _bindings(sec, rule):
            url = binding.url(app, rule, sec.b)
            for method in harness.methods(rule):
                response = fetch(client, method, url, data if method == "POST" else None)
                if response.status_code != 404:
                    wrong.append(f"{method} {url} -> {response.status_code}")
    assert not wrong, "a token of coalition A opened something through B:\n" + "\n".join(wrong)
    assert not _changed(before, sec.snapshot())
    control = found.url if found else _bindings(sec, rule)[0].url(app, rule, sec.a)
    method = "POST" if found else "GET"
    response = fetch(app.test_client(), method, control, data)
    assert response.status_code < 400, f"{method} {control} -> {response.status_code}"


@pytest.mark.parametrize("rule", OUTSIDER_RULES, ids=harness.rule_id)
def test_outsider_gets_404_for_every_object_of_another_coalition(sec, site_forms, rule):
    app = sec.app
    client = sec.login(sec.outsider)
    token = _token(client, "/profile")
    found = form_for(site_forms, rule)
    data = harness.with_token(found.form.defaults() if found else [], token)
    coalitions = [sec.a]
    if harness.object_params(rule):
        coalitions.append(sec.b)  # A's objects through the outsider's own coalition
    before = sec.snapshot()
    wrong = []
    for binding in _bindings(sec, rule):
        for coalition_id in coalitions:
            url = binding.url(app, rule, coalition_id)
            for method in harness.methods(rule):
                response = fetch(client, method, url, data if method == "POST" else None)
                if response.status_code != 404:
                    wrong.append(f"{method} {url} -> {response.status_code}")
    assert not wrong, "an outsider reached coalition A's objects:\n" + "\n".join(wrong)
    changed = _changed(before, sec.snapshot())
    assert not changed, f"the outsider's requests changed A's data in tables {changed}"


OWN_PAGES = [
    r for r in RULES if "GET" in r.methods and not r.arguments and not harness.is_public(r)
]


@pytest.mark.parametrize("rule", OWN_PAGES, ids=harness.rule_id)
def test_outsider_pages_show_nothing_of_another_coalition(sec, rule):
    """Pages without ids (home, search, notifications, profile…) show only the outsider's
    own coalitions, even when asked for A's words."""
    client = sec.login(sec.outsider)
    with sec.app.app_context():
        url = harness.Binding({}).url(sec.app, rule)
    for canary in sec.canaries:
        word = max(canary.split(), key=len)
        response = fetch(client, "GET", f"{url}?{urlencode({'q': word})}")
        page = response.get_data(as_text=True)
        assert response.status_code < 500
        leaked = [c for c in sec.canaries if c in page]
        assert not leaked, f"{url}?q={word} shows the outsider coalition A's {leaked}"
