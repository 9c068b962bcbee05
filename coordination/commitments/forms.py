"""Forms of the commitments feature: recording a commitment and following it up."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import ValidationError

from coordination.commitments.deadlines import BROKEN, KEPT, PARTIAL, PENDING
from coordination.web.fields import (
    formatted_text,
    long_text,
    optional_date,
    optional_id,
    required_date,
    required_id,
    short_text,
)

STATUS_LABELS = {
    PENDING: _l("pending"),
    KEPT: _l("kept"),
    PARTIAL: _l("partially kept"),
    BROKEN: _l("broken"),
}


class CommitmentForm(FlaskForm):
    title = short_text(_l("What was promised"), 300, required=_l("Say what was promised."))
    institution_id = required_id(_l("Institution"), _l("Choose the institution."))
    promised_by = short_text(_l("Who promised (name or function)"), 200)
    contact_id = optional_id(
        _l("Contact in the directory"), not_in_list=_l("Choose a contact from the list.")
    )
    promised_on = required_date(_l("Promised on"), _l("Give the date of the promise."))
    meeting_id = optional_id(
        _l("At a meeting of the coalition"),
        description=_l("If the promise was made at one of the coalition's meetings."),
        not_in_list=_l("Choose a meeting from the list."),
    )
    context = short_text(
        _l("In which meeting or negotiation"),
        300,
        description=_l("E.g. “meeting with the CPAM director, 12 March”."),
    )
    due_on = optional_date(_l("To be done by"))
    details = formatted_text(_l("Details"), 5000)

    def validate_due_on(self, field):
        if field.data and self.promised_on.data and field.data < self.promised_on.data:
            raise ValidationError(_l("The due date comes before the promise."))


class FollowUpForm(FlaskForm):
    happened_on = required_date(_l("Date"), _l("Give the date."))
    note = long_text(_l("What happened"), 5000)
    new_status = SelectField(
        _l("Status"),
        choices=[("", _l("unchanged"))] + list(STATUS_LABELS.items()),
        default="",
    )
    new_due_on = optional_date(
        _l("New due date (if the institution postpones)"),
        description=_l("Leave empty if the due date stays the same."),
    )

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment  # the one followed up, for its dates

    def validate_note(self, field):
        if not (field.data or "").strip() and not self.new_status.data and not self.new_due_on.data:
            raise ValidationError(
                _l("Write what happened, change the status or give a new due date.")
            )

    def validate_new_due_on(self, field):
        if not field.data or self.commitment is None:
            return
        if field.data < self.commitment.promised_on:
            raise ValidationError(_l("The new due date comes before the promise."))
        if field.data == self.commitment.due_on:
            raise ValidationError(_l("This is already the due date."))
