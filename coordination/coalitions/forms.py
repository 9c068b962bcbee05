from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from coordination.coalitions.models import GUEST, MEMBER
from coordination.web import formatting


class CoalitionForm(FlaskForm):
    name = StringField(
        _l("Name of the coalition"),
        validators=[InputRequired(_l("Give the coalition a name.")), Length(max=200)],
    )
    territory = StringField(_l("Territory"), validators=[Length(max=200)])
    description = TextAreaField(
        _l("What brings the associations together"),
        validators=[Length(max=5000)],
        description=formatting.HELP,
        render_kw=formatting.FORMATTED,
    )

    def validate_name(self, field):
        from coordination.coalitions.models import Coalition
        from coordination.extensions import db

        if db.session.query(Coalition.id).filter(Coalition.name == field.data.strip()).first():
            raise ValidationError(_l("A coalition with this name already exists."))


class AdmissionForm(FlaskForm):
    role = RadioField(
        _l("Take part as"),
        choices=[
            (MEMBER, _l("Member (equal rights)")),
            (GUEST, _l("Guest (chosen meetings only)")),
        ],
        default=MEMBER,
        validators=[InputRequired(_l("Choose member or guest."))],
    )
    association_id = SelectField(
        _l("An association already on the platform"), coerce=int, validate_choice=False
    )
    name = StringField(_l("Or a new association: its name"), validators=[Length(max=200)])
    short_name = StringField(_l("Short name"), validators=[Length(max=40)])
    address = TextAreaField(_l("Address"), validators=[Length(max=1000)])
    delegate_name = StringField(_l("First delegate's name"), validators=[Length(max=120)])
    delegate_email = EmailField(
        _l("First delegate's e-mail (they will be invited)"),
        validators=[
            Optional(),
            Email(
                _l("Enter a valid e-mail address, like name@example.org."),
                check_deliverability=False,
            ),
        ],
    )
    reason = TextAreaField(_l("Why (shown to all members)"), validators=[Length(max=5000)])

    def validate_association_id(self, field):
        valid = {value for value, _label in field.choices}
        if field.data and field.data not in valid:
            raise ValidationError(_l("Choose an association from the list."))
        if not field.data and not (self.name.data or "").strip():
            raise ValidationError(_l("Choose an association, or give the name of a new one."))


class RemovalForm(FlaskForm):
    reason = TextAreaField(
        _l("Why (shown to all members)"),
        validators=[InputRequired(_l("Explain why, for the other members.")), Length(max=5000)],
    )


class SettingsForm(FlaskForm):
    name = StringField(
        _l("Name of the coalition"),
        validators=[InputRequired(_l("Give the coalition a name.")), Length(max=200)],
    )
    territory = StringField(_l("Territory"), validators=[Length(max=200)])
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=5000)],
        description=formatting.HELP,
        render_kw=formatting.FORMATTED,
    )
    cadence_months = IntegerField(
        _l("Months between regular meetings"),
        validators=[
            InputRequired(_l("Enter a number of months.")),
            NumberRange(1, 12, _l("Between 1 and 12 months.")),
        ],
    )
    attendance_quota = IntegerField(
        _l("Delegates per association at a meeting"),
        validators=[
            InputRequired(_l("Enter a number.")),
            NumberRange(1, 10, _l("Between 1 and 10.")),
        ],
    )
    decision_days = IntegerField(
        _l("Days to answer a collective decision"),
        validators=[
            InputRequired(_l("Enter a number of days.")),
            NumberRange(1, 90, _l("Between 1 and 90 days.")),
        ],
    )
    stale_contact_months = IntegerField(
        _l("Months before a directory contact is flagged as not checked"),
        validators=[
            InputRequired(_l("Enter a number of months.")),
            NumberRange(1, 36, _l("Between 1 and 36 months.")),
        ],
    )
    guests_see_directory = BooleanField(_l("Guest associations see the directory"))
    public_statements = BooleanField(_l("Adopted statements may have a public link"))
    directory_second_factor = BooleanField(
        _l(
            "Contact details, situations and exports of the directory only after a code "
            "from a phone (authenticator application)"
        )
    )
    access_log_months = IntegerField(
        _l("Months the record of who opened a contact's details is kept"),
        validators=[
            InputRequired(_l("Enter a number of months.")),
            NumberRange(1, 60, _l("Between 1 and 60 months.")),
        ],
        description=_l("12 months is the usual guidance of the CNIL for such records."),
    )
    notification_months = IntegerField(
        _l("Months notifications are kept"),
        validators=[
            InputRequired(_l("Enter a number of months.")),
            NumberRange(1, 60, _l("Between 1 and 60 months.")),
        ],
    )
    reason = TextAreaField(_l("Why (shown to all members)"), validators=[Length(max=5000)])
