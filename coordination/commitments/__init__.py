"""Commitments: what institutions promised a coalition, by what date, and what became of it.

Built on the directory (a commitment is an institution's, maybe a contact's: read through
`coordination.directory.reads`) and linked to meetings only through their public API: the
meeting page's sections (`meetings.sections.register_meeting_section`) and who may see a
meeting (`meetings.access.may_see`). The directory's pages show an institution's or a
contact's commitments through `directory.extras`, so the directory imports nothing from here.

Modules: models, deadlines (pure rules: overdue, due soon), reads (every query),
operations (changes; they flush, the views commit through `web.writes.perform`), forms,
views, reminders (due and overdue), search_sources, demo, generate.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("commitments", __name__)

ACTIONS = {
    "commitment.added": _l("Commitment recorded"),
    "commitment.changed": _l("Commitment changed"),
    "commitment.followed_up": _l("Commitment followed up"),
    "commitment.status_changed": _l("Commitment status changed"),
    "commitment.rescheduled": _l("Commitment due date moved"),
}


def init_app(app: Flask) -> None:
    from coordination.commitments import (  # noqa: F401
        demo,
        filters,
        generate,
        models,
        pack,
        reads,
        reminders,
        search_sources,
        views,
    )
    from coordination.directory.extras import register_directory_extra
    from coordination.directory.pages import guests_may_see
    from coordination.meetings.sections import register_meeting_section, register_pack_section
    from coordination.web.feature import DemoData, register_feature
    from coordination.web.panels import register_coalition_link

    register_coalition_link(
        "commitments", _l("Commitments"), "commitments.index", 45, guests_may_see
    )
    register_meeting_section(40, "commitments/_meeting_commitments.html", views.meeting_section)
    register_pack_section(40, pack.TITLE, "commitments/_pack_due.html", pack.pack_section)
    register_directory_extra("institution_commitments", reads.of_institution)
    register_directory_extra("contact_commitments", reads.of_contact)
    register_directory_extra("overdue_counts", reads.overdue_counts)
    search_sources.register()
    filters.init_app(app)
    reminders.register(app)
    # Its demo right after the directory's (40): the contacts and institutions they point to exist.
    register_feature(app, bp, log_actions=ACTIONS, demo=DemoData(41, demo.load, generate.generate))
