"""The approval form of a meeting's minutes (corrections agreed at the meeting included)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length


class ApprovalForm(FlaskForm):
    minutes = TextAreaField(
        _l("Minutes as approved"),
        validators=[InputRequired(_l("The minutes cannot be empty.")), Length(max=100000)],
        description=_l(
            "Write here the corrections agreed at the meeting, if any: they are kept as a "
            "new version of the minutes, with your name."
        ),
    )
    base_number = HiddenField()
