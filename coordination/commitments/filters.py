"""Template helpers of the commitments: a status's translated label, a moved due date."""

from datetime import date

from flask import Flask
from flask_babel import format_date
from flask_babel import gettext as _

from coordination.commitments.forms import STATUS_LABELS
from coordination.directory.filters import labeller


def due_date_moved(old: date | None, new: date) -> str:
    """ "Due date moved from 15 January 2027 to 30 March 2027" (or "set to …" without one
    before), as the commitment's timeline and a campaign's story say it."""
    if old is None:
        return _("Due date set to %(new)s", new=format_date(new, "long"))
    return _(
        "Due date moved from %(old)s to %(new)s",
        old=format_date(old, "long"),
        new=format_date(new, "long"),
    )


def init_app(app: Flask) -> None:
    app.add_template_global(labeller("commitment status", STATUS_LABELS), "commitment_status_label")
    app.add_template_global(due_date_moved, "commitment_due_date_moved")
