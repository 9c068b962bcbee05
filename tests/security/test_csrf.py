"""Every route accepting POST refuses a missing or a wrong CSRF token (400, the French
"form expired" page) — for a logged-in member of the right coalition with valid ids, so
that the refusal can only come from the token — and accepts the same request with the
right token (the control that proves the test would see a difference)."""

from functools import cache

import pytest
from flask_babel import force_locale, gettext

from tests.security import harness
from tests.security.conftest import fetch, form_for
from tests.security.test_headers import assert_secure_headers

POSTS = harness.collected_rules(lambda r: "POST" in r.methods)
CSRF_MSGID = (
    "The form had expired or was sent from elsewhere. Go back, reload the page and send it again."
)


@cache
def _csrf_text(app) -> str:
    with app.test_request_context(), force_locale("fr"):
        text = gettext(CSRF_MSGID)
    assert text != CSRF_MSGID, "the CSRF error page should be translated into French"
    return text


def _is_csrf_refusal(app, response) -> bool:
    page = response.get_data(as_text=True).replace("&#39;", "'").replace("&rsquo;", "’")
    return response.status_code == 400 and _csrf_text(app) in page


def test_exempt_list_matches_the_app(app):
    from coordination.extensions import csrf

    exempt = {name.rsplit(".", 1)[-1] for name in csrf._exempt_views}
    declared = {endpoint.rsplit(".", 1)[-1] for endpoint in harness.CSRF_EXEMPT}
    assert exempt == declared, (
        f"views exempt from CSRF: {sorted(exempt)}; declared in CSRF_EXEMPT: {sorted(declared)}"
    )
    assert set(harness.FORM_TOKENS) <= set(harness.CSRF_EXEMPT), "FORM_TOKENS are CSRF-exempt"


def _check_form_token(sec, client, found, field):
    """A POST protected by a secret token in the form (FORM_TOKENS) instead of the CSRF
    token: refused without it, with a wrong one, or with a token from another page; nothing
    written; accepted with the page's own token and no CSRF token at all."""
    data = harness.with_token(found.form.defaults(), None)  # no CSRF token, on purpose
    own = dict(data).get(field)
    assert own, f"the form posting to {found.url} carries no '{field}'"
    before = sec.snapshot()
    for label, bad in (("missing", None), ("wrong", own[:-2] + "xx"), ("CSRF-like", "x" * 40)):
        sent = [(k, v) for k, v in data if k != field] + ([(field, bad)] if bad else [])
        response = fetch(client, "POST", found.url, sent)
        assert response.status_code in (403, 404), (
            f"POST {found.url} with a {label} '{field}' answered {response.status_code}"
        )
        assert 'lang="fr"' in response.get_data(as_text=True)
    assert sec.snapshot() == before, f"a POST to {found.url} without its token wrote data"
    response = fetch(client, "POST", found.url, data)
    assert response.status_code < 400, (
        f"POST {found.url} with the form's own '{field}' (no CSRF token) was refused: "
        f"{response.status_code}"
    )
    assert sec.snapshot() != before, f"POST {found.url} with its token recorded nothing"


@pytest.mark.parametrize("rule", POSTS, ids=harness.rule_id)
def test_post_refuses_missing_or_wrong_csrf_token(sec, site_forms, rule):
    app = sec.app
    found = form_for(site_forms, rule)
    assert found, f"no page of coalition A shows a form posting to {rule.rule}"
    client = sec.login(found.email) if found.email else app.test_client()
    other = sec.login(sec.outsider)  # a genuine token, but of another session
    page_url = found.form.page
    token = harness.csrf_token_of(client.get(page_url).get_data(as_text=True))
    foreign = harness.csrf_token_of(other.get("/profile").get_data(as_text=True))
    data = found.form.defaults()
    if rule.endpoint in harness.FORM_TOKENS:
        _check_form_token(sec, client, found, harness.FORM_TOKENS[rule.endpoint][0])
        return
    if rule.endpoint in harness.CSRF_EXEMPT:
        response = fetch(client, "POST", found.url, harness.with_token(data, None))
        assert not _is_csrf_refusal(app, response)
        return
    before = sec.snapshot()
    for label, bad in (("missing", None), ("wrong", "x" * 40), ("another session's", foreign)):
        response = fetch(client, "POST", found.url, harness.with_token(data, bad))
        assert _is_csrf_refusal(app, response), (
            f"POST {found.url} with a {label} CSRF token answered {response.status_code} "
            "instead of the 400 CSRF page"
        )
    assert sec.snapshot() == before, f"a POST to {found.url} without a valid token wrote data"
    response = fetch(client, "POST", found.url, harness.with_token(data, token))
    assert not _is_csrf_refusal(app, response), (
        f"POST {found.url} with the session's own token was refused as CSRF"
    )
    assert_secure_headers(response, f"POST {found.url} ({response.status_code})")
