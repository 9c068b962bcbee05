"""Reminder kinds of the directory (see coordination/notifications/registry.py).

Recipients: the active delegates of the coalition's member associations (the directory
and its commitments belong to the members). Times are Paris wall-clock times
(NOTIFICATIONS_REMINDER_TIME, 9:00) on local calendar days, whatever the season.

- commitment.due: a pending commitment, 9:00 seven days before its due date (at once
  for one recorded less than a week ahead), until the end of that day;
- commitment.overdue: a pending commitment, 9:00 the day after its due date, then
  monthly (same day of the month, clamped to the month's end) while it stays pending;
- directory.stale_contacts: once a month (a daily kind keyed by the month), for each
  coalition with contacts not checked for its chosen period: how many, and the first few.

Contacts are personal data. The stale reminder keeps only the contacts' ids; their
names (never a phone number or an e-mail) are read when the message is written, so an
erased contact is not named, a contact checked in between is not listed, and a delegate
whose association has left the coalition gets the count only.

Each `due()` runs a fixed number of queries, whatever the number of commitments,
contacts or coalitions.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Flask
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions.models import MEMBER, Coalition, Membership
from coordination.directory.deadlines import PENDING
from coordination.directory.freshness import add_months, stale_cutoff
from coordination.directory.models import Commitment, Contact, Institution
from coordination.extensions import db
from coordination.notifications import due_dates, timing
from coordination.notifications.registry import DAILY, Occasion, register_reminder_kind, short_title
from coordination.notifications.timing import iso_date, reminder_time

COMMITMENT_DUE = "commitment.due"
COMMITMENT_OVERDUE = "commitment.overdue"
STALE_CONTACTS = "directory.stale_contacts"

DUE_DAYS = 7
STALE_SAMPLE = 5  # contacts named in the monthly reminder


def monthly_overdue_day(due_on: date, now: datetime, at: time) -> date | None:
    """The latest overdue reminder day not after `now`: the day after `due_on`, then the
    same day of each following month (clamped); None before the first one."""
    first = due_on + timedelta(days=1)
    day = timing.effective_day(now, at)
    if day < first:
        return None
    months = (day.year - first.year) * 12 + day.month - first.month
    while months > 0 and add_months(first, months) > day:
        months -= 1
    return add_months(first, months)


def member_delegates(coalition_ids: Iterable[int]) -> dict[int, list[int]]:
    """{coalition id: active delegates of its member associations}. One query."""
    ids = set(coalition_ids)
    result: dict[int, list[int]] = defaultdict(list)
    if ids:
        for coalition_id, user_id in db.session.execute(
            sa.select(Membership.coalition_id, User.id)
            .join(User, User.association_id == Membership.association_id)
            .where(
                Membership.coalition_id.in_(ids),
                Membership.role == MEMBER,
                Membership.is_current,
                User.active.is_(True),
            )
            .order_by(Membership.coalition_id, User.id)
        ):
            result[coalition_id].append(user_id)
    return result


# --- commitments ------------------------------------------------------------------------


def pending_commitments(condition) -> list[sa.Row]:
    """Pending commitments matching `condition`, with what a reminder shows. One query
    (the (coalition_id, status, due_on) index, coalition by coalition)."""
    return db.session.execute(
        sa.select(
            Commitment.id,
            Commitment.coalition_id,
            Commitment.title,
            Commitment.due_on,
            Commitment.promised_on,
            Commitment.promised_by,
            Institution.name.label("institution_name"),
            Coalition.name.label("coalition_name"),
        )
        .join(Institution, Institution.id == Commitment.institution_id)
        .join(Coalition, Coalition.id == Commitment.coalition_id)
        .where(
            Commitment.coalition_id.in_(sa.select(Coalition.id)),
            Commitment.status == PENDING,
            condition,
        )
        .order_by(Commitment.due_on, Commitment.id)
    ).all()


def commitment_occasions(commitments: list[tuple[sa.Row, str]]) -> list[Occasion]:
    delegates = member_delegates({c.coalition_id for c, _key in commitments})
    return [
        Occasion(
            object_type="commitment",
            object_id=c.id,
            occasion=key,
            recipients=delegates[c.coalition_id],
            coalition_id=c.coalition_id,
            context={
                "commitment_id": c.id,
                "coalition_id": c.coalition_id,
                "coalition_name": c.coalition_name,
                "title": c.title,
                "institution_name": c.institution_name,
                "promised_by": c.promised_by,
                "promised_on": c.promised_on,
                "due_on": c.due_on,
            },
        )
        for c, key in commitments
        if delegates.get(c.coalition_id)
    ]


def due_commitment_due(now: datetime) -> list[Occasion]:
    """From 9:00 seven days before the due date until the end of the due day."""
    today = timing.local_date(now)
    rows = pending_commitments(Commitment.due_on.between(today, today + timedelta(DUE_DAYS)))
    return commitment_occasions(due_dates.coming_due(rows, now, reminder_time(), DUE_DAYS))


def due_commitment_overdue(now: datetime) -> list[Occasion]:
    """9:00 the day after the due date, then monthly while pending."""
    rows = pending_commitments(Commitment.due_on < timing.local_date(now))
    return commitment_occasions(due_dates.overdue(rows, now, reminder_time(), monthly_overdue_day))


def commitment_state(ctx: dict) -> dict:
    """{"state": current | rescheduled | kept | partial | broken | gone, "due_on": …}."""
    return due_dates.state_of(
        Commitment, ctx.get("commitment_id"), ctx.get("coalition_id"), ctx, PENDING
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
        Occasion(
            object_type="coalition",
            object_id=c.id,
            occasion=month,
            recipients=delegates[c.id],
            coalition_id=c.id,
            context={
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


def _commitment_link(ctx: dict) -> tuple[str, dict]:
    return "directory.commitment", {
        "coalition_id": ctx["coalition_id"],
        "commitment_id": ctx["commitment_id"],
    }


def register(app: Flask) -> None:
    """Declare the directory's reminder kinds and the helpers their templates use."""
    app.add_template_global(commitment_state, "commitment_reminder_state")
    app.add_template_global(stale_sample, "stale_contacts_sample")
    register_reminder_kind(
        COMMITMENT_DUE,
        label=_l("A commitment of an institution falls due"),
        description=_l("Seven days before its due date, at 9:00, while it is pending."),
        due=due_commitment_due,
        template="directory/reminders/commitment_due",
        title=lambda ctx: _(
            "Commitment due on %(date)s: %(title)s",
            date=format_date(iso_date(ctx["due_on"]), "long"),
            title=short_title(ctx["title"]),
        ),
        link=_commitment_link,
        order=40,
    )
    register_reminder_kind(
        COMMITMENT_OVERDUE,
        label=_l("A commitment of an institution is overdue"),
        description=_l(
            "The day after its due date, at 9:00, then every month while it is pending."
        ),
        due=due_commitment_overdue,
        template="directory/reminders/commitment_overdue",
        title=lambda ctx: _(
            "Commitment overdue since %(date)s: %(title)s",
            date=format_date(iso_date(ctx["due_on"]), "long"),
            title=short_title(ctx["title"]),
        ),
        link=_commitment_link,
        order=41,
    )
    register_reminder_kind(
        STALE_CONTACTS,
        label=_l("Contacts of the directory need checking"),
        description=_l(
            "Once a month, when contacts of your coalition's directory have not been "
            "checked for the period the coalition chose."
        ),
        due=due_stale_contacts,
        template="directory/reminders/stale_contacts",
        title=lambda ctx: ngettext(
            "%(num)d contact to check in %(coalition)s",
            "%(num)d contacts to check in %(coalition)s",
            ctx["count"],
            coalition=ctx["coalition_name"],
        ),
        link=lambda ctx: ("directory.contacts", {"coalition_id": ctx["coalition_id"], "stale": 1}),
        cadence=DAILY,
        order=42,
    )
