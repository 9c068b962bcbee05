"""The one write pattern of every view: run an operation, commit once or roll back.

Operations flush and never commit (STYLE.md). A view calls

    outcome = perform(operations.propose_item, meeting, current_user, form=form, field="title",
                      title=form.title.data)
    if outcome:
        flash(...)
        return redirect(...)
    return form_page("...html", form, ...)

or, where the form's view is just that, `submit_then` (below) in one call.

On success the session is committed once and `outcome.value` holds what the operation
returned. On a refusal (any `coordination.errors.Refused`) the session is rolled back, so
nothing the operation flushed before raising survives, and the French message goes where
the user is looking: on the named field, on the form as a whole, or as a flash message
when there is no form. The user's input stays in the form, as WTForms keeps it. Any other
exception propagates (a bug gives a 500 and the request's session is discarded).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, redirect, render_template

from coordination.errors import Refused
from coordination.extensions import db


@dataclass(slots=True)
class Outcome:
    """What `perform` did: truthy when the change was committed."""

    ok: bool
    value: Any = None
    error: Refused | None = None

    def __bool__(self) -> bool:
        return self.ok


def perform(
    operation: Callable[..., Any],
    *args,
    form=None,
    field: str | None = None,
    **kwargs,
) -> Outcome:
    """Run `operation(*args, **kwargs)`; commit on success, roll back and report a refusal."""
    try:
        value = operation(*args, **kwargs)
    except Refused as error:
        db.session.rollback()
        refuse(error, form=form, field=field)
        return Outcome(False, error=error)
    db.session.commit()
    return Outcome(True, value)


def submitted(form, operation: Callable[..., Any], *args, field: str | None = None, **kwargs):
    """`perform` the operation when `form` is posted and valid; otherwise a falsy Outcome
    and nothing done (the caller shows the form: empty, or with its errors)."""
    if not form.validate_on_submit():
        return Outcome(False)
    return perform(operation, *args, form=form, field=field, **kwargs)


def submit_then(
    form,
    operation: Callable[..., Any],
    *args,
    done: Any | Callable[[], Any],
    then: str | Callable[[Any], str],
    again: Callable[[], Any] | None = None,
    field: str | None = None,
    flash_refusal: bool = False,
    **kwargs,
):
    """A form view's write in one call: when `form` is posted and valid, `perform` the
    operation and, once committed, flash `done` and answer the redirect to `then`.
    Otherwise (a GET, invalid input, a refusal) answer `again()`, the form's page with the
    input kept and the refusal on it (on `form.<field>`, on the form as a whole, or flashed
    when `flash_refusal`), or None when no `again` is given and the caller shows it.

    `done` (a message, or a function giving it) and `then` (a URL, or a function of the
    operation's result) are read after the commit, as the view's own code would read them:
    what they load (the objects, the user's language) costs the same queries. The
    operation's arguments are evaluated before the form is validated, even on GET: pass
    plain values read from the form (anything that queries or may fail belongs in the
    operation). `web.confirm.confirm_then` is the same step for a confirmation page."""
    if form.validate_on_submit():
        shown_on = None if flash_refusal else form
        outcome = perform(operation, *args, form=shown_on, field=field, **kwargs)
        if outcome:
            flash(done() if callable(done) else done, "success")
            return redirect(then(outcome.value) if callable(then) else then)
    return again() if again is not None else None


def refuse(error: Refused | str, *, form=None, field: str | None = None) -> None:
    """Show a refusal's message: on `form.<field>`, on the whole form, or flashed."""
    message = str(error)
    if form is not None and field is not None:
        form[field].errors = [*(form[field].errors or ()), message]
    elif form is not None:
        form.form_errors.append(message)
    else:
        flash(message, "error")


def form_page(template: str, form, *, status: int | None = None, **context):
    """The page of `form` (shown first, or again after a refusal or invalid input): answers
    400 when the form carries errors, else 200 (or `status`, e.g. 409 on an edit conflict)."""
    code = status if status is not None else 400 if form.errors else 200
    return render_template(template, form=form, **context), code


def posted_values(form) -> dict:
    """The submitted values of all the form's fields but its CSRF token, by name: keyword
    arguments for an operation whose parameters are exactly the form's fields."""
    return {name: value for name, value in form.data.items() if name != "csrf_token"}


def form_values(form, *names: str) -> dict:
    """The submitted values of the fields `names`, by name: keyword arguments for an
    operation whose parameters are named like the form's fields."""
    return {name: form[name].data for name in names}
