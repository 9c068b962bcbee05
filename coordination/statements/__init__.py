"""Joint advocacy statements: drafted together with every revision kept, compared and
merged without lost edits, commented, signed off by each association (consent), printed,
exported to PDF, and followed up after adoption."""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

bp = Blueprint("statements", __name__)


def init_app(app: Flask) -> None:
    from coordination.meetings.sections import register_pack_section
    from coordination.statements import (  # noqa: F401
        demo,
        generate,
        models,
        operations,
        pack,
        search_sources,
        signoff,
        todo,
        views,
        views_comments,
        views_drafting,
        views_output,
        views_signoff,
    )
    from coordination.web.feature import DemoData, register_feature
    from coordination.web.panels import register_coalition_link

    operations.register_actions()
    signoff.register_decision_kind()
    search_sources.register()
    register_coalition_link("statements", _l("Statements"), "statements.index", order=30)
    register_pack_section(30, pack.TITLE, "statements/_pack_signoff.html", pack.pack_section)
    todo.register()
    register_feature(app, bp, demo=DemoData(30, demo.load, generate.generate))
