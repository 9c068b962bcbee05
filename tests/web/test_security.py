import pytest

from coordination.web.markdown import render_markdown
from coordination.web.security import is_local_url


def test_security_headers_on_every_response(client):
    for path in ("/login", "/does-not-exist"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        for directive in (
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "img-src 'self'",
            "script-src 'self'",
        ):
            assert directive in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_in_production(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["PRODUCTION"] = True
    try:
        assert "max-age" in client.get("/login").headers["Strict-Transport-Security"]
    finally:
        app.config["PRODUCTION"] = False


def test_error_pages_are_in_french(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_session_cookie_flags(app, client, make):
    from tests.conftest import login

    login(client, make.delegate())
    cookie = client.get_cookie("concertation_session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is False  # True when CONCERTATION_ENV=production


@pytest.mark.parametrize(
    "target, ok",
    [
        ("/c/1", True),
        ("/profile?x=1", True),
        ("//evil.example", False),
        ("https://e.x/", False),
        ("/\\evil", False),
        ("", False),
        (None, False),
        ("javascript:alert(1)", False),
        ("/\tjavascript:x", False),
    ],
)
def test_local_url(target, ok):
    assert is_local_url(target) is ok


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        "[clic](javascript&#58;alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
        "![x](https://tracker.example/pixel.png)",
        '<iframe src="https://evil.example"></iframe>',
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_markdown_is_sanitised(payload):
    html = str(render_markdown(payload)).lower()
    for bad in (
        "<script",
        "onerror",
        "javascript:",
        "<svg",
        "<math",
        "<img",
        "<iframe",
        "data:text",
    ):
        assert bad not in html


def test_markdown_keeps_ordinary_formatting():
    html = str(render_markdown("**Urgent** : voir [la CAF](https://caf.example/)\n\n- un\n- deux"))
    assert "<strong>Urgent</strong>" in html
    assert 'href="https://caf.example/"' in html
    assert "<li>un</li>" in html
