"""web/writes.submit_then with a page to show again (`again`), as the meeting views use it."""

from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired

from coordination.errors import Refused
from coordination.web.writes import submit_then


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField(validators=[InputRequired()])


def _posted(app, data):
    return app.test_request_context("/", method="POST", data=data)


def _page():
    return "the form's page"


def _refuse(name):
    raise Refused(f"No {name}")


def test_a_get_shows_the_form_and_runs_nothing(app, db):
    calls = []
    with app.test_request_context("/"):
        answer = submit_then(NameForm(), calls.append, 1, done="Done", then=str, again=_page)
    assert answer == "the form's page" and calls == []


def test_invalid_input_shows_the_form_again_and_runs_nothing(app, db):
    calls = []
    with _posted(app, {"name": ""}):
        form = NameForm()
        answer = submit_then(form, calls.append, 1, done="Done", then=str, again=_page)
        assert answer == "the form's page" and calls == [] and form.name.errors


def test_success_flashes_then_redirects_to_where_the_result_leads(app, db):
    with _posted(app, {"name": "Lise"}):
        form = NameForm()
        answer = submit_then(
            form,
            lambda name: f"/people/{name}",
            form.name.data,
            done=lambda: "Saved.",
            then=lambda url: url + "#top",
            again=_page,
        )
        assert answer.status_code == 302 and answer.headers["Location"] == "/people/Lise#top"
        assert get_flashed_messages(with_categories=True) == [("success", "Saved.")]


def test_a_refusal_goes_on_the_named_field(app, db):
    with _posted(app, {"name": "Lise"}):
        form = NameForm()
        answer = submit_then(
            form, _refuse, "Lise", field="name", done="Saved.", then=str, again=_page
        )
        assert answer == "the form's page" and form.name.errors == ["No Lise"]
        assert get_flashed_messages() == []


def test_a_refusal_goes_on_the_whole_form_without_a_field(app, db):
    with _posted(app, {"name": "Lise"}):
        form = NameForm()
        answer = submit_then(form, _refuse, "Lise", done="Saved.", then=str, again=_page)
        assert answer == "the form's page" and form.form_errors == ["No Lise"]


def test_a_refusal_is_flashed_when_asked(app, db):
    with _posted(app, {"name": "Lise"}):
        form = NameForm()
        answer = submit_then(
            form, _refuse, "Lise", flash_refusal=True, done="Saved.", then=str, again=_page
        )
        assert answer == "the form's page" and not form.errors
        assert get_flashed_messages(with_categories=True) == [("error", "No Lise")]
