"""The answer page's forms. They carry the link's token instead of the session's CSRF
token: the person is not logged in (there is no session to bind a CSRF token to), and the
token, unguessable and bound to one delegate and one object, already proves that the
POST comes from the page the e-mail opened — a forged page elsewhere cannot know it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField

from coordination.consent.forms import AnswerForm
from coordination.meetings.forms import AttendanceForm
from coordination.meetings.models import POLL_ANSWERS


class LinkForm(FlaskForm):
    class Meta:
        csrf = False  # the link's token below protects the POST (see the module docstring)

    token = HiddenField()


class DecisionLinkForm(LinkForm, AnswerForm):
    """Agree / abstain / object (an objection needs its reason): the decision page's form."""


class AttendanceLinkForm(LinkForm, AttendanceForm):
    """Who comes for the association: the meeting's attendance form."""


class PollLinkForm(LinkForm):
    """Yes / if needed / no for each proposed date: `slots` are the poll's dates, `choices`
    the answers ({slot id: yes|maybe|no}), shown again as typed after an error."""

    def __init__(self, slots, choices: dict[int, str], formdata=None):
        super().__init__(formdata=formdata)
        self.slots = slots
        self.choices = dict(choices)
        if formdata is not None:
            self.choices = {
                s.id: formdata.get(f"slot-{s.id}")
                for s in slots
                if formdata.get(f"slot-{s.id}") in POLL_ANSWERS
            }

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if len(self.choices) != len(self.slots):
            self.form_errors.append(_l("Answer yes, if needed or no for each date."))
            return False
        return valid
