"""Meeting forms: validation here, with explicit messages; operations get clean data."""

from urllib.parse import urlsplit

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from coordination.meetings.models import ACTION_STATUSES, FACILITATOR, HOST, NOTE_TAKER
from coordination.web import formatting
from coordination.web.fields import (
    formatted_text,
    long_text,
    number_between,
    optional_date,
    optional_email,
    short_text,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
NONE = 0  # "nobody" in selects


def is_web_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def web_url(form, field):
    if field.data and not is_web_url(field.data):
        raise ValidationError(_l("Give a web address starting with https:// or http://."))


def optional_int(value):
    """Select values: '0' or '' mean nobody (None)."""
    if value in (None, "", "0", 0):
        return None
    return int(value)


def _datetime(label, required=False, description=None):
    validators = [InputRequired(_l("Give a date and a time."))] if required else [Optional()]
    return DateTimeLocalField(
        label,
        format=DATETIME_FORMAT,
        validators=validators,
        description=description,
        render_kw={"step": 300},
    )


class MeetingForm(FlaskForm):
    title = short_text(
        _l("Title (optional)"),
        200,
        description=_l("For example: quarterly meeting, or extra meeting on a closure."),
    )
    starts_at = _datetime(
        _l("Date and time (Paris time)"),
        description=_l("Leave empty to choose the date with a date poll."),
    )
    duration_minutes = number_between(
        _l("Duration in minutes"),
        15,
        720,
        missing=_l("Give the duration in minutes."),
        out_of_range=_l("Between 15 and 720 minutes."),
        default=150,
    )
    host_association_id = SelectField(_l("Host association"), coerce=optional_int)
    place = long_text(
        _l("Place"),
        1000,
        description=_l("Left empty, the host association's venue and address are used."),
    )
    access_notes = long_text(_l("Access (transport, accessibility, door code…)"), 2000)
    facilitator_id = SelectField(_l("Facilitator"), coerce=optional_int)
    note_taker_id = SelectField(_l("Note-taker"), coerce=optional_int)
    video_url = StringField(
        _l("Video link (optional)"),
        validators=[Optional(), Length(max=500), web_url],
        description=_l("For those who cannot travel. Starts with https://."),
    )

    def validate_note_taker_id(self, field):
        if field.data and field.data == self.facilitator_id.data:
            raise ValidationError(_l("Choose two different people for facilitator and note-taker."))


class AgendaItemForm(FlaskForm):
    title = short_text(_l("Title"), 200, required=_l("Give the item a title."))
    description = formatted_text(_l("Description"), 10000)
    topic = short_text(
        _l("Topic"), 100, description=_l("For example: food aid, housing, health insurance.")
    )
    duration_minutes = number_between(
        _l("Expected duration in minutes"),
        1,
        240,
        missing=_l("Give the expected duration in minutes."),
        out_of_range=_l("Between 1 and 240 minutes."),
        default=15,
    )
    links = long_text(
        _l("Links (one web address a line)"),
        3000,
        description=_l("Documents to read before the meeting."),
    )
    urgent = BooleanField(_l("Urgent item (can be added even on the day of the meeting)"))

    def validate_links(self, field):
        bad = [line for line in (field.data or "").splitlines() if line.strip()]
        bad = [line for line in bad if not is_web_url(line)]
        if bad:
            # gettext, not lazy_gettext: a lazy string counts as safe markup in Jinja,
            # and the line quoted here is the user's own input.
            raise ValidationError(
                gettext(
                    "Each line must be a web address starting with https://: %(line)s",
                    line=bad[0][:80],
                )
            )


class AttendanceForm(FlaskForm):
    delegates = SelectMultipleField(
        _l("Delegates of your association who come"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    extra_names = long_text(_l("Other people coming for your association (one name a line)"), 1000)

    def show(self, rows) -> None:
        """Fill the form with the association's attendance rows as they stand."""
        self.delegates.data = [r.user_id for r in rows if r.user_id]
        self.extra_names.data = "\n".join(r.extra_name for r in rows if not r.user_id)

    def people(self) -> dict:
        """The set_attendance arguments: user_ids and extra_names."""
        return {
            "user_ids": self.delegates.data or [],
            "extra_names": (self.extra_names.data or "").splitlines(),
        }


def hidden_number(field) -> int:
    """The number a hidden field carries (the version the minutes were edited from): 0 when
    empty, -1 when it is not a number (the operation then sees a conflict)."""
    try:
        return int(field.data or 0)
    except ValueError:
        return -1


class MinutesForm(FlaskForm):
    minutes = formatted_text(_l("Minutes"), 100000, help=formatting.HELP_WITH_HEADINGS)
    base_version = HiddenField()


class DecisionForm(FlaskForm):
    text = long_text(_l("Decision"), 3000, required=_l("Write the decision."))


class ActionForm(FlaskForm):
    what = long_text(_l("What is to be done"), 2000, required=_l("Say what is to be done."))
    association_id = SelectField(_l("Association in charge"), coerce=int)
    assignee_id = SelectField(_l("Delegate in charge (optional)"), coerce=optional_int)
    due_on = optional_date(_l("Due date (optional)"))


class ActionStatusForm(FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=[
            (ACTION_STATUSES[0], _l("open")),
            (ACTION_STATUSES[1], _l("done")),
            (ACTION_STATUSES[2], _l("dropped")),
        ],
    )


class PollForm(FlaskForm):
    slot_1 = _datetime(_l("Date 1"), required=True)
    slot_2 = _datetime(_l("Date 2"))
    slot_3 = _datetime(_l("Date 3"))
    slot_4 = _datetime(_l("Date 4"))
    slot_5 = _datetime(_l("Date 5"))

    def slots(self):
        return [
            f.data
            for f in (self.slot_1, self.slot_2, self.slot_3, self.slot_4, self.slot_5)
            if f.data
        ]


class PollCloseForm(FlaskForm):
    slot_id = SelectField(_l("Date chosen"), coerce=int, validate_choice=False)


class CsrfForm(FlaskForm):
    """Only the CSRF token (buttons: move an item, answer a poll, change a status)."""


class SpeakerForm(FlaskForm):
    organisation = short_text(
        _l("Organisation"),
        200,
        required=_l("Give the organisation's name."),
        description=_l("For example: child protection association, departmental social services."),
    )
    person = short_text(_l("Person"), 120)
    role = short_text(_l("Their role"), 120)
    email = optional_email(_l("E-mail"), _l("Enter a valid e-mail address, like name@example.org."))
    phone = short_text(_l("Phone"), 40)
    postal_address = long_text(_l("Postal address (for the letter)"), 1000)
    topic = short_text(
        _l("Topic they are invited on"), 300, required=_l("Say on which topic they are invited.")
    )
    agenda_item_id = SelectField(_l("Agenda item"), coerce=optional_int)
    delegate_id = SelectField(_l("Delegate in charge of the contact"), coerce=optional_int)


class SpeakerStatusForm(FlaskForm):
    # Required: the list starts on an empty "— choose —" (the form macro adds it), so
    # pressing the button without choosing changes nothing.
    status = SelectField(
        _l("New status"),
        validators=[InputRequired(_l("Choose the new status."))],
        validate_choice=False,  # the operation refuses a change TRANSITIONS does not allow
    )


class SwapForm(FlaskForm):
    role = SelectField(
        _l("Which turn"),
        choices=[
            (HOST, _l("hosting")),
            (FACILITATOR, _l("facilitation")),
            (NOTE_TAKER, _l("note-taking")),
        ],
        default=HOST,
    )
    gave_id = SelectField(_l("Association whose turn it is"), coerce=int)
    took_id = SelectField(_l("Association that takes the turn"), coerce=int)
    note = long_text(_l("Why (shown to all members)"), 2000)

    def validate_took_id(self, field):
        if field.data == self.gave_id.data:
            raise ValidationError(_l("Choose two different associations."))


class GuestAssociationForm(FlaskForm):
    association_id = SelectField(_l("Guest association"), coerce=int)
