"""The approval form of a meeting's minutes (corrections agreed at the meeting included)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField

from coordination.web.fields import long_text


class ApprovalForm(FlaskForm):
    minutes = long_text(
        _l("Minutes as approved"),
        100000,
        required=_l("The minutes cannot be empty."),
        description=_l(
            "Write here the corrections agreed at the meeting, if any: they are kept as a "
            "new version of the minutes, with your name."
        ),
    )
    base_number = HiddenField()
