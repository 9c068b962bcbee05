from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from coordination.consent.models import ABSTAIN, AGREE, OBJECT
from coordination.web.fields import long_text, required_radio


class AnswerForm(FlaskForm):
    answer = required_radio(
        _l("Your association's answer"),
        [
            (AGREE, _l("We agree")),
            (ABSTAIN, _l("We abstain (we do not block)")),
            (OBJECT, _l("We object")),
        ],
        _l("Choose an answer."),
    )
    reason = long_text(
        _l("Reason or comment"),
        5000,
        description=_l("Needed for an objection, so that the others can respond."),
    )

    def validate_reason(self, field):
        if self.answer.data == OBJECT and not (field.data or "").strip():
            raise ValidationError(
                _l("An objection needs a reason, so that the others can respond.")
            )
