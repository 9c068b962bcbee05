"""An association's answer, posted from the answer form (consent/forms.py: AnswerForm), written
once: the answer to a decision (consent/views.py) and the answer to a statement's sign-off
(statements/views_signoff.py) take the same fields, show a refusal in the same place and
say the same thing."""

from flask_babel import gettext as _
from flask_login import current_user

from coordination.web.writes import submit_then


def post_answer(form, answer, subject, *, then, again):
    """Record the answer of the user's association to `subject` with `answer` (such as
    consent.service.answer or statements.signoff.answer) through `submit_then`: a refusal
    shows on the answer field; on success the answer is said to be recorded and `then(result)`
    follows, otherwise `again()`."""
    return submit_then(
        form,
        answer,
        subject,
        by=current_user,
        value=form.answer.data,
        reason=form.reason.data,
        field="answer",
        done=lambda: _("Your association's answer is recorded."),
        then=then,
        again=again,
    )
