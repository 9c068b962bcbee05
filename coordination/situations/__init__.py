"""Situations: the complex cases an association follows with an institution (theme,
institution and office, contact used, obstacles, dated steps, outcome and delay), never a
person's identity (identity_guard.py refuses identifiers in their text), and the figures
they add up to, which a statement can cite, frozen at the date of citation.

Built on the directory (institutions, offices, contacts: its public reads; its office page
shows the office's figures through `directory.extras`) and on the statements (citing goes
through their drafting operation). Nothing imports this package.

Modules: vocabulary (built-in lists), models, identity_guard (pure), stats (pure delays,
percentiles, the small-number rule), figures (pure aggregation), reads (every query),
operations (changes), citing + citation (the frozen block), exports (CSV, XLSX), forms,
access (who sees), views, views_figures, directory_extras, demo, generate.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("situations", __name__)

ACTIONS = {
    "situation.recorded": _l("Situation recorded"),
    "situation.closed": _l("Situation closed"),
    "situation.reopened": _l("Situation reopened"),
    "situation.deleted": _l("Situation deleted"),
}


def init_app(app: Flask) -> None:
    from coordination.directory.extras import register_directory_extra
    from coordination.directory.filters import labeller
    from coordination.situations import (  # noqa: F401
        demo,
        directory_extras,
        generate,
        models,
        stats,
        views,
        views_figures,
    )
    from coordination.situations.vocabulary import OUTCOME_LABELS, STEP_LABELS
    from coordination.web.feature import DemoData, register_feature
    from coordination.web.panels import register_coalition_link

    register_coalition_link("situations", _l("Situations"), "situations.index", 47)
    register_directory_extra("office_situations", directory_extras.office_panel)
    register_directory_extra("contact_situations", directory_extras.contact_panel)
    register_directory_extra("contact_erased", directory_extras.contact_erased)
    app.add_template_filter(stats.protect, "small")
    app.add_template_global(stats.share, "share")
    outcome_label = labeller("situation outcome", OUTCOME_LABELS)
    app.add_template_global(outcome_label, "situation_outcome_label")
    app.add_template_global(labeller("situation step", STEP_LABELS), "situation_step_label")
    # Its demo after the directory's (40), the commitments' (41) and the statements'.
    register_feature(app, bp, log_actions=ACTIONS, demo=DemoData(47, demo.load, generate.generate))
