"""The statements' lines in the "À faire" list (coordination/web/todo.py): statements in
consultation waiting for the sign-off of the delegate's association. A sign-off is also a
collective decision: the same key as the decision's line keeps it listed once, in the
statement's words (this source registers before the decisions' one)."""

from flask_babel import gettext as _

from coordination.consent.todo import decision_key
from coordination.statements import signoff
from coordination.web.todo import Todo, register_todo_source


def statements_to_sign(user, coalitions, now):
    for row, as_guest, deadline in signoff.awaiting_sign_off(user.association_id, coalitions):
        if as_guest:  # a guest co-signs on the decision's page (it cannot see drafts)
            what = _("Say whether your association co-signs “%(title)s”", title=row.title)
            endpoint, values = "consent.detail", {"decision_id": row.decision_id}
            anchor = None
        else:
            what = _("Sign off the statement “%(title)s”", title=row.title)
            endpoint, values, anchor = "statements.show", {"statement_id": row.id}, "sign-off"
        yield Todo(
            key=decision_key(row.decision_id),
            what=what,
            due=deadline,
            endpoint=endpoint,
            values={"coalition_id": row.coalition_id, **values},
            anchor=anchor,
        )


def register() -> None:
    register_todo_source("statements.sign_off", statements_to_sign, order=20)
