"""The shared form fields (web.fields) render and validate as the spelled-out fields they
replace, and `register_feature` registers a feature's log actions, demo data and blueprint."""

from flask import Blueprint, Flask
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from coordination.coalitions import transparency
from coordination.demo import generate, registry
from coordination.web import fields
from coordination.web.feature import DemoData, register_feature


class _SpelledOut(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", validators=[InputRequired("Give a name."), Length(max=20)])


class _Factored(FlaskForm):
    class Meta:
        csrf = False

    name = fields.short_text("Name", 20, required="Give a name.")
    contact_id = fields.optional_id("Contact", not_in_list="Choose a contact from the list.")


def test_a_factored_field_renders_and_fails_like_the_spelled_out_one(app):
    with app.test_request_context("/"):
        spelled, factored = _SpelledOut(MultiDict()), _Factored(MultiDict())
        assert str(factored.name) == str(spelled.name)
        assert str(factored.name.label) == str(spelled.name.label)
        spelled.validate()
        factored.contact_id.choices = [(0, "—")]
        factored.validate()
        assert factored.errors == {"name": ["Give a name."]} == spelled.errors


def test_a_value_outside_the_list_is_refused_with_the_fields_message(app):
    with app.test_request_context("/"):
        form = _Factored(MultiDict({"name": "x", "contact_id": "7"}))
        form.contact_id.choices = [(0, "—"), (3, "Ada")]
        form.contact_id.validate_choice = False
        assert not form.validate()
        assert form.errors == {"contact_id": ["Choose a contact from the list."]}


def test_register_feature_registers_the_actions_the_demo_and_the_blueprint():
    app = Flask(__name__)
    bp = Blueprint("feature_under_test", __name__)

    def load(world):
        pass

    def make(ctx):
        pass

    try:
        register_feature(
            app,
            bp,
            log_actions={"feature_under_test.done": "Done"},
            demo=DemoData(99, load, make),
        )
        assert transparency.ACTION_LABELS["feature_under_test.done"] == "Done"
        assert registry.loaders()[-1] is load
        assert generate._generators[-1] == (99, make)
        assert app.blueprints["feature_under_test"] is bp
    finally:
        transparency.ACTION_LABELS.pop("feature_under_test.done", None)
        registry._loaders[:] = [(o, f) for o, f in registry._loaders if f is not load]
        generate._generators[:] = [item for item in generate._generators if item[1] is not make]
