"""What the situations add to the directory's pages (registered in `directory.extras`, so
the directory imports nothing from here): an office's observed delay ("délai médian
constaté : 21 jours, 14 situations") and, on a contact's page, the situations followed
through them; each with the link to record a situation there. Members only (guests of a
collectif that opens its directory see nothing of the situations)."""

from flask import render_template
from markupsafe import Markup

from coordination.coalitions.models import MEMBER
from coordination.situations import operations, reads
from coordination.situations.figures import delays_of


def office_panel(coalition, office) -> Markup:
    if getattr(coalition, "viewer_role", MEMBER) != MEMBER:
        return Markup("")
    delays = delays_of(office.id, reads.office_items(office.id))
    html = render_template(
        "situations/_office_panel.html", coalition=coalition, office=office, delays=delays
    )
    return Markup(html)  # noqa: S704 - rendered by Jinja, autoescaped


def contact_panel(coalition, contact) -> Markup:
    if getattr(coalition, "viewer_role", MEMBER) != MEMBER:
        return Markup("")
    total, still_open = reads.counts_by_contact(contact.id)
    html = render_template(
        "situations/_contact_panel.html",
        coalition=coalition,
        contact=contact,
        total=total,
        still_open=still_open,
    )
    return Markup(html)  # noqa: S704 - rendered by Jinja, autoescaped


def contact_erased(contact_id: int) -> None:
    """A contact erased on request: the free text of the steps of the situations followed
    through them goes too (it may tell how that person handled the case); the situations,
    their outcome and delays stay."""
    operations.empty_step_notes_of_contact(contact_id)
