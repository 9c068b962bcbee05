"""Calendars: .ics of a meeting, the coalition's feed (logged in), and each delegate's
private feed address (a secret token, revocable, for calendar applications)."""

from datetime import timedelta

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.coalitions.models import Coalition
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings import access, bp, ical, operations
from coordination.meetings.forms import CsrfForm
from coordination.meetings.models import AgendaItem, Meeting
from coordination.meetings.views import load_meeting
from coordination.web.scoping import coalition_or_404
from coordination.web.urls import base_url

FEED_PAST_DAYS = 400


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _agenda_titles(meeting_ids) -> dict[int, list[str]]:
    titles: dict[int, list[str]] = {}
    if not meeting_ids:
        return titles
    rows = db.session.execute(
        sa.select(AgendaItem.meeting_id, AgendaItem.title)
        .where(AgendaItem.meeting_id.in_(meeting_ids))
        .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
    )
    for meeting_id, title in rows:
        titles.setdefault(meeting_id, []).append(title)
    return titles


def _events(meetings, coalition_names):
    titles = _agenda_titles([m.id for m in meetings])
    return [
        ical.event_for(m, coalition_names[m.coalition_id], titles.get(m.id, ()))
        for m in meetings
        if m.starts_at is not None
    ]


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>.ics")
@login_required
def meeting_ics(coalition_id, meeting_id):
    coalition, meeting = load_meeting(coalition_id, meeting_id)
    if meeting.starts_at is None:
        abort(404)
    body = ical.calendar_of(_events([meeting], {coalition.id: coalition.name}), coalition.name)
    return _ics(body, f"reunion-{meeting.id}.ics")


@bp.route("/c/<int:coalition_id>/meetings.ics")
@login_required
def coalition_ics(coalition_id):
    coalition = coalition_or_404(coalition_id, allow_guest=True)
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.coalition_id == coalition.id,
            Meeting.starts_at >= since,
            access.visible_meetings_filter(coalition, current_user.association_id),
        )
        .order_by(Meeting.starts_at)
    ).all()
    body = ical.calendar_of(_events(meetings, {coalition.id: coalition.name}), coalition.name)
    return _ics(body, f"reunions-{coalition.id}.ics")


@bp.route("/meetings/calendar", methods=["GET", "POST"])
@login_required
def calendar_feed():
    """Create (or replace) the private feed address; it is shown once, right here."""
    form = CsrfForm()
    url = None
    if form.validate_on_submit():
        token = operations.issue_feed(current_user)
        db.session.commit()
        url = base_url() + url_for("meetings.private_feed", token=token)
    return render_template(
        "meetings/calendar.html", form=form, feed=operations.feed_of(current_user), url=url
    )


@bp.route("/meetings/calendar/revoke", methods=["POST"])
@login_required
def revoke_calendar_feed():
    if CsrfForm().validate_on_submit():
        operations.revoke_feed(current_user)
        db.session.commit()
        flash(_("Your private calendar address no longer works."), "success")
    return redirect(url_for("meetings.calendar_feed"))


@bp.route("/meetings/feed/<token>.ics")
def private_feed(token):
    user = operations.feed_user(token)
    if user is None:
        abort(404)
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    meetings = db.session.scalars(
        operations.meetings_for_association(user.association_id, since=since).order_by(
            Meeting.starts_at
        )
    ).all()
    names = dict(
        db.session.execute(
            sa.select(Coalition.id, Coalition.name).where(
                Coalition.id.in_({m.coalition_id for m in meetings})
            )
        ).all()
    )
    db.session.commit()  # last_used_at
    body = ical.calendar_of(_events(meetings, names), "Concertation")
    return _ics(body, "concertation.ics")
