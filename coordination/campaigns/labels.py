"""The words of the campaigns: statuses, kinds of action, outcomes (translated when shown)."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from coordination.campaigns.models import (
    ABANDONED,
    ACTION,
    ACTIVE,
    LETTER,
    LOST,
    NEGOTIATION,
    PETITION,
    PREPARING,
    PRESS,
    RALLY,
    SUSPENDED,
    WON,
)
from coordination.directory.filters import labeller

STATUS_LABELS = {
    PREPARING: _l("in preparation"),
    ACTIVE: _l("in progress"),
    WON: _l("won"),
    LOST: _l("lost"),
    ABANDONED: _l("abandoned"),
    SUSPENDED: _l("suspended"),
}

ACTION_TYPE_LABELS = {
    LETTER: _l("Letter sent"),
    RALLY: _l("Rally"),
    PRESS: _l("Press article"),
    PETITION: _l("Petition"),
}

STEP_LABELS = {
    NEGOTIATION: _l("Negotiation meeting"),
    ACTION: _l("Action"),
}

status_label = labeller("campaign status", STATUS_LABELS)
action_type_label = labeller("campaign action type", ACTION_TYPE_LABELS)
step_label = labeller("campaign step", STEP_LABELS)


def init_app(app: Flask) -> None:
    app.add_template_global(status_label, "campaign_status_label")
