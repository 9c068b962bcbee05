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
from dataclasses import dataclass

from markupsafe import Markup

from coordination.web.panels import Slots


@dataclass(frozen=True)
class Chapter:
    title: str
    html: Markup


_sections = Slots()


def register_meeting_section(order: int, template: str, context: Callable) -> None:
    _sections.register(order, template, context)


def meeting_sections(coalition, meeting) -> list[Markup]:
    """Each registered section rendered with its own context."""
    return _sections.render(coalition, meeting)


# --- the meeting pack ("dossier de séance") ---------------------------------------------------
# Chapters other features add to a meeting's printed pack (e.g. the statements awaiting
# sign-off, the commitments coming due), in the same way:
#
#     register_pack_section(order, _l("Title"), "feature/_pack_section.html", context_fn)
#
# The template starts with `<section class="pack-section">` and a `<h2>`, is printed on
# paper (no links or buttons: they mean nothing there) and also goes into the PDF.
# `context_fn(coalition, meeting)` runs a fixed number of queries whatever the data.

_pack_sections = Slots()


def register_pack_section(order: int, title, template: str, context: Callable) -> None:
    _pack_sections.register(order, template, context, title)


def pack_sections(coalition, meeting) -> list[Chapter]:
    """Each registered chapter of the pack rendered with its own context."""
    return [
        Chapter(str(slot.title), html) for slot, html in _pack_sections.rendered(coalition, meeting)
    ]
