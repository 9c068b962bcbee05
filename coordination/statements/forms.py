from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from coordination.db import today
from coordination.statements.models import ANSWERED, EVENT_LABELS, SENT, TAKEN_UP
from coordination.web.fields import (
    formatted_text,
    long_text,
    required_date,
    required_radio,
    short_text,
)

BODY_MAX = 100_000


class StatementForm(FlaskForm):
    title = short_text(_l("Title"), 300, required=_l("Give the statement a title."))
    recipient = short_text(
        _l("Recipient"),
        300,
        required=_l("Say to which institution or authority it is addressed."),
        description=_l("The institution or authority, e.g. the Conseil départemental."),
    )
    purpose = long_text(
        _l("Purpose"), 5000, description=_l("What the associations want to obtain, in a few words.")
    )
    body = formatted_text(_l("Text"), BODY_MAX, too_long=_l("The text is too long."))
    summary = short_text(
        _l("What did you change? (optional)"),
        300,
        description=_l("A few words for the other delegates, shown in the revision history."),
    )


class EditForm(StatementForm):
    base_revision_id = HiddenField()

    def validate_base_revision_id(self, field):
        if not (field.data or "").isdigit():
            raise ValidationError(_l("The version you started from is unknown."))


class RestoreForm(FlaskForm):
    base_revision_id = HiddenField(validators=[InputRequired()])


class CommentForm(FlaskForm):
    quote = long_text(
        _l("Passage you comment on (optional)"),
        2000,
        description=_l("Copy the words of the text you are talking about."),
    )
    body = long_text(_l("Your comment"), 5000, required=_l("Write a comment."))


class ConsultationForm(FlaskForm):
    invite_guests = BooleanField(
        _l("Invite the guest associations to co-sign (they cannot block the adoption)")
    )


class EventForm(FlaskForm):
    kind = required_radio(
        _l("What happened"),
        [(k, EVENT_LABELS[k]) for k in (SENT, ANSWERED, TAKEN_UP)],
        _l("Choose what happened."),
    )
    on = required_date(_l("Date"), _l("Enter a date, like 2026-03-15."), default=today)
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=5000)],
        description=_l("To whom, how, what the answer says…"),
    )


class WithdrawForm(FlaskForm):
    note = long_text(_l("Why (shown to all members)"), 2000)
