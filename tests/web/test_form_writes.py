"""The shared steps of form views (web/writes.submitted, submit_then, posted_values) and of
list pages (web/paging.choice_arg, flag_arg), on a stand-in form."""

from flask import get_flashed_messages

from coordination.errors import Refused
from coordination.web.paging import choice_arg, flag_arg
from coordination.web.writes import posted_values, submit_then, submitted


class Field:
    def __init__(self, data=None):
        self.data = data
        self.errors = []


class StandInForm:
    """Just what the helpers use of a FlaskForm."""

    def __init__(self, valid: bool, **fields):
        self.valid = valid
        self.fields = {"csrf_token": Field("t"), **{k: Field(v) for k, v in fields.items()}}
        self.form_errors = []

    def validate_on_submit(self) -> bool:
        return self.valid

    def __getitem__(self, name):
        return self.fields[name]

    @property
    def data(self) -> dict:
        return {name: field.data for name, field in self.fields.items()}


def refuse_it(**_values):
    raise Refused("Not like this.")


def test_nothing_is_done_unless_the_form_is_posted_and_valid(app, db):
    calls = []
    with app.test_request_context("/", method="POST"):
        outcome = submitted(StandInForm(False), calls.append, 1)
        assert not outcome and outcome.error is None
        assert submit_then(StandInForm(False), calls.append, 1, done="Done.", then="/x") is None
    assert calls == []


def test_a_valid_form_is_performed_flashed_and_redirected(app, db):
    with app.test_request_context("/", method="POST"):
        answer = submit_then(
            StandInForm(True),
            lambda n, *, by: {"id": n, "by": by},
            7,
            by="me",
            done="Saved.",
            then=lambda result: f"/items/{result['id']}/{result['by']}",
        )
        assert answer.status_code == 302
        assert answer.headers["Location"] == "/items/7/me"
        assert get_flashed_messages(with_categories=True) == [("success", "Saved.")]


def test_a_refusal_shows_on_the_field_and_answers_none(app, db):
    form = StandInForm(True, name="typed")
    with app.test_request_context("/", method="POST"):
        assert submit_then(form, refuse_it, field="name", done="Saved.", then="/x") is None
        assert get_flashed_messages() == []
        outcome = submitted(form, refuse_it)
        assert not outcome and str(outcome.error) == "Not like this."
    assert form["name"].errors == ["Not like this."]
    assert form["name"].data == "typed"
    assert form.form_errors == ["Not like this."]


def test_posted_values_are_every_field_but_the_csrf_token():
    assert posted_values(StandInForm(True, words="a b", means="c")) == {
        "words": "a b",
        "means": "c",
    }


def test_filters_from_the_query_string(app):
    with app.test_request_context("/?state=open&mine=1&when=later"):
        assert choice_arg("state", ("open", "closed")) == "open"
        assert choice_arg("when", ("overdue", "soon")) is None
        assert choice_arg("missing", ("a",)) is None
        assert flag_arg("mine") is True
        assert flag_arg("state") is False
