"""Sections that other features add to the meeting page (e.g. the commitments institutions
made at that meeting), without the meetings feature knowing them: dependencies point one
way, as with the home panels (coordination/web/panels.py).

    register_meeting_section(order, "feature/_meeting_section.html", context_fn)

`context_fn(coalition, meeting)` returns the template's context, or None to leave the
section out (e.g. for a guest association). It should run a fixed number of queries.
`meeting` is the page's read-only row of the meeting (meetings.reads.MeetingRow: id,
coalition_id, title, starts_at, status…), not an ORM object.
"""

from collections.abc import Callable

from markupsafe import Markup

from coordination.web.panels import Slots

_sections = Slots()


def register_meeting_section(order: int, template: str, context: Callable) -> None:
    _sections.register(order, template, context)


def meeting_sections(coalition, meeting) -> list[Markup]:
    """Each registered section rendered with its own context."""
    return _sections.render(coalition, meeting)
