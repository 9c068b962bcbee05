"""NUL characters never reach forms, searches or the database (PostgreSQL refuses them)."""

from coordination.web.filters import web_url


def test_nul_bytes_are_dropped_from_forms_and_query_strings(client):
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={"email": "nul\x00@example.org", "password": "x\x00" * 5, "csrf_token": token},
    )
    assert response.status_code == 200
    assert "\x00" not in response.get_data(as_text=True)
    assert "nul@example.org" in response.get_data(as_text=True)


def test_nul_in_a_search_is_not_an_error(login_as, make):
    c = login_as(make.delegate())
    assert c.get("/search?q=caf\x00").status_code == 200


def test_web_url_filter_keeps_only_http_addresses():
    assert web_url("https://visio.example/r/1") == "https://visio.example/r/1"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        " jAvAsCrIpT:x",
        "//evil.example",
        "https:/\tx",
        "vbscript:x",
        "",
        None,
    ):
        assert web_url(bad) == ""
