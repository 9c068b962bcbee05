"""Reminder kind of the directory (see coordination/notifications/registry.py); the
commitments' due and overdue reminders are in coordination/commitments/reminders.py.

Recipients: the active delegates of the coalition's member associations (the directory
belongs to the members; `member_delegates` is public, the commitments use it too). Times
are Paris wall-clock times (NOTIFICATIONS_REMINDER_TIME, 9:00) on local calendar days.

- directory.stale_contacts: once a month (a daily kind keyed by the month), for each
  coalition with contacts not checked for its chosen period: how many, and the first few.

Contacts are personal data. The stale reminder keeps only the contacts' ids; their
names (never a phone number or an e-mail) are read when the message is written, so an
erased contact is not named, a contact checked in between is not listed, and a delegate
whose association has left the coalition gets the count only.

Each `due()` runs a fixed number of queries, whatever the number of contacts or
coalitions.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from coordination.accounts.models import User
from coordination.coalitions.models import MEMBER, Coalition, Membership
from coordination.directory.freshness import stale_cutoff
from coordination.directory.models import Contact, Institution
from coordination.extensions import db
from coordination.notifications import timing
from coordination.notifications.registry import DAILY, FeatureReminders, Occasion, user_ids_by
from coordination.notifications.timing import iso_date

STALE_CONTACTS = "directory.stale_contacts"

STALE_SAMPLE = 5  # contacts named in the monthly reminder


def member_delegates(coalition_ids: Iterable[int]) -> dict[int, list[int]]:
    """{coalition id: active delegates of its member associations}. One query."""
    return user_ids_by(
        coalition_ids,
        lambda ids: (
            sa.select(Membership.coalition_id, User.id)
            .join(User, User.association_id == Membership.association_id)
            .where(
                Membership.coalition_id.in_(ids),
                Membership.role == MEMBER,
                Membership.is_current,
                User.active.is_(True),
            )
            .order_by(Membership.coalition_id, User.id)
        ),
    )


# --- contacts not checked for a long time -----------------------------------------------


def due_stale_contacts(now: datetime) -> list[Occasion]:
    """Once a month per coalition with stale contacts (keyed by the local month): their
    number and the ids of the STALE_SAMPLE least recently checked. Three queries."""
    today = timing.local_date(now)
    coalitions = db.session.execute(
        sa.select(Coalition.id, Coalition.name, Coalition.stale_contact_months)
    ).all()
    by_period: dict[int, list[int]] = defaultdict(list)
    for c in coalitions:
        by_period[c.stale_contact_months].append(c.id)
    if not by_period:
        return []
    stale = sa.or_(
        *(
            sa.and_(
                Contact.coalition_id.in_(ids),
                Contact.last_checked_on <= stale_cutoff(today, months),
            )
            for months, ids in sorted(by_period.items())
        )
    )
    ranked = (
        sa.select(
            Contact.id,
            Contact.coalition_id,
            sa.func.row_number()
            .over(
                partition_by=Contact.coalition_id,
                order_by=(Contact.last_checked_on, Contact.id),
            )
            .label("rank"),
            sa.func.count().over(partition_by=Contact.coalition_id).label("total"),
        )
        .where(stale, Contact.erased_at.is_(None))
        .subquery()
    )
    samples: dict[int, list[int]] = defaultdict(list)
    totals: dict[int, int] = {}
    for contact_id, coalition_id, total in db.session.execute(
        sa.select(ranked.c.id, ranked.c.coalition_id, ranked.c.total)
        .where(ranked.c.rank <= STALE_SAMPLE)
        .order_by(ranked.c.coalition_id, ranked.c.rank)
    ):
        samples[coalition_id].append(contact_id)
        totals[coalition_id] = total
    if not totals:
        return []
    delegates = member_delegates(totals)
    month = f"{today:%Y-%m}"
    return [
        Occasion.named_by(
            "coalition",
            "coalition_id",
            month,
            delegates[c.id],
            {
                "coalition_id": c.id,
                "coalition_name": c.name,
                "count": totals[c.id],
                "months": c.stale_contact_months,
                "cutoff": stale_cutoff(today, c.stale_contact_months),
                "contact_ids": samples[c.id],
            },
        )
        for c in coalitions
        if c.id in totals and delegates.get(c.id)
    ]


def stale_sample(ctx: dict, user) -> list[dict]:
    """The sample's names and institutions, read now for this recipient: nothing unless
    the recipient's association is still a member of the coalition; erased contacts and
    contacts checked since are left out. Never a phone number or an e-mail. One query."""
    ids = [int(i) for i in ctx.get("contact_ids") or []]
    if not ids or user is None or not ctx.get("cutoff"):
        return []
    still_member = (
        sa.select(Membership.id)
        .where(
            Membership.coalition_id == ctx["coalition_id"],
            Membership.association_id == user.association_id,
            Membership.role == MEMBER,
            Membership.is_current,
        )
        .exists()
    )
    rows = db.session.execute(
        sa.select(Contact.id, Contact.name, Contact.kind, Institution.name)
        .join(Institution, Institution.id == Contact.institution_id)
        .where(
            Contact.id.in_(ids),
            Contact.coalition_id == ctx["coalition_id"],
            Contact.erased_at.is_(None),
            Contact.last_checked_on <= iso_date(ctx["cutoff"]),
            still_member,
        )
    ).all()
    found = {r[0]: {"name": r[1], "desk": r[2] == "desk", "institution": r[3]} for r in rows}
    return [found[i] for i in ids if i in found]


# --- registration -----------------------------------------------------------------------


def register(app: Flask) -> None:
    """Declare the directory's reminder kind and the helper its template uses."""
    app.add_template_global(stale_sample, "stale_contacts_sample")
    kinds = FeatureReminders("directory/reminders", prefix="directory", first_order=42)
    kinds.add(
        STALE_CONTACTS,
        label=_l("Contacts of the directory need checking"),
        description=_l(
            "Once a month, when contacts of your coalition's directory have not been "
            "checked for the period the coalition chose."
        ),
        due=due_stale_contacts,
        title=lambda ctx: ngettext(
            "%(num)d contact to check in %(coalition)s",
            "%(num)d contacts to check in %(coalition)s",
            ctx["count"],
            coalition=ctx["coalition_name"],
        ),
        link=lambda ctx: ("directory.contacts", {"coalition_id": ctx["coalition_id"], "stale": 1}),
        cadence=DAILY,
    )
