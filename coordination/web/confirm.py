"""One pattern for consequential actions (mark a meeting held, cancel it, close a date
poll, withdraw a decision, erase a contact, restore a revision): a confirmation page that
says in plain words what will happen and what cannot be undone.

The page is a GET route that changes nothing; the same URL with POST (its CSRF token, and
any field the page asks for) does it. It works without JavaScript. A view reads:

    confirmation = Confirmation(title=..., happens=[...], cannot_undo=..., button=...,
                                back=url_of_the_object)
    return confirm_then(confirmation, CsrfForm(), operation, *args, done=message,
                        then=url_after)

When the action is not possible now (`refusal`), the page explains why and has no button;
the operation refuses it too (the page is not the only guard).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import render_template

from coordination.web.writes import submit_then


@dataclass(slots=True)
class Confirmation:
    """What the confirmation page says. Texts are already translated (or lazy)."""

    title: Any  # the question: "Mark the meeting of … as held?"
    happens: Sequence[Any]  # what will happen, one sentence each
    button: Any  # what the button does, in words ("Mark the meeting as held")
    back: str  # the page to go back to, changing nothing
    cannot_undo: Any = None  # what cannot be undone (None: say how to undo in `undo`)
    undo: Any = None  # how to undo it, when it can be
    danger: bool = False  # a destructive action: the button is drawn as such
    listing: Sequence[Any] = ()  # names the page lists (e.g. who has not answered yet)
    listing_title: Any = None
    refusal: Any = None  # why it cannot be done now: explained, no button
    fields: Sequence[str] = field(default_factory=tuple)  # form fields to show (a checkbox…)
    hidden: dict = field(default_factory=dict)  # values posted with the button


def confirmation_page(confirmation: Confirmation, form):
    """The page (400 when a POST was refused or invalid, 409 when the action is refused)."""
    status = 409 if confirmation.refusal is not None else 400 if form.errors else 200
    return render_template("_confirm.html", c=confirmation, form=form), status


def confirm_then(
    confirmation: Confirmation,
    form,
    operation: Callable[..., Any],
    *args,
    done: Any,
    then: str | Callable[[Any], str],
    field: str | None = None,
    **kwargs,
):
    """GET: the confirmation page. POST with a valid form: run the operation through
    `perform` (one commit, or a rollback with the refusal shown on the page), flash `done`
    and redirect to `then` (a URL, or a function of the operation's result): `submit_then`."""
    if confirmation.refusal is None and (
        answer := submit_then(form, operation, *args, done=done, then=then, field=field, **kwargs)
    ):
        return answer
    return confirmation_page(confirmation, form)
