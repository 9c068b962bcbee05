"""Home-page panels: features add what a delegate should see first, without the home page
knowing every feature (dependencies point one way)."""

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from coordination.web.i18n import lazy_text


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable  # (user, coalitions) -> dict, or None to hide the panel


_panels: list[Panel] = []


def register_home_panel(order: int, template: str, context: Callable) -> None:
    if any(p.template == template for p in _panels):
        return
    _panels.append(Panel(order, template, context))
    _panels.sort(key=lambda p: p.order)


def home_panels(user, coalitions) -> list[Markup]:
    """Each feature's panel rendered with its own context (names, not a nested mapping)."""
    from flask import render_template

    shown = []
    for panel in _panels:
        ctx = panel.context(user, coalitions)
        if ctx is not None:
            shown.append(Markup(render_template(panel.template, **ctx)))  # noqa: S704
    return shown


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
