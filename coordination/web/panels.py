"""Home-page panels: features add what a delegate should see first, without the home page
knowing every feature (dependencies point one way)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from markupsafe import Markup

from coordination.web.i18n import lazy_text

T = TypeVar("T")


class Registered(Generic[T]):
    """What features register at init time, each under a name, kept in the order of
    `sort_key`: the home panels, the coalition links, the header links here, the "À faire"
    sources in coordination/web/todo.py. Registering a name again does nothing (a second
    app instance registers the same)."""

    def __init__(self, sort_key: Callable[[T], object]) -> None:
        self._sort_key = sort_key
        self._entries: list[tuple[str, T]] = []

    def register(self, name: str, entry: T) -> None:
        if any(known == name for known, _entry in self._entries):
            return
        self._entries.append((name, entry))
        self._entries.sort(key=lambda named: self._sort_key(named[1]))

    def unregister(self, name: str) -> None:
        self._entries[:] = [(known, e) for known, e in self._entries if known != name]

    def names(self) -> list[str]:
        return [name for name, _entry in self._entries]

    def __iter__(self) -> Iterator[T]:
        return iter([entry for _name, entry in self._entries])


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
        self._slots: Registered[Slot] = Registered(lambda s: s.order)

    def register(self, order: int, template: str, context: Callable, title="") -> None:
        self._slots.register(template, Slot(order, template, context, title))

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


_links: Registered[CoalitionLink] = Registered(lambda link: link.order)


def register_coalition_link(
    key: str, label, endpoint: str, order: int = 50, guests: bool | Callable = False
) -> None:
    """A feature's entry in a coalition's sub-navigation (meetings, statements…)."""
    _links.register(key, CoalitionLink(key, label, endpoint, order, guests))


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

_header_links: Registered[tuple[int, str]] = Registered(lambda order_template: order_template)


def register_header_link(order: int, template: str) -> None:
    """A feature's item in the main menu of logged-in delegates (e.g. unread count)."""
    _header_links.register(template, (order, template))


def header_links() -> list[str]:
    return [template for _order, template in _header_links]
