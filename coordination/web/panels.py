"""Home-page panels: features add what a delegate should see first, without the home page
knowing every feature (dependencies point one way)."""

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from coordination.web.i18n import lazy_text


@dataclass(frozen=True)
class Slot:
    order: int
    template: str
    context: Callable  # (*page arguments) -> dict, or None to leave the slot out
    title: object = ""  # e.g. a meeting pack's chapter: its title in the table of contents


class Slots:
    """Templates that features add to a page they do not own, in order, each rendered with
    its own context function (the home panels here, the meeting page's sections in
    coordination/meetings/sections.py)."""

    def __init__(self) -> None:
        self._slots: list[Slot] = []

    def register(self, order: int, template: str, context: Callable, title="") -> None:
        if any(s.template == template for s in self._slots):
            return
        self._slots.append(Slot(order, template, context, title))
        self._slots.sort(key=lambda s: s.order)

    def rendered(self, *args) -> list[tuple[Slot, Markup]]:
        """Each slot with its template rendered with `context(*args)` (names, not a nested
        mapping); a slot whose context is None is left out."""
        from flask import render_template

        shown = []
        for slot in self._slots:
            ctx = slot.context(*args)
            if ctx is not None:
                shown.append((slot, Markup(render_template(slot.template, **ctx))))  # noqa: S704
        return shown

    def render(self, *args) -> list[Markup]:
        return [html for _slot, html in self.rendered(*args)]


_panels = Slots()


def register_home_panel(order: int, template: str, context: Callable) -> None:
    """`context(user, coalitions)` gives the panel's context, or None to hide it."""
    _panels.register(order, template, context)


def home_panels(user, coalitions) -> list[Markup]:
    return _panels.render(user, coalitions)


@dataclass(frozen=True)
class CoalitionLink:
    key: str
    label: object
    endpoint: str
    order: int
    guests: object  # shown to guest associations too: a bool, or a function of the coalition


@dataclass(frozen=True)
class ResolvedLink:
    key: str
    label: str
    url: str


_links: list[CoalitionLink] = []


def register_coalition_link(
    key: str, label, endpoint: str, order: int = 50, guests: bool | Callable = False
) -> None:
    """A feature's entry in a coalition's sub-navigation (meetings, statements…)."""
    if any(link.key == key for link in _links):
        return
    _links.append(CoalitionLink(key, label, endpoint, order, guests))
    _links.sort(key=lambda link: link.order)


def coalition_links(coalition) -> list[ResolvedLink]:
    from flask import url_for

    role = getattr(coalition, "viewer_role", "member")
    return [
        ResolvedLink(
            link.key,
            lazy_text(("coalition link", link.key), link.label),
            url_for(link.endpoint, coalition_id=coalition.id),
        )
        for link in _links
        if role == "member" or (link.guests(coalition) if callable(link.guests) else link.guests)
    ]


# --- header links (notifications…): templates of one <li> each, in the main menu --------

_header_links: list[tuple[int, str]] = []


def register_header_link(order: int, template: str) -> None:
    """A feature's item in the main menu of logged-in delegates (e.g. unread count)."""
    if any(t == template for _o, t in _header_links):
        return
    _header_links.append((order, template))
    _header_links.sort()


def header_links() -> list[str]:
    return [template for _order, template in _header_links]
