"""What the Nu HTML checker asks of our markup, checked fast (the full crawl through vnu
is tests/security/test_html_validity.py, marked slow)."""

from datetime import UTC, datetime

from coordination.web.filters import machine_datetime, with_empty_option


def test_time_datetime_has_no_microseconds():
    at = datetime(2026, 12, 2, 17, 45, 3, 665479, tzinfo=UTC)
    assert machine_datetime(at) == "2026-12-02T17:45:03Z"
    assert machine_datetime(at.replace(tzinfo=None)) == "2026-12-02T17:45:03Z"
    assert machine_datetime(None) == ""


def test_required_select_gets_an_empty_first_option():
    html = '<select id="k" name="k" required>\n<option value="caf">CAF</option></select>'
    out = str(with_empty_option(html, "— choisir <x> —"))
    assert out.startswith('<select id="k" name="k" required>\n<option value="">— choisir &lt;x')
    assert out.count("<option") == 2
    assert str(with_empty_option(out, "again")) == out  # already empty first: unchanged


def test_pages_with_several_forms_repeat_no_csrf_id(db, make, login_as):
    delegate = make.delegate()
    db.session.commit()
    client = login_as(delegate)
    client.post("/meetings/calendar", {}, token_from="/meetings/calendar")
    page = client.get("/meetings/calendar").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 2  # create and stop forms
    assert 'id="csrf_token"' not in page


def test_a_required_select_in_a_form_page_opens_on_the_empty_choice(db, directory, login_as):
    page = login_as(directory.member).get(f"/c/{directory.coalition.id}/directory/institutions/new")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<option value="">— choisir —</option>' in text
