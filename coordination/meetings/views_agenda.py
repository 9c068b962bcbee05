"""Agenda, minutes, action items, printable and PDF agenda and minutes."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.extensions import db
from coordination.meetings import bp, operations
from coordination.meetings.forms import ActionStatusForm, AgendaItemForm, CsrfForm, MinutesForm
from coordination.meetings.models import OPEN_ACTION, ActionItem, AgendaItem, Meeting
from coordination.meetings.operations import MinutesConflict
from coordination.meetings.views import (
    back_to_meeting,
    load_meeting,
    load_meeting_row,
    memberships,
    page_context,
)
from coordination.timezone import local_today
from coordination.web.pdf import render_pdf
from coordination.web.scoping import coalition_or_404, scoped_or_404
from coordination.web.writes import form_page, form_values, perform

# --- agenda ------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/agenda/new", methods=["GET", "POST"])
@login_required
def new_item(coalition_id, meeting_id):
    coalition, meeting = load_meeting(coalition_id, meeting_id)
    form = AgendaItemForm()
    participants = operations.participating_ids(meeting)
    form.proposer_association_id.choices = [
        (m.association_id, m.association.name)
        for m in memberships(coalition.id)
        if m.association_id in participants
    ]
    if request.method == "GET":
        form.proposer_association_id.data = current_user.association_id
        form.urgent.data = not operations.agenda_open(meeting)
    if form.validate_on_submit():
        outcome = perform(
            operations.propose_item,
            meeting,
            current_user,
            title=form.title.data,
            description=form.description.data or "",
            topic=form.topic.data or "",
            duration_minutes=form.duration_minutes.data,
            links=form.links.data or "",
            **form_values(form, "urgent", "proposer_association_id"),
            form=form,
            field="urgent",
        )
        if outcome:
            flash(_("The item is on the agenda."), "success")
            return back_to_meeting(coalition, meeting, "#agenda-h")
    return form_page(
        "meetings/item_form.html",
        form,
        coalition=coalition,
        meeting=meeting,
        agenda_open=operations.agenda_open(meeting),
        urgent_open=operations.urgent_open(meeting),
    )


@bp.route(
    "/c/<int:coalition_id>/meetings/<int:meeting_id>/agenda/<int:item_id>/move", methods=["POST"]
)
@login_required
def move_item(coalition_id, meeting_id, item_id):
    coalition, meeting = load_meeting(coalition_id, meeting_id, allow_guest=False)
    item = scoped_or_404(AgendaItem, item_id, coalition)
    if item.meeting_id != meeting.id:
        abort(404)
    direction = request.form.get("direction")
    if not CsrfForm().validate_on_submit() or direction not in ("up", "down"):
        abort(400)
    if perform(operations.move_item, item, direction, current_user).value:
        flash(
            _("“%(title)s” moved up.", title=item.title)
            if direction == "up"
            else _("“%(title)s” moved down.", title=item.title),
            "success",
        )
    return back_to_meeting(coalition, meeting, f"#item-{item.id}")


# --- minutes ----------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/minutes", methods=["GET", "POST"])
@login_required
def minutes(coalition_id, meeting_id):
    coalition, meeting = load_meeting(coalition_id, meeting_id, allow_guest=False)
    form = MinutesForm()
    conflict = None
    if request.method == "GET":
        form.minutes.data = meeting.minutes
        form.base_version.data = str(meeting.minutes_version)
    if form.validate_on_submit():
        try:
            base = int(form.base_version.data or 0)
        except ValueError:
            base = -1
        outcome = perform(
            operations.save_minutes,
            meeting,
            current_user,
            form.minutes.data or "",
            base,
            form=form,
            field="minutes",
        )
        if not outcome and isinstance(outcome.error, MinutesConflict):
            meeting = db.session.get(Meeting, meeting.id)
            conflict = meeting.minutes
            form.base_version.data = str(meeting.minutes_version)
        elif outcome:
            flash(_("The minutes are saved."), "success")
            return back_to_meeting(coalition, meeting, "#minutes-h")
    return form_page(
        "meetings/minutes_form.html",
        form,
        status=409 if conflict is not None else None,
        coalition=coalition,
        meeting=meeting,
        conflict=conflict,
    )


# --- action items -----------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/actions/<int:action_id>/status", methods=["POST"])
@login_required
def action_status(coalition_id, action_id):
    coalition = coalition_or_404(coalition_id)
    item = scoped_or_404(ActionItem, action_id, coalition)
    form = ActionStatusForm()
    if form.validate_on_submit():
        if perform(operations.set_action_status, item, form.status.data, current_user):
            flash(_("The action item's status is changed."), "success")
    else:
        flash(_("Choose a status."), "error")
    target = request.form.get("back")
    if target == "list":
        return redirect(url_for("meetings.actions", coalition_id=coalition.id))
    return redirect(
        url_for("meetings.show", coalition_id=coalition.id, meeting_id=item.meeting_id)
        + "#actions-h"
    )


@bp.route("/c/<int:coalition_id>/actions")
@login_required
def actions(coalition_id):
    coalition = coalition_or_404(coalition_id)
    show_all = request.args.get("all") == "1"
    stmt = (
        sa.select(ActionItem)
        .where(ActionItem.coalition_id == coalition.id)
        .options(
            sa.orm.joinedload(ActionItem.meeting),
            sa.orm.joinedload(ActionItem.association),
            sa.orm.joinedload(ActionItem.assignee),
        )
        .order_by(
            (ActionItem.status == OPEN_ACTION).desc(),
            ActionItem.due_on.is_(None),
            ActionItem.due_on,
            ActionItem.id.desc(),
        )
        .limit(500)
    )
    if not show_all:
        stmt = stmt.where(ActionItem.status == OPEN_ACTION)
    return render_template(
        "meetings/actions.html",
        coalition=coalition,
        items=db.session.scalars(stmt).all(),
        show_all=show_all,
        status_form=ActionStatusForm(),
        today=local_today(),
    )


# --- print and PDF ----------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/agenda/print")
@login_required
def print_agenda(coalition_id, meeting_id):
    coalition, meeting = load_meeting_row(coalition_id, meeting_id)
    return render_template("meetings/print_agenda.html", **page_context(coalition, meeting))


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/agenda.pdf")
@login_required
def agenda_pdf(coalition_id, meeting_id):
    coalition, meeting = load_meeting_row(coalition_id, meeting_id)
    return render_pdf(
        "meetings/print_agenda.html",
        f"ordre-du-jour-{meeting.id}.pdf",
        **page_context(coalition, meeting),
    )


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/minutes/print")
@login_required
def print_minutes(coalition_id, meeting_id):
    coalition, meeting = load_meeting_row(coalition_id, meeting_id, allow_guest=False)
    return render_template("meetings/print_minutes.html", **page_context(coalition, meeting))


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/minutes.pdf")
@login_required
def minutes_pdf(coalition_id, meeting_id):
    coalition, meeting = load_meeting_row(coalition_id, meeting_id, allow_guest=False)
    return render_pdf(
        "meetings/print_minutes.html",
        f"compte-rendu-{meeting.id}.pdf",
        **page_context(coalition, meeting),
    )
