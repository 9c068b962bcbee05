from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from coordination.consent.models import ABSTAIN, AGREE, OBJECT


class AnswerForm(FlaskForm):
    answer = RadioField(
        _l("Your association's answer"),
        choices=[
            (AGREE, _l("We agree")),
            (ABSTAIN, _l("We abstain (we do not block)")),
            (OBJECT, _l("We object")),
        ],
        validators=[InputRequired(_l("Choose an answer."))],
    )
    reason = TextAreaField(
        _l("Reason or comment"),
        validators=[Length(max=5000)],
        description=_l("Needed for an objection, so that the others can respond."),
    )

    def validate_reason(self, field):
        if self.answer.data == OBJECT and not (field.data or "").strip():
            raise ValidationError(
                _l("An objection needs a reason, so that the others can respond.")
            )
