"""In-app notifications, reminder preferences, and the unsubscribe link of the e-mails."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from coordination.accounts.forms import ConfirmForm
from coordination.accounts.models import User
from coordination.extensions import csrf, db
from coordination.notifications import bp, operations, preferences
from coordination.notifications.forms import preferences_form
from coordination.notifications.models import Notification
from coordination.notifications.registry import get_kind
from coordination.web.writes import form_page, perform

PER_PAGE = 30


def _own_or_404(notification_id: int) -> Notification:
    notification = db.session.scalars(
        sa.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == current_user.id
        )
    ).first()
    if notification is None:
        abort(404)
    return notification


def _target(notification: Notification) -> str:
    kind = get_kind(notification.kind)
    if kind is None:
        return url_for("notifications.index")
    endpoint, values = kind.link(notification.context or {})
    return url_for(endpoint, **values)


@bp.route("/notifications")
@login_required
def index():
    page = request.args.get("page", 1, type=int) or 1
    if page < 1:
        abort(404)
    items, more = operations.page_of(current_user.id, page, PER_PAGE)
    rows = [(n, get_kind(n.kind)) for n in items]
    return render_template(
        "notifications/index.html",
        rows=rows,
        page=page,
        more=more,
        unread=operations.current_unread_count(),
        confirm=ConfirmForm(),
    )


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"], endpoint="open")
@login_required
def open_(notification_id):
    notification = _own_or_404(notification_id)
    if ConfirmForm().validate_on_submit():
        perform(operations.mark_read, notification)
    return redirect(_target(notification))


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id):
    notification = _own_or_404(notification_id)
    if ConfirmForm().validate_on_submit():
        perform(operations.mark_read, notification)
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read():
    if ConfirmForm().validate_on_submit():
        count = perform(operations.mark_all_read, current_user.id).value
        flash(
            ngettext(
                "%(num)d notification marked as read.",
                "%(num)d notifications marked as read.",
                count,
            ),
            "success",
        )
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/preferences", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences_page():
    form = preferences_form(
        preferences.enabled_kinds(current_user.id), preferences.mode_of(current_user.id)
    )
    if form.validate_on_submit() and perform(
        preferences.save, current_user.id, form.enabled(), form.mode.data, form=form
    ):
        flash(_("Your reminder preferences are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return form_page("notifications/preferences.html", form)


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail clients post one-click (RFC 8058)
def unsubscribe(token):
    found = preferences.read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 404
    kind_key = found[1]
    kind = get_kind(kind_key)
    if request.method == "POST":
        perform(preferences.unsubscribe, user.id, kind_key)
        return render_template(
            "notifications/unsubscribe.html", done=True, kind=kind, all_emails=kind is None
        )
    return render_template(
        "notifications/unsubscribe.html", kind=kind, all_emails=kind is None, token=token
    )
