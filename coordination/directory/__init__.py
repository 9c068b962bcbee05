"""The institutional directory (institutions, offices, contacts under GDPR safeguards,
interaction notes) and the commitments institutions made."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("directory", __name__)

ACTIONS = {
    "directory.institution_added": _l("Institution added to the directory"),
    "directory.institution_changed": _l("Institution changed"),
    "directory.office_added": _l("Office added to the directory"),
    "directory.office_changed": _l("Office changed"),
    "directory.hours_changed": _l("Opening hours changed"),
    "directory.contact_added": _l("Contact added to the directory"),
    "directory.contact_changed": _l("Contact changed"),
    "directory.contact_checked": _l("Contact confirmed as still valid"),
    "directory.contact_erased": _l("Contact erased on request"),
    "directory.exported": _l("Directory exported"),
    "directory.imported": _l("Contacts imported"),
    "commitment.added": _l("Commitment recorded"),
    "commitment.changed": _l("Commitment changed"),
    "commitment.followed_up": _l("Commitment followed up"),
    "commitment.status_changed": _l("Commitment status changed"),
}


def guests_may_see(coalition) -> bool:
    return bool(getattr(coalition, "guests_see_directory", False))


def init_app(app: Flask) -> None:
    from coordination.coalitions.transparency import register_action
    from coordination.demo.registry import register_demo_loader
    from coordination.directory import (  # noqa: F401
        commitment_views,
        demo,
        filters,
        generate,
        home,
        models,
        search_sources,
        views,
    )
    from coordination.web.panels import register_coalition_link, register_home_panel

    for code, label in ACTIONS.items():
        register_action(code, label)
    register_coalition_link("directory", _l("Directory"), "directory.index", 40, guests_may_see)
    register_coalition_link(
        "commitments", _l("Commitments"), "directory.commitments", 45, guests_may_see
    )
    register_home_panel(40, "directory/_home_panel.html", home.panel_context)
    from coordination.meetings.sections import register_meeting_section

    register_meeting_section(
        40, "directory/_meeting_commitments.html", commitment_views.meeting_section
    )
    register_demo_loader(40, demo.load)
    from coordination.demo.generate import register_generator

    register_generator(40, generate.generate)
    search_sources.register()
    filters.init_app(app)
    from coordination.directory import reminders

    reminders.register(app)
    app.register_blueprint(bp)
