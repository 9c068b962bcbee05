"""The posting of a form, written once: validate, run one operation, flash, redirect.

Most views that take a form end the same way (coordination/web/writes.py explains the write
pattern): when the form validates, the operation runs through `perform` (one commit, or a
rollback with the refusal shown on the form); on success a message is flashed and the user
goes on to another page; otherwise the form's page is shown again with the input and the
errors. A view reads:

    form = DecisionForm()
    return submit_then(
        form, operations.record_decision, meeting, current_user, form.text.data,
        done=lambda: _("The decision is recorded in the minutes."),
        then=lambda decision: url_for(...),
        again=lambda: form_page("meetings/decision_form.html", form, ...),
    )

It is the form-page counterpart of `web.confirm.confirm_then` (a confirmation page).
"""

from collections.abc import Callable
from typing import Any

from flask import flash, redirect

from coordination.web.writes import perform


def submit_then(
    form,
    operation: Callable[..., Any],
    *args,
    done: Any | Callable[[], Any],
    then: Callable[[Any], str],
    again: Callable[[], Any],
    field: str | None = None,
    flash_refusal: bool = False,
    **kwargs,
):
    """When `form` validates (a POST), run `operation(*args, **kwargs)` through `perform`
    (a refusal goes on `form.<field>`, or on the form as a whole, or is flashed when
    `flash_refusal`); on success flash `done` and redirect to `then(result)`. Otherwise (a
    GET, invalid input, a refusal) answer `again()`: the form's page.

    `done` may be a function giving the message; `then` and `again` are functions. They run
    only when needed, after the commit or the rollback, so that what they read (the objects,
    the user's language) is read then, in the same queries as when each view wrote this
    itself."""
    if form.validate_on_submit():
        shown_on = None if flash_refusal else form
        outcome = perform(operation, *args, form=shown_on, field=field, **kwargs)
        if outcome:
            flash(done() if callable(done) else done, "success")
            return redirect(then(outcome.value))
    return again()
