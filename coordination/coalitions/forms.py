from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import ValidationError

from coordination.coalitions.models import GUEST, MEMBER
from coordination.web.fields import (
    formatted_text,
    long_text,
    number_between,
    optional_email,
    required_radio,
    short_text,
)

NAME_OF_COALITION = _l("Name of the coalition")


def _months(label, most: int, out_of_range, **kw):
    """A period of the settings: a number of months, from 1 to `most`."""
    return number_between(
        label, 1, most, missing=_l("Enter a number of months."), out_of_range=out_of_range, **kw
    )


class CoalitionForm(FlaskForm):
    name = short_text(NAME_OF_COALITION, 200, required=_l("Give the coalition a name."))
    territory = short_text(_l("Territory"), 200)
    description = formatted_text(_l("What brings the associations together"), 5000)

    def validate_name(self, field):
        from coordination.coalitions.models import Coalition
        from coordination.extensions import db

        if db.session.query(Coalition.id).filter(Coalition.name == field.data.strip()).first():
            raise ValidationError(_l("A coalition with this name already exists."))


class AdmissionForm(FlaskForm):
    role = required_radio(
        _l("Take part as"),
        [(MEMBER, _l("Member (equal rights)")), (GUEST, _l("Guest (chosen meetings only)"))],
        _l("Choose member or guest."),
        default=MEMBER,
    )
    association_id = SelectField(
        _l("An association already on the platform"), coerce=int, validate_choice=False
    )
    name = short_text(_l("Or a new association: its name"), 200)
    short_name = short_text(_l("Short name"), 40)
    address = long_text(_l("Address"), 1000)
    delegate_name = short_text(_l("First delegate's name"), 120)
    delegate_email = optional_email(
        _l("First delegate's e-mail (they will be invited)"),
        _l("Enter a valid e-mail address, like name@example.org."),
        max_length=None,
    )
    reason = long_text(_l("Why (shown to all members)"), 5000)

    def validate_association_id(self, field):
        valid = {value for value, _label in field.choices}
        if field.data and field.data not in valid:
            raise ValidationError(_l("Choose an association from the list."))
        if not field.data and not (self.name.data or "").strip():
            raise ValidationError(_l("Choose an association, or give the name of a new one."))


class RemovalForm(FlaskForm):
    reason = long_text(
        _l("Why (shown to all members)"), 5000, required=_l("Explain why, for the other members.")
    )


class SettingsForm(FlaskForm):
    name = short_text(NAME_OF_COALITION, 200, required=_l("Give the coalition a name."))
    territory = short_text(_l("Territory"), 200)
    description = formatted_text(_l("Description"), 5000)
    cadence_months = _months(
        _l("Months between regular meetings"), 12, _l("Between 1 and 12 months.")
    )
    attendance_quota = number_between(
        _l("Delegates per association at a meeting"),
        1,
        10,
        missing=_l("Enter a number."),
        out_of_range=_l("Between 1 and 10."),
    )
    decision_days = number_between(
        _l("Days to answer a collective decision"),
        1,
        90,
        missing=_l("Enter a number of days."),
        out_of_range=_l("Between 1 and 90 days."),
    )
    stale_contact_months = _months(
        _l("Months before a directory contact is flagged as not checked"),
        36,
        _l("Between 1 and 36 months."),
    )
    guests_see_directory = BooleanField(_l("Guest associations see the directory"))
    public_statements = BooleanField(_l("Adopted statements may have a public link"))
    directory_second_factor = BooleanField(
        _l(
            "Contact details, situations and exports of the directory only after a code "
            "from a phone (authenticator application)"
        )
    )
    access_log_months = _months(
        _l("Months the record of who opened a contact's details is kept"),
        60,
        _l("Between 1 and 60 months."),
        description=_l("12 months is the usual guidance of the CNIL for such records."),
    )
    notification_months = _months(
        _l("Months notifications are kept"), 60, _l("Between 1 and 60 months.")
    )
    reason = long_text(_l("Why (shown to all members)"), 5000)
