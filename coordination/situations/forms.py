"""Forms of the situations feature. Free texts are checked by the identity guard here (the
message on the field, the text kept) and again by the operations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from coordination.situations import identity_guard
from coordination.situations.vocabulary import (
    OBSTACLE,
    OUTCOME_LABELS,
    STEP_CHOICES,
    STEP_LABELS,
    THEME,
)
from coordination.web.fields import (
    long_text,
    optional_date,
    optional_id,
    required_choice,
    required_date,
    required_id,
    required_radio,
    short_text,
)


def no_identity(form, field):
    """Refuse what identifies a person, saying why and what to write instead."""
    problem = identity_guard.first_problem(field.data)
    if problem is not None:
        raise ValidationError(problem.message)


DETAILS = _l("Details")


def note_field(label=DETAILS) -> TextAreaField:
    """A free text of a situation (what is at stake; a step's, a closing's or a reopening's
    note): guarded like every text."""
    return long_text(label, 3000, extra=[no_identity], description=identity_guard.RULE)


class SituationForm(FlaskForm):
    theme = SelectField(
        _l("Theme"), validators=[InputRequired(_l("Choose the theme of the situation."))]
    )
    institution_id = required_id(_l("Institution"), _l("Choose the institution."))
    office_id = optional_id(_l("Office"), not_in_list=_l("Choose an office from the list."))
    contact_id = optional_id(
        _l("Contact used, if any"), not_in_list=_l("Choose a contact from the list.")
    )
    opened_on = required_date(_l("Followed since"), _l("Give the date it started."))
    obstacles = SelectMultipleField(
        _l("Obstacles met"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    summary = note_field(_l("What is at stake"))

    def validate_obstacles(self, field):
        valid = {value for value, _label in field.choices}
        if any(code not in valid for code in field.data or ()):
            raise ValidationError(_l("Choose the obstacles from the list."))


class StepForm(FlaskForm):
    kind = required_choice(
        _l("What happened"),
        [(k, STEP_LABELS[k]) for k in STEP_CHOICES],
        _l("Choose what happened."),
    )
    happened_on = required_date(_l("Date"), _l("Give the date."))
    note = note_field()


class CloseForm(FlaskForm):
    outcome = required_radio(
        _l("How did it end?"), list(OUTCOME_LABELS.items()), _l("Choose how the situation ended.")
    )
    closed_on = required_date(_l("Date"), _l("Give the date."))
    note = note_field()


class ReopenForm(FlaskForm):
    note = note_field(_l("Why it is reopened"))


class TermForm(FlaskForm):
    kind = required_radio(
        _l("Add to the list of"),
        [(THEME, _l("themes")), (OBSTACLE, _l("obstacles"))],
        _l("Choose a list."),
    )
    label = short_text(
        _l("New entry"), 100, required=_l("Give the new entry a name."), extra=[no_identity]
    )


class FiltersForm(FlaskForm):
    """The figures' filters (GET: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    start = optional_date(_l("Opened from"))
    end = optional_date(_l("Opened until"))
    theme = SelectField(_l("Theme"), default="")
    institution = optional_id(_l("Institution"))

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period comes before its start."))


class CiteForm(FlaskForm):
    statement_id = required_id(_l("Draft statement"), _l("Choose the statement."))
    # The filters the figures came from (ids of their own: the filters form is on the page).
    start = HiddenField(id="cite-start")
    end = HiddenField(id="cite-end")
    theme = HiddenField(id="cite-theme")
    institution = HiddenField(id="cite-institution")
