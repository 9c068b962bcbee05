"""Form fields the features declare again and again, written once.

They hold no message of their own: each catalog keeps the strings of its feature's
sources (coordination.i18n), so the labels and messages are passed in by the features.

Each factory returns an unbound WTForms field, to be assigned in a form's class body like
the field itself (`name = short_text(_l("Name"), 200, required=_l("Give a name."))`). The
validators come in the order the forms always used (InputRequired first, then Length,
then any `extra` check), so a field renders and fails exactly as when it was spelled out:
the same flags (`required`, `maxlength`), the same messages. Any other keyword
(`description`, `default`, `render_kw`, `id`…) goes to the field unchanged.
"""

from collections.abc import Callable, Sequence

from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from coordination.web import formatting

EMAIL_MAX = 254  # the longest address SMTP carries (RFC 5321)


def _text_validators(max_length: int, required, extra: Sequence[Callable]) -> list:
    head = [InputRequired(required)] if required is not None else []
    return [*head, Length(max=max_length), *extra]


def short_text(label, max_length: int, *, required=None, extra: Sequence[Callable] = (), **kw):
    """A one-line text of at most `max_length` characters; `required`: the message shown
    when it is left empty (None: it may be left empty)."""
    return StringField(label, validators=_text_validators(max_length, required, extra), **kw)


def long_text(label, max_length: int, *, required=None, extra: Sequence[Callable] = (), **kw):
    """A text area of at most `max_length` characters; `required` as for `short_text`."""
    return TextAreaField(label, validators=_text_validators(max_length, required, extra), **kw)


def formatted_text(label, max_length: int, *, help=formatting.HELP, too_long=None, **kw):
    """A text area whose text is shown formatted (web.formatting): its help under it and
    the attributes of the formatting toolbar; `too_long`: Length's own message, if any."""
    return TextAreaField(
        label,
        validators=[Length(max=max_length, message=too_long)],
        description=help,
        render_kw=formatting.FORMATTED,
        **kw,
    )


def valid_email(message) -> Email:
    """The check of an e-mail address: its form only, no DNS look-up of its domain."""
    return Email(message, check_deliverability=False)


def optional_email(label, invalid, max_length: int | None = EMAIL_MAX):
    """An e-mail address that may be left empty; `invalid`: the message when it is not one."""
    validators = [Optional(), valid_email(invalid)]
    if max_length is not None:
        validators.append(Length(max=max_length))
    return EmailField(label, validators=validators)


def number_between(label, low: int, high: int, *, missing, out_of_range, **kw):
    """A whole number that must be given, from `low` to `high`; `missing` and
    `out_of_range`: the messages of an empty field and of a number out of bounds."""
    return IntegerField(
        label,
        validators=[InputRequired(missing), NumberRange(low, high, out_of_range)],
        **kw,
    )


def required_id(label, message, **kw):
    """A list of database rows to choose one from (values: ids); `message` when none is."""
    return SelectField(label, coerce=int, validators=[InputRequired(message)], **kw)


def in_choices(message) -> Callable:
    """A validator: the value is one of the field's choices, else `message` (the choices
    are filled in for each request, e.g. the coalition's own contacts)."""

    def check(form, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(message)

    return check


def optional_id(label, *, not_in_list=None, **kw):
    """A list of database rows where choosing none is allowed: 0, the list's first entry;
    `not_in_list`: the message when the value sent is not one of the list's."""
    if not_in_list is not None:
        kw["validators"] = [in_choices(not_in_list)]
    return SelectField(label, coerce=int, default=0, **kw)


def required_choice(label, choices, message, **kw):
    """A drop-down list of fixed choices, one of which must be chosen."""
    return SelectField(label, choices=choices, validators=[InputRequired(message)], **kw)


def required_radio(label, choices, message, **kw):
    """Radio buttons of fixed choices, one of which must be chosen."""
    return RadioField(label, choices=choices, validators=[InputRequired(message)], **kw)


def required_date(label, message, **kw):
    """A date that must be given; `message` when it is not."""
    return DateField(label, validators=[InputRequired(message)], **kw)


def optional_date(label, **kw):
    """A date that may be left empty."""
    return DateField(label, validators=[Optional()], **kw)


def optional_time(label, **kw):
    """A time of day that may be left empty."""
    return TimeField(label, validators=[Optional()], **kw)
