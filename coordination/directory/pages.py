"""What every directory page starts with, public to the features built on the directory
(the commitments): who may open it, and paging."""

from flask import flash, redirect, url_for

from coordination.accounts.guard import require_second_factor
from coordination.coalitions.models import MEMBER
from coordination.extensions import db
from coordination.web.paging import page_number  # noqa: F401  (re-exported)
from coordination.web.scoping import coalition_or_404, refuse

PAGE = 50


def guests_may_see(coalition) -> bool:
    return bool(getattr(coalition, "guests_see_directory", False))


def may_see_directory(role: str, coalition) -> bool:
    """The one rule: members see the directory (and what is built on it, the commitments);
    guest associations only where the coalition decided so."""
    return role == MEMBER or guests_may_see(coalition)


def directory_or_404(coalition_id: int, *, write: bool = False, details: bool = False):
    """Members see and change the directory; guests see it if the coalition decided so.
    `details`: the page shows or exports contacts' details (or imports them), which a
    coalition may protect with the second factor (the lists stay visible without it)."""
    coalition = coalition_or_404(coalition_id, allow_guest=not write)
    if not may_see_directory(coalition.viewer_role, coalition):
        refuse(f"directory of coalition {coalition_id} (guest)")
    if details:
        require_second_factor(coalition)
    return coalition


def institution_first(coalition, form, message: str):
    """When `form` has no institution to choose from: `message` flashed and a redirect to
    adding one (the features built on the directory start from an institution); else None."""
    if form.institution_id.choices:
        return None
    flash(message, "info")
    return redirect(url_for("directory.new_institution", coalition_id=coalition.id))


def rows_of(stmt, *, offset: int, limit: int) -> list:
    """The ORM rows of `stmt` from `offset`, `limit` at most: a page for web/paging.page_of,
    e.g. `page_of(partial(rows_of, stmt), PAGE, "contacts")`."""
    return db.session.scalars(stmt.offset(offset).limit(limit)).unique().all()
