from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    RadioField,
    SelectField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from coordination.web.fields import (
    long_text,
    optional_email,
    optional_id,
    optional_time,
    required_choice,
    required_date,
    required_id,
    short_text,
)

NO_IDENTITY = _l(
    "Never write a beneficiary's name, address, date of birth or file number here: "
    "describe the kind of situation only."
)
PHONE = Regexp(
    r"^\+?[0-9 .()-]{6,25}$",
    message=_l("Enter a phone number with digits, like 01 99 00 12 34."),
)

INSTITUTION_KIND_LABELS = {
    "caf": _l("CAF (family benefits)"),
    "cpam": _l("CPAM (health insurance)"),
    "mds": _l("MDS / departmental social services"),
    "prefecture": _l("Préfecture"),
    "france_travail": _l("France Travail"),
    "municipality": _l("Municipality / CCAS"),
    "ofii": _l("OFII (immigration and integration)"),
    "other": _l("Other"),
}
CHANNEL_LABELS = {
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "visit": _l("In person"),
    "letter": _l("Letter"),
    "other": _l("Other"),
}
WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)


class InstitutionForm(FlaskForm):
    kind = required_choice(
        _l("Kind of institution"),
        list(INSTITUTION_KIND_LABELS.items()),
        _l("Choose the kind of institution."),
    )
    name = short_text(
        _l("Name"),
        200,
        required=_l("Give the institution's name."),
        description=_l("As people say it locally, e.g. “CPAM de Brie-et-Marne”."),
    )
    territory = short_text(_l("Territory covered"), 200)
    notes = long_text(_l("Notes"), 5000, description=NO_IDENTITY)


class OfficeForm(FlaskForm):
    name = short_text(_l("Name of the office"), 200, required=_l("Give the office a name."))
    address = long_text(_l("Address"), 1000)
    public_phone = TelField(_l("Public phone line"), validators=[Optional(), PHONE, Length(max=40)])
    appointment_rules = long_text(
        _l("Appointments"), 3000, description=_l("E.g. “with or without appointment, how to book”.")
    )
    accessibility = long_text(
        _l("Accessibility"),
        3000,
        description=_l("Step-free access, lift, hearing loop, languages spoken…"),
    )


class SlotForm(FlaskForm):
    """One weekly slot; a FlaskForm (without its own CSRF token) so that WTForms' own
    messages, e.g. for an impossible time, come in the user's language too."""

    class Meta:
        csrf = False

    weekday = SelectField(
        _l("Day"),
        choices=[("", "—")] + [(str(i), d) for i, d in enumerate(WEEKDAYS)],
        validate_choice=False,
    )
    opens = optional_time(_l("Opens at"))
    closes = optional_time(_l("Closes at"))

    def validate_weekday(self, field):
        filled = [bool(field.data), bool(self.opens.data), bool(self.closes.data)]
        if any(filled) and not all(filled):
            raise ValidationError(_l("Fill in the day, the opening and the closing time."))

    def validate_closes(self, field):
        if self.opens.data and field.data and field.data <= self.opens.data:
            raise ValidationError(_l("The closing time must come after the opening time."))


class HoursForm(FlaskForm):
    slots = FieldList(FormField(SlotForm), min_entries=1, max_entries=40)


class ExceptionForm(FlaskForm):
    label = short_text(
        _l("What is it"), 200, description=_l("E.g. “School holidays”, “Works”, “Summer hours”.")
    )
    first_day = required_date(_l("From"), _l("Give the first day (dd/mm/yyyy)."))
    last_day = required_date(_l("To (included)"), _l("Give the last day (dd/mm/yyyy)."))
    closed = RadioField(
        _l("During these days"),
        choices=[("1", _l("Closed")), ("0", _l("Open with special hours"))],
        default="1",
    )
    opens = optional_time(_l("Special hours: opens at"))
    closes = optional_time(_l("Special hours: closes at"))

    def validate_last_day(self, field):
        if self.first_day.data and field.data and field.data < self.first_day.data:
            raise ValidationError(_l("The last day comes before the first day."))

    def validate_closed(self, field):
        if field.data == "0":
            if not (self.opens.data and self.closes.data):
                raise ValidationError(_l("Give the special opening and closing times."))
            if self.closes.data <= self.opens.data:
                raise ValidationError(_l("The closing time must come after the opening time."))


class ContactForm(FlaskForm):
    institution_id = required_id(_l("Institution"), _l("Choose the institution."))
    office_id = optional_id(_l("Office"), not_in_list=_l("Choose an office from the list."))
    kind = RadioField(
        _l("This contact is"),
        choices=[("person", _l("A named person")), ("desk", _l("A desk or service"))],
        default="person",
    )
    name = short_text(_l("Name of the person or of the desk"), 200, required=_l("Give a name."))
    role = short_text(_l("Role"), 200)
    phone = TelField(_l("Direct phone"), validators=[Optional(), PHONE, Length(max=40)])
    email = optional_email(_l("E-mail"), _l("Enter a valid e-mail address, like name@example.org."))
    can_unblock = long_text(
        _l("What they can unblock"),
        3000,
        description=_l(
            "E.g. “blocked family-benefit files”, “health coverage for asylum seekers”."
        ),
    )
    channel = SelectField(
        _l("Best way to reach them"), choices=list(CHANNEL_LABELS.items()), default="phone"
    )
    reach_hours = short_text(
        _l("When to reach them"), 300, description=_l("E.g. “mornings except Wednesday”.")
    )
    notes = long_text(_l("Notes"), 5000, description=NO_IDENTITY)


class EraseForm(FlaskForm):
    confirm = BooleanField(
        _l("The person asked for the erasure of their data (or it is no longer needed)"),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )


class ExportForm(FlaskForm):
    format = RadioField(
        _l("Format"),
        choices=[
            ("csv", _l("Spreadsheet (CSV)")),
            ("xlsx", _l("Spreadsheet (Excel, .xlsx)")),
            ("vcf", _l("Address book (vCard)")),
        ],
        default="csv",
    )
    purpose = TextAreaField(
        _l("Purpose of the export"),
        description=_l("Shown in the history and on each contact's access log."),
        validators=[
            InputRequired(_l("Say what the export is for.")),
            Length(min=5, max=500, message=_l("Between 5 and 500 characters.")),
        ],
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose a CSV file.")),
            FileAllowed(["csv", "txt"], _l("The file must be a .csv file.")),
        ],
    )
