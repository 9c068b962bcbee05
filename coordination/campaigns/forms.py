"""Forms of the campaigns: the campaign, its targets, its steps, promises, the decisions."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import SelectField
from wtforms.validators import InputRequired, ValidationError

from coordination.campaigns.labels import STATUS_LABELS
from coordination.campaigns.models import ABANDONED, LOST, WON, web_links
from coordination.commitments.forms import CommitmentForm
from coordination.web.fields import (
    long_text,
    optional_date,
    optional_id,
    optional_time,
    required_choice,
    required_date,
    required_id,
    short_text,
)


class CampaignEditForm(FlaskForm):
    name = short_text(_l("Name of the campaign"), 200, required=_l("Give the campaign a name."))
    demand = short_text(
        _l("The demand, in one sentence"),
        500,
        required=_l("Say what the campaign demands."),
        description=_l("E.g. “Reopen a CPAM reception desk in our district”."),
    )
    description = long_text(_l("Background (optional)"), 5000)


class TargetForm(FlaskForm):
    institution_id = required_id(_l("Institution targeted"), _l("Choose the institution."))
    contact_id = optional_id(
        _l("Decision-maker in the directory"), not_in_list=_l("Choose a contact from the list.")
    )
    role = short_text(
        _l("Or the decision-maker's role"),
        200,
        description=_l("E.g. “the director”, when they are not in the directory."),
    )


class CampaignForm(CampaignEditForm, TargetForm):
    """A new campaign and the first institution it targets."""


class StepForm(FlaskForm):
    title = short_text(
        _l("In a few words"), 300, required=_l("Say in a few words what this step is.")
    )
    on = required_date(_l("Date"), _l("Give the date."))
    at = optional_time(_l("Time (optional)"))
    action_type = SelectField(
        _l("Kind of action"),
        default="",
        validators=[InputRequired(_l("Choose the kind of action."))],
    )
    institution_id = optional_id(
        _l("With which institution"), not_in_list=_l("Choose an institution from the list.")
    )
    met = short_text(_l("Who was met"), 300)
    place = short_text(_l("Where"), 300)
    text = long_text(_l("What was said or done"), 10000)
    links = long_text(
        _l("Links (one a line)"),
        3000,
        description=_l("A press article, a petition, a photo album…"),
    )
    promise = short_text(
        _l("What the institution promised (optional)"),
        300,
        description=_l("It becomes a commitment followed up with the campaign."),
    )
    promise_due_on = optional_date(_l("Promised for"))

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
            short_text(escape(_("Who went for %(name)s", name=p.name)), 300),
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
    step_id = optional_id(
        _l("At which negotiation meeting"), not_in_list=_l("Choose a meeting from the list.")
    )
    validate_due_on = CommitmentForm.validate_due_on


class LaunchForm(FlaskForm):
    started_on = optional_date(
        _l("Start date"), description=_l("Left empty: the day the associations agree.")
    )
    note = long_text(_l("A word for the other associations"), 2000)


class CloseForm(FlaskForm):
    outcome = required_choice(
        _l("How the campaign ends"),
        [(k, STATUS_LABELS[k]) for k in (WON, LOST, ABANDONED)],
        _l("Choose how the campaign ends."),
    )
    note = long_text(_l("What was obtained, or why it stops"), 5000)


class StatementForm(FlaskForm):
    statement_id = required_id(_l("Joint statement"), _l("Choose a statement."))


class ActionTypeForm(FlaskForm):
    name = short_text(_l("New kind of action"), 80, required=_l("Name the kind of action."))


class ButtonForm(FlaskForm):
    """A button alone (join, suspend, remove): its CSRF token."""
