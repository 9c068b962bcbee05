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


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Callable  # (coalition, meeting) -> dict | None
    title: object = ""  # the pack's chapters: the title in its table of contents


@dataclass(frozen=True)
class Chapter:
    title: str
    html: Markup


_sections: list[Section] = []


def register_meeting_section(order: int, template: str, context: Callable) -> None:
    if any(s.template == template for s in _sections):
        return
    _sections.append(Section(order, template, context))
    _sections.sort(key=lambda s: s.order)


def meeting_sections(coalition, meeting) -> list[Markup]:
    """Each registered section rendered with its own context."""
    return _render(_sections, coalition, meeting)


def _render(sections: list[Section], coalition, meeting, *, keep_empty=False) -> list:
    """Each section rendered with its own context; a section whose context is None is
    left out (or given as None with `keep_empty`)."""
    from flask import render_template

    shown = []
    for section in sections:
        ctx = section.context(coalition, meeting)
        if ctx is not None:
            shown.append(Markup(render_template(section.template, **ctx)))  # noqa: S704
        elif keep_empty:
            shown.append(None)
    return shown


# --- the meeting pack ("dossier de séance") ---------------------------------------------------
# Chapters other features add to a meeting's printed pack (e.g. the statements awaiting
# sign-off, the commitments coming due), in the same way:
#
#     register_pack_section(order, _l("Title"), "feature/_pack_section.html", context_fn)
#
# The template starts with `<section class="pack-section">` and a `<h2>`, is printed on
# paper (no links or buttons: they mean nothing there) and also goes into the PDF.
# `context_fn(coalition, meeting)` runs a fixed number of queries whatever the data.

_pack_sections: list[Section] = []


def register_pack_section(order: int, title, template: str, context: Callable) -> None:
    if any(s.template == template for s in _pack_sections):
        return
    _pack_sections.append(Section(order, template, context, title))
    _pack_sections.sort(key=lambda s: s.order)


def pack_sections(coalition, meeting) -> list[Chapter]:
    """Each registered chapter of the pack rendered with its own context."""
    rendered = _render(_pack_sections, coalition, meeting, keep_empty=True)
    return [
        Chapter(str(section.title), html)
        for section, html in zip(_pack_sections, rendered, strict=True)
        if html is not None
    ]
