from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from coordination.db import today
from coordination.statements.models import ANSWERED, EVENT_LABELS, SENT, TAKEN_UP
from coordination.web import formatting

BODY_MAX = 100_000


class StatementForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Give the statement a title.")), Length(max=300)],
    )
    recipient = StringField(
        _l("Recipient"),
        validators=[
            InputRequired(_l("Say to which institution or authority it is addressed.")),
            Length(max=300),
        ],
        description=_l("The institution or authority, e.g. the Conseil départemental."),
    )
    purpose = TextAreaField(
        _l("Purpose"),
        validators=[Length(max=5000)],
        description=_l("What the associations want to obtain, in a few words."),
    )
    body = TextAreaField(
        _l("Text"),
        validators=[Length(max=BODY_MAX, message=_l("The text is too long."))],
        description=formatting.HELP,
        render_kw=formatting.FORMATTED,
    )
    summary = StringField(
        _l("What did you change? (optional)"),
        validators=[Length(max=300)],
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
    quote = TextAreaField(
        _l("Passage you comment on (optional)"),
        validators=[Length(max=2000)],
        description=_l("Copy the words of the text you are talking about."),
    )
    body = TextAreaField(
        _l("Your comment"),
        validators=[InputRequired(_l("Write a comment.")), Length(max=5000)],
    )


class ConsultationForm(FlaskForm):
    invite_guests = BooleanField(
        _l("Invite the guest associations to co-sign (they cannot block the adoption)")
    )


class EventForm(FlaskForm):
    kind = RadioField(
        _l("What happened"),
        choices=[(k, EVENT_LABELS[k]) for k in (SENT, ANSWERED, TAKEN_UP)],
        validators=[InputRequired(_l("Choose what happened."))],
    )
    on = DateField(
        _l("Date"),
        default=today,
        validators=[InputRequired(_l("Enter a date, like 2026-03-15."))],
    )
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=5000)],
        description=_l("To whom, how, what the answer says…"),
    )


class WithdrawForm(FlaskForm):
    note = TextAreaField(_l("Why (shown to all members)"), validators=[Length(max=2000)])
