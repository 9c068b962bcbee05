"""Calendars: .ics of a meeting, the coalition's feed (logged in), and each delegate's
private feed address (a secret token, revocable, for calendar applications)."""

import io
from datetime import timedelta

import segno
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
from coordination.meetings.views import meeting_route
from coordination.web.scoping import coalition_or_404
from coordination.web.urls import base_url
from coordination.web.writes import perform

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


@meeting_route(".ics")
def meeting_ics(coalition, meeting):
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
    url = webcal = qr_code = None
    if form.validate_on_submit():
        token = perform(operations.issue_feed, current_user).value
        url = base_url() + url_for("meetings.private_feed", token=token)
        webcal = _webcal(token)
        qr_code = url_for("meetings.feed_qr_code", token=token)
    return render_template(
        "meetings/calendar.html",
        form=form,
        feed=operations.feed_of(current_user),
        url=url,
        webcal=webcal,
        qr_code=qr_code,
    )


def _webcal(token: str) -> str:
    url = base_url() + url_for("meetings.private_feed", token=token)
    return "webcal://" + url.split("://", 1)[1]


@bp.route("/meetings/feed/<token>/qr.svg")
@login_required
def feed_qr_code(token):
    """The private address as a QR code, for a phone's camera to open in its calendar
    application. An image of our own origin (CSP img-src 'self'; an <img> never runs
    script), drawn by segno; only the feed's owner gets it, and it is never cached. The
    token is in this URL as in the feed's own, which calendar programs fetch anyway."""
    feed = operations.feed_of_token(token)
    if feed is None or feed.user_id != current_user.id:
        abort(404)
    image = io.BytesIO()
    segno.make(_webcal(token), error="m").save(
        image,
        kind="svg",
        scale=4,
        dark="#000",
        light="#fff",
        title=_("QR code of your calendar address"),
    )  # a standalone SVG document (XML declaration, namespace)
    response = Response(image.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/meetings/calendar/revoke", methods=["POST"])
@login_required
def revoke_calendar_feed():
    if CsrfForm().validate_on_submit() and perform(operations.revoke_feed, current_user):
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
    # A GET that writes: feed_user() notes last_used_at (at most hourly), kept here.
    db.session.commit()
    body = ical.calendar_of(_events(meetings, names), "Concertation")
    return _ics(body, "concertation.ics")
