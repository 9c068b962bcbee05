"""Coalition changes. Anything coalition-wide goes through a collective decision; the
effects below run when such a decision passes. Functions flush; callers commit."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions import reads, transparency
from coordination.coalitions.models import MEMBER, Association, Coalition, Membership
from coordination.consent import service as consent
from coordination.db import today
from coordination.errors import Refused
from coordination.extensions import db
from coordination.web.memo import per_request

ADMIT, REMOVE, SETTINGS = "coalition.admit", "coalition.remove", "coalition.settings"
SETTING_FIELDS = (
    "name",
    "territory",
    "description",
    "cadence_months",
    "attendance_quota",
    "decision_days",
    "stale_contact_months",
    "guests_see_directory",
    "public_statements",
    "directory_second_factor",
    "access_log_months",
    "notification_months",
)


class CoalitionError(Refused):
    pass


def add_logged(row, action: str, summary: str, *, by, obj=None):
    """Insert `row` (flushed: it has its id) and log `action` about `obj` (the row itself
    unless said otherwise) in the row's coalition's transparency log, by `by`."""
    db.session.add(row)
    db.session.flush()
    transparency.record(row.coalition_id, action, summary, user=by, obj=row if obj is None else obj)
    return row


# --- queries ----------------------------------------------------------------------------


def coalitions_of(association_id: int, *, include_guest: bool = True) -> list[Coalition]:
    return [c for c, role in memberships_of(association_id) if include_guest or role == MEMBER]


def roles_of(association_id: int) -> dict[int, str]:
    """{coalition id: "member" or "guest"} for the association's current memberships."""
    return {c.id: role for c, role in memberships_of(association_id)}


def memberships_of(association_id: int) -> list[tuple[Coalition, str]]:
    """[(coalition, role)] of the association's current memberships, by coalition name."""
    return per_request(
        ("memberships", association_id), lambda: _coalitions_and_roles(association_id)
    )


def _coalitions_and_roles(association_id: int) -> list[tuple[Coalition, str]]:
    return list(db.session.execute(reads.COALITIONS_AND_ROLES, {"association_id": association_id}))


membership_rows = reads.membership_rows  # callers read it here too


def active_memberships(coalition_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Membership.association)
            .where(Membership.coalition_id == coalition_id, Membership.is_current)
            .order_by(Membership.role.desc(), Association.name)
        )
    )


def association_by_name(name: str) -> Association | None:
    return db.session.scalars(
        sa.select(Association).where(sa.func.lower(Association.name) == name.strip().lower())
    ).first()


def membership_of(coalition_id: int, association_id: int) -> Membership | None:
    return db.session.scalars(
        sa.select(Membership).where(
            Membership.coalition_id == coalition_id,
            Membership.association_id == association_id,
            Membership.is_current,
        )
    ).first()


# --- creation ---------------------------------------------------------------------------


def create_association(
    name: str,
    short_name: str,
    *,
    address: str = "",
    venue_name: str = "",
    can_host: bool = True,
    access_notes: str = "",
) -> Association:
    association = Association(
        name=name.strip(),
        short_name=short_name.strip(),
        address=address.strip(),
        venue_name=venue_name.strip(),
        can_host=can_host,
        access_notes=access_notes.strip(),
    )
    db.session.add(association)
    db.session.flush()
    return association


def create_coalition(
    name: str,
    founders: list[Association],
    *,
    territory: str = "",
    description: str = "",
    by=None,
    since: date | None = None,
) -> Coalition:
    """A coalition is created by its founding associations, all equal members."""
    if not founders:
        raise CoalitionError(_l("A coalition needs at least one founding association."))
    coalition = Coalition(
        name=name.strip(), territory=territory.strip(), description=description.strip()
    )
    db.session.add(coalition)
    db.session.flush()
    for association in founders:
        db.session.add(
            Membership(
                coalition_id=coalition.id,
                association_id=association.id,
                role=MEMBER,
                since=since or today(),
            )
        )
    db.session.flush()
    transparency.record(coalition.id, "coalition.created", coalition.name, user=by, obj=coalition)
    return coalition


# --- proposals (each opens a collective decision) ----------------------------------------


