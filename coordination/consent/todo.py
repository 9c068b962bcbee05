"""The consent feature's line in the "À faire" list (coordination/web/todo.py): the
collective decisions waiting for the answer of the delegate's association."""

from flask_babel import gettext as _

from coordination.coalitions.models import MEMBER
from coordination.coalitions.operations import roles_of
from coordination.consent import service
from coordination.web.todo import Todo, register_todo_source


def decision_key(decision_id: int) -> str:
    """One key per decision: a feature that shows a decision its own way (a statement's
    sign-off) gives the same key, so the decision is listed once."""
    return f"decision:{decision_id}"


def decisions_to_answer(user, coalitions, now):
    roles = roles_of(user.association_id)
    member_of = [c.id for c in coalitions if roles.get(c.id) == MEMBER]
    for d in service.awaiting_association(user.association_id, member_of):
        yield Todo(
            key=decision_key(d.id),
            what=_("Answer the collective decision “%(title)s”", title=d.title),
            due=d.deadline,
            endpoint="consent.detail",
            values={"coalition_id": d.coalition_id, "decision_id": d.id},
        )


def register() -> None:
    # After the sources that show a decision in their own words (statements: order 20).
    register_todo_source("consent.decisions", decisions_to_answer, order=50)
