"""The institutional directory: institutions, offices and their opening hours, contacts
under GDPR safeguards (privacy.py: what is recorded, for how long, who reads it). It
imports nothing from the meetings; the commitments institutions made and the situations
followed with them are features of their own built on it (coordination/commitments/,
coordination/situations/), which add to the directory's pages through `directory.extras`."""

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
}


def init_app(app: Flask) -> None:
    from coordination.directory import (  # noqa: F401
        contact_views,
        demo,
        exchange_views,
        filters,
        generate,
        home,
        models,
        reminders,
        search_sources,
        todo,
        views,
    )
    from coordination.directory.pages import guests_may_see
    from coordination.web.feature import DemoData, register_feature
    from coordination.web.panels import register_coalition_link, register_home_panel

    register_coalition_link("directory", _l("Directory"), "directory.index", 40, guests_may_see)
    register_home_panel(40, "directory/_home_panel.html", home.panel_context)
    search_sources.register()
    todo.register()
    filters.init_app(app)
    reminders.register(app)
    register_feature(app, bp, log_actions=ACTIONS, demo=DemoData(40, demo.load, generate.generate))
