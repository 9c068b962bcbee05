"""The one way to load coalition data: scoped by the current delegate's coalitions.

Another coalition's object answers 404, exactly like a missing one, so that ids reveal
nothing. Every view goes through `coalition_or_404` and `scoped_or_404`.
"""

import logging

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user

from coordination.extensions import db

log = logging.getLogger("coordination.access")


def refuse(reason: str):
    log.warning(
        "refused access: %s user=%s path=%s ip=%s",
        reason,
        getattr(current_user, "id", None),
        request.path,
        request.remote_addr,
    )
    abort(404)


def coalition_or_404(coalition_id: int, *, allow_guest: bool = False):
    """The coalition if the current delegate's association takes part in it."""
    from coordination.coalitions.operations import memberships_of

    # The association's memberships are read once per page (the menu and panels need them
    # too); a coalition it is not in is refused like a missing one.
    for coalition, role in memberships_of(current_user.association_id):
        if coalition.id == coalition_id:
            if role != "member" and not allow_guest:
                break
            coalition.viewer_role = role
            return coalition
    refuse(f"coalition {coalition_id}")


def scoped_or_404(model, object_id: int, coalition, *options):
    """Load `model` by id only if it belongs to `coalition` (models carry coalition_id)."""
    stmt = sa.select(model).where(model.id == object_id, model.coalition_id == coalition.id)
    if options:
        stmt = stmt.options(*options)
    obj = db.session.scalars(stmt).first()
    if obj is None:
        refuse(f"{model.__name__} {object_id} outside coalition {coalition.id}")
    return obj
