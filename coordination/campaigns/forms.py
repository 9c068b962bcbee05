"""Forms of the campaigns: the campaign, its targets, its steps, promises, the decisions."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import DateField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from coordination.campaigns.labels import STATUS_LABELS
from coordination.campaigns.models import ABANDONED, LOST, WON, web_links
from coordination.commitments.forms import CommitmentForm


def _in_choices(field, message):
    if field.data not in {value for value, _label in field.choices}:
        raise ValidationError(message)


class CampaignEditForm(FlaskForm):
    name = StringField(
        _l("Name of the campaign"),
        validators=[InputRequired(_l("Give the campaign a name.")), Length(max=200)],
    )
    demand = StringField(
        _l("The demand, in one sentence"),
        description=_l("E.g. “Reopen a CPAM reception desk in our district”."),
        validators=[InputRequired(_l("Say what the campaign demands.")), Length(max=500)],
    )
    description = TextAreaField(_l("Background (optional)"), validators=[Length(max=5000)])


class TargetForm(FlaskForm):
    institution_id = SelectField(
        _l("Institution targeted"),
        coerce=int,
        validators=[InputRequired(_l("Choose the institution."))],
    )
    contact_id = SelectField(_l("Decision-maker in the directory"), coerce=int, default=0)
    role = StringField(
        _l("Or the decision-maker's role"),
        description=_l("E.g. “the director”, when they are not in the directory."),
        validators=[Length(max=200)],
    )

    def validate_contact_id(self, field):
        _in_choices(field, _l("Choose a contact from the list."))


class CampaignForm(CampaignEditForm, TargetForm):
    """A new campaign and the first institution it targets."""


class StepForm(FlaskForm):
    title = StringField(
        _l("In a few words"),
        validators=[InputRequired(_l("Say in a few words what this step is.")), Length(max=300)],
    )
    on = DateField(_l("Date"), validators=[InputRequired(_l("Give the date."))])
    at = TimeField(_l("Time (optional)"), validators=[Optional()])
    action_type = SelectField(
        _l("Kind of action"),
        default="",
        validators=[InputRequired(_l("Choose the kind of action."))],
    )
    institution_id = SelectField(_l("With which institution"), coerce=int, default=0)
    met = StringField(_l("Who was met"), validators=[Length(max=300)])
    place = StringField(_l("Where"), validators=[Length(max=300)])
    text = TextAreaField(_l("What was said or done"), validators=[Length(max=10000)])
    links = TextAreaField(
        _l("Links (one a line)"),
        description=_l("A press article, a petition, a photo album…"),
        validators=[Length(max=3000)],
    )
    promise = StringField(
        _l("What the institution promised (optional)"),
        description=_l("It becomes a commitment followed up with the campaign."),
        validators=[Length(max=300)],
    )
    promise_due_on = DateField(_l("Promised for"), validators=[Optional()])

    def validate_institution_id(self, field):
        _in_choices(field, _l("Choose an institution from the list."))

    def validate_promise(self, field):
        if (field.data or "").strip() and not self.institution_id.data:
            raise ValidationError(_l("Choose the institution that promised."))

    def validate_links(self, field):
        if not web_links(field.data or ""):
            raise ValidationError(_l("Each link starts with https://."))


def step_form(participants, kind: str, **kwargs) -> StepForm:
    """The step form with one “who went” field per association taking part."""

    class Form(StepForm):
        pass

    for p in participants:
        setattr(
            Form,
            f"went_{p.id}",
            # WTForms writes a label's text as it is: the association's name is escaped.
            StringField(
                escape(_("Who went for %(name)s", name=p.name)), validators=[Length(max=300)]
            ),
        )
    form = Form(**kwargs)
    form.went_fields = [form[f"went_{p.id}"] for p in participants]
    if kind != "action":
        del form.action_type
    return form


class PromiseForm(FlaskForm):
    """A promise is a commitment: the commitments' own fields, and the campaign's meeting."""

    title = CommitmentForm.title
    institution_id = CommitmentForm.institution_id
    promised_by = CommitmentForm.promised_by
    promised_on = CommitmentForm.promised_on
    due_on = CommitmentForm.due_on
    step_id = SelectField(_l("At which negotiation meeting"), coerce=int, default=0)
    validate_due_on = CommitmentForm.validate_due_on

    def validate_step_id(self, field):
        _in_choices(field, _l("Choose a meeting from the list."))


class LaunchForm(FlaskForm):
    started_on = DateField(
        _l("Start date"),
        description=_l("Left empty: the day the associations agree."),
        validators=[Optional()],
    )
    note = TextAreaField(_l("A word for the other associations"), validators=[Length(max=2000)])


class CloseForm(FlaskForm):
    outcome = SelectField(
        _l("How the campaign ends"),
        choices=[(k, STATUS_LABELS[k]) for k in (WON, LOST, ABANDONED)],
        validators=[InputRequired(_l("Choose how the campaign ends."))],
    )
    note = TextAreaField(
        _l("What was obtained, or why it stops"),
        validators=[Length(max=5000)],
    )


class StatementForm(FlaskForm):
    statement_id = SelectField(
        _l("Joint statement"), coerce=int, validators=[InputRequired(_l("Choose a statement."))]
    )


class ActionTypeForm(FlaskForm):
    name = StringField(
        _l("New kind of action"),
        validators=[InputRequired(_l("Name the kind of action.")), Length(max=80)],
    )


class ButtonForm(FlaskForm):
    """A button alone (join, suspend, remove): its CSRF token."""
