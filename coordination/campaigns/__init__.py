"""Campaigns: a fight a coalition leads for months or years — the demand, the institutions
and decision-makers it targets, its negotiation meetings and what was promised there,
its actions, its statements, its outcome — and its story, on screen, on paper and in
calendars.

Built on the directory (targets, read through `directory.reads`), the commitments (each
promise is a commitment, created through `commitments.operations` and linked here), the
statements (attached ones and their fate) and the consent service (launch and closing are
collective decisions). None of them imports the campaigns: the directory's pages list the
campaigns through `directory.extras`, the commitments' reminders carry the campaign
through `commitments.reminders.register_context`, the home page through its panels.

Modules: models, operations (the campaign, targets, participants, decisions), steps
(negotiation meetings, actions, promises, statements), timeline (the registry of timeline
sources), story (the campaigns' own sources), reads, calendar, forms, views, views_story,
reminders, home, search_sources, labels, demo, generate.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("campaigns", __name__)

ACTIONS = {
    "campaign.created": _l("Campaign created"),
    "campaign.changed": _l("Campaign changed"),
    "campaign.launched": _l("Campaign launched"),
    "campaign.closed": _l("Campaign closed"),
    "campaign.suspended": _l("Campaign suspended"),
    "campaign.resumed": _l("Campaign resumed"),
    "campaign.joined": _l("Association joined a campaign"),
    "campaign.negotiation": _l("Negotiation meeting recorded"),
    "campaign.action": _l("Campaign action recorded"),
    "campaign.statement_attached": _l("Statement attached to a campaign"),
}


def init_app(app: Flask) -> None:
    from coordination.campaigns import (  # noqa: F401
        demo,
        generate,
        home,
        labels,
        models,
        operations,
        reads,
        reminders,
        search_sources,
        story,
        views,
        views_story,
    )
    from coordination.directory.extras import register_directory_extra
    from coordination.directory.pages import guests_may_see
    from coordination.web.feature import DemoData, register_feature
    from coordination.web.panels import register_coalition_link, register_home_panel

    operations.register_decision_kinds()
    story.register()
    register_coalition_link("campaigns", _l("Campaigns"), "campaigns.index", 47, guests_may_see)
    register_home_panel(35, "campaigns/_home_panel.html", home.panel_context)
    register_directory_extra("institution_campaigns", reads.of_institution)
    register_directory_extra("contact_campaigns", reads.of_contact)
    search_sources.register()
    labels.init_app(app)
    reminders.register(app)
    # Its demo after the commitments' (41) and the statements': the promises and texts it tells of.
    register_feature(app, bp, log_actions=ACTIONS, demo=DemoData(45, demo.load, generate.generate))