def propose_admission(
    coalition: Coalition,
    *,
    by,
    role: str = MEMBER,
    association: Association | None = None,
    new: dict | None = None,
    reason: str = "",
) -> consent.Decision:
    """Propose to admit an existing association, or a new one described in `new`."""
    if association is not None and membership_of(coalition.id, association.id):
        raise CoalitionError(_l("This association already takes part in the coalition."))
    name = association.name if association is not None else new["name"]
    label = (
        _l("Admit %(name)s as a member", name=name)
        if role == MEMBER
        else _l("Invite %(name)s as a guest association", name=name)
    )
    payload = {
        "role": role,
        "association_id": association.id if association else None,
        "new": new or None,
    }
    return consent.open_decision(
        coalition, ADMIT, str(label), by=by, payload=payload, description=reason
    )


def propose_removal(
    coalition: Coalition, association: Association, *, by, reason: str
) -> consent.Decision:
    if membership_of(coalition.id, association.id) is None:
        raise CoalitionError(_l("This association does not take part in the coalition."))
    label = _l("Remove %(name)s from the coalition", name=association.name)
    return consent.open_decision(
        coalition,
        REMOVE,
        str(label),
        by=by,
        payload={"association_id": association.id, "concerned_association_id": association.id},
        description=reason,
    )


def propose_settings(
    coalition: Coalition, changes: dict, *, by, reason: str = ""
) -> consent.Decision:
    changes = {
        k: v for k, v in changes.items() if k in SETTING_FIELDS and getattr(coalition, k) != v
    }
    if not changes:
        raise CoalitionError(_l("Nothing would change."))
    return consent.open_decision(
        coalition,
        SETTINGS,
        str(_l("Change the coalition's settings")),
        by=by,
        payload={"changes": changes},
        description=reason,
    )


# --- effects of passed decisions ---------------------------------------------------------


def _admit(decision) -> None:
    payload = decision.payload
    association_id = payload.get("association_id")
    if association_id is None:
        new = payload["new"]
        existing = association_by_name(new["name"])
        association = existing or create_association(
            new["name"],
            new.get("short_name") or new["name"][:40],
            address=new.get("address", ""),
            venue_name=new.get("venue_name", ""),
        )
        association_id = association.id
    # The admitted association never decides its own admission (consent.electorate).
    decision.payload = {**payload, "concerned_association_id": association_id}
    if membership_of(decision.coalition_id, association_id) is None:
        db.session.add(
            Membership(
                coalition_id=decision.coalition_id,
                association_id=association_id,
                role=payload["role"],
            )
        )
        db.session.flush()
    action = "membership.admitted" if payload["role"] == MEMBER else "membership.guest_added"
    name = db.session.get(Association, association_id).name
    transparency.record(decision.coalition_id, action, name, obj=decision)
    if payload.get("new") and payload["new"].get("delegate_email"):
        _invite_first_delegate(decision, association_id, payload["new"])


def _invite_first_delegate(decision, association_id: int, new: dict) -> None:
    from coordination.accounts import operations as accounts
    from coordination.accounts.models import User

    proposer = db.session.get(User, decision.opened_by_id) if decision.opened_by_id else None
    if proposer is None or accounts.find_by_email(new["delegate_email"]):
        return
    accounts.invite_delegate(
        proposer, new["delegate_email"], new.get("delegate_name", ""), association_id=association_id
    )


def _remove(decision) -> None:
    membership = membership_of(decision.coalition_id, decision.payload["association_id"])
    if membership is not None:
        membership.left_on = today()
        db.session.flush()
        transparency.record(
            decision.coalition_id, "membership.removed", membership.association.name, obj=decision
        )


def _apply_settings(decision) -> None:
    coalition = db.session.get(Coalition, decision.coalition_id)
    for key, value in decision.payload["changes"].items():
        if key in SETTING_FIELDS:
            setattr(coalition, key, value)
    db.session.flush()
    summary = ", ".join(f"{k} = {v}" for k, v in decision.payload["changes"].items())
    transparency.record(coalition.id, "coalition.settings_changed", summary, obj=decision)


def register_decision_kinds() -> None:
    consent.register_kind(ADMIT, _l("Admission"), on_passed=_admit)
    consent.register_kind(REMOVE, _l("Removal"), on_passed=_remove)
    consent.register_kind(SETTINGS, _l("Settings"), on_passed=_apply_settings)
