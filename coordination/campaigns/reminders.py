"""Reminder kinds of the campaigns (see coordination/notifications/registry.py).

Recipients: the active delegates of the coalition's member associations. Times are Paris
wall-clock times (NOTIFICATIONS_REMINDER_TIME, 9:00) on local calendar days.

- A promise of a campaign coming due or overdue: the commitments' own reminders
  (commitment.due, commitment.overdue) already say it, once; the campaigns add the
  campaign's name to their context (`commitments.reminders.register_context`), nothing
  is sent twice.
- campaign.negotiation_tomorrow: a negotiation meeting of a campaign in progress, from
  9:00 the day before until 9:00 on the day; once per meeting and date (a meeting moved
  to another day is reminded again).
- campaign.quiet: a campaign in progress with no step for 60 days ("nothing for two
  months: follow it up?"), from 9:00 on the 60th day; once per quiet spell (keyed by the
  date of the last step: a new step starts a new count).

Each `due()` runs a fixed number of queries, whatever the number of campaigns.
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask_babel import lazy_gettext as _l

from coordination.campaigns import reads
from coordination.campaigns.models import ACTIVE, NEGOTIATION, RUNNING, Campaign, CampaignStep
from coordination.coalitions.models import Coalition
from coordination.commitments import reminders as commitment_reminders
from coordination.db import columns_of, read_rows
from coordination.directory.reminders import member_delegates
from coordination.notifications import timing
from coordination.notifications.registry import FeatureReminders, Occasion, object_link, short_title

NEGOTIATION_TOMORROW = "campaign.negotiation_tomorrow"
QUIET = "campaign.quiet"
QUIET_DAYS = 60


def _occasions(rows: list[dict], key) -> list[Occasion]:
    delegates = member_delegates({r["coalition_id"] for r in rows})
    return [
        Occasion.named_by("campaign", "campaign_id", key(r), delegates[r["coalition_id"]], r)
        for r in rows
        if delegates.get(r["coalition_id"])
    ]


def due_negotiation_tomorrow(now: datetime) -> list[Occasion]:
    """9:00 the day before a negotiation meeting, until the meeting's day."""
    day = timing.effective_day(now, timing.reminder_time())
    rows = read_rows(
        sa.select(
            CampaignStep.id.label("step_id"),
            *columns_of(CampaignStep, "campaign_id coalition_id on at title place"),
            Campaign.name.label("campaign_name"),
            Coalition.name.label("coalition_name"),
        )
        .join(Campaign, Campaign.id == CampaignStep.campaign_id)
        .join(Coalition, Coalition.id == CampaignStep.coalition_id)
        .where(
            CampaignStep.kind == NEGOTIATION,
            CampaignStep.on == day + timedelta(days=1),
            Campaign.status.in_(RUNNING),
        )
        .order_by(CampaignStep.on, CampaignStep.id)
    )
    rows = [r._asdict() | {"at": r.at.strftime("%H:%M") if r.at else None} for r in rows]
    return _occasions(rows, lambda r: f"step-{r['step_id']}-{r['on']}")


def due_quiet(now: datetime) -> list[Occasion]:
    """A campaign in progress whose last step (or start) is 60 days old or more."""
    day = timing.effective_day(now, timing.reminder_time())
    last_step = (
        sa.select(sa.func.max(CampaignStep.on))
        .where(CampaignStep.campaign_id == Campaign.id, CampaignStep.on <= day)
        .scalar_subquery()
    )
    since = sa.func.coalesce(last_step, Campaign.started_on).label("since")
    rows = read_rows(
        sa.select(
            Campaign.id.label("campaign_id"),
            Campaign.coalition_id,
            Campaign.name.label("campaign_name"),
            Coalition.name.label("coalition_name"),
            since,
        )
        .join(Coalition, Coalition.id == Campaign.coalition_id)
        .where(Campaign.status == ACTIVE, since <= day - timedelta(days=QUIET_DAYS))
        .order_by(Campaign.id)
    )
    return _occasions([r._asdict() for r in rows], lambda r: f"quiet-since-{r['since']}")


def campaign_context(commitment_ids: list[int]) -> dict[int, dict]:
    """The campaign of each promise, for the commitments' reminders."""
    return {
        cid: {"campaign_id": campaign_id, "campaign_name": name}
        for cid, (campaign_id, name) in reads.campaign_of_commitments(commitment_ids).items()
    }


def _tomorrow_title(ctx: dict) -> str:
    return str(_l("Negotiation meeting tomorrow: %(title)s") % {"title": short_title(ctx["title"])})


def _quiet_title(ctx: dict) -> str:
    return str(
        _l("Nothing for two months: follow up “%(name)s”?")
        % {"name": short_title(ctx["campaign_name"])}
    )


def quiet_days(ctx: dict, today: date) -> int:
    return (today - timing.iso_date(ctx["since"])).days


def register(app: Flask) -> None:
    commitment_reminders.register_context(campaign_context)
    kinds = FeatureReminders(
        "campaigns/reminders",
        first_order=45,
        link=object_link("campaigns.show", "campaign_id"),
        prefix="campaign",
    )
    kinds.add(
        NEGOTIATION_TOMORROW,
        label=_l("A campaign's negotiation meeting takes place tomorrow"),
        description=_l("The day before, at 9:00."),
        due=due_negotiation_tomorrow,
        title=_tomorrow_title,
    )
    kinds.add(
        QUIET,
        label=_l("A campaign has had no step for two months"),
        description=_l("Once, 60 days after its last step, at 9:00."),
        due=due_quiet,
        title=_quiet_title,
    )
