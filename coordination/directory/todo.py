"""The directory's lines in the "À faire" list (coordination/web/todo.py): contacts to
check again. Each stale contact the delegate's association added is a line of its own (it
knows them best); the other stale contacts of a coalition make one line, to the list of
contacts not checked for a long time. Two queries for all coalitions."""

from flask_babel import gettext as _
from flask_babel import ngettext

from coordination.directory import home, reads
from coordination.web.todo import Todo, register_todo_source


def contacts_to_check(user, coalitions, now):
    visible = home.directory_coalitions(user, coalitions)
    if not visible:
        return
    mine = reads.stale_added_by(user.association_id, visible)
    totals = reads.stale_counts(visible)
    for row in mine:
        yield Todo(
            key=f"contact:{row.id}",
            what=_(
                "Check that the contact %(name)s (%(institution)s) is still right",
                name=row.name or row.institution,
                institution=row.institution,
            ),
            due=row.last_checked_on,
            due_means="since",
            endpoint="directory.contact",
            values={"coalition_id": row.coalition_id, "contact_id": row.id},
        )
    for c in visible:
        others = totals.get(c.id, 0) - sum(1 for row in mine if row.coalition_id == c.id)
        if others > 0:
            yield Todo(
                key=f"contacts:{c.id}",
                what=ngettext(
                    "Check %(num)d contact not checked for a long time",
                    "Check %(num)d contacts not checked for a long time",
                    others,
                ),
                due=None,
                endpoint="directory.contacts",
                values={"coalition_id": c.id, "stale": 1},
            )


def register() -> None:
    register_todo_source("directory.contacts", contacts_to_check, order=60)
