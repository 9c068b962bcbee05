"""Agenda, minutes, action items, printable and PDF agenda and minutes."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.extensions import db
from coordination.meetings import bp, minutes_reads, operations
from coordination.meetings.forms import (
    ActionStatusForm,
    AgendaItemForm,
    CsrfForm,
    MinutesForm,
    hidden_number,
)
from coordination.meetings.models import OPEN_ACTION, ActionItem, AgendaItem, Meeting
from coordination.meetings.operations import MinutesConflict
from coordination.meetings.views import (
    back_to_meeting,
    load_meeting,
    meeting_document,
    meeting_route,
    meeting_url,
)
from coordination.timezone import local_today
from coordination.web.confirm import Confirmation, confirm_then
from coordination.web.scoping import coalition_or_404, scoped_or_404
from coordination.web.writes import form_page, perform, submit_then

# --- agenda ------------------------------------------------------------------------------


def _item_fields(form: AgendaItemForm) -> dict:
    return {
        "title": form.title.data,
        "description": form.description.data or "",
        "topic": form.topic.data or "",
        "duration_minutes": form.duration_minutes.data,
        "links": form.links.data or "",
    }


def _item_page(coalition, meeting, form, item=None, proposer_name=None):
    return form_page(
        "meetings/item_form.html",
        form,
        coalition=coalition,
        meeting=meeting,
        item=item,
        proposer_name=proposer_name,
        agenda_open=operations.agenda_open(meeting),
        urgent_open=operations.urgent_open(meeting),
    )


@meeting_route("/agenda/new", methods=["GET", "POST"])
def new_item(coalition, meeting):
    """Propose an item, always in the name of the delegate's own association."""
    form = AgendaItemForm()
    if request.method == "GET":
        form.urgent.data = not operations.agenda_open(meeting)
    return submit_then(
        form,
        operations.propose_item,
        meeting,
        current_user,
        **_item_fields(form),
        urgent=form.urgent.data,
        field="urgent",
        done=lambda: _("The item is on the agenda."),
        then=lambda _item: meeting_url(coalition, meeting, "#agenda-h"),
        again=lambda: _item_page(coalition, meeting, form),
    )


def _load_item(coalition_id, meeting_id, item_id, *, allow_guest: bool = True):
    """(coalition, meeting, item): the item of that meeting (guests, when allowed: of a
    meeting they are invited to), else 404."""
    coalition, meeting = load_meeting(coalition_id, meeting_id, allow_guest=allow_guest)
    item = scoped_or_404(
        AgendaItem, item_id, coalition, sa.orm.joinedload(AgendaItem.proposer_association)
    )
    if item.meeting_id != meeting.id:
        abort(404)
    return coalition, meeting, item


ITEM = "/c/<int:coalition_id>/meetings/<int:meeting_id>/agenda/<int:item_id>"


@bp.route(f"{ITEM}/edit", methods=["GET", "POST"])
@login_required
def edit_item(coalition_id, meeting_id, item_id):
    """Correct an item: its proposer or the meeting's facilitator, until the meeting starts."""
    coalition, meeting, item = _load_item(coalition_id, meeting_id, item_id)
    proposer_name = item.proposer_association.name  # read before a refusal expires the item
    form = AgendaItemForm(obj=item)
    if request.method == "GET":
        refusal = operations.item_change_refusal(item, meeting, current_user.id)
        if refusal:
            form.form_errors.append(refusal)
    return submit_then(
        form,
        operations.update_item,
        item,
        meeting,
        current_user,
        **_item_fields(form),
        done=lambda: _("The item is corrected."),
        then=lambda _item: meeting_url(coalition, meeting, f"#item-{item.id}"),
        again=lambda: _item_page(coalition, meeting, form, item, proposer_name),
    )


@bp.route(f"{ITEM}/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_item(coalition_id, meeting_id, item_id):
    """Take an item off the agenda, after the shared confirmation page."""
    coalition, meeting, item = _load_item(coalition_id, meeting_id, item_id)
    back = url_for("meetings.show", coalition_id=coalition.id, meeting_id=meeting.id)
    confirmation = Confirmation(
        title=_("Withdraw “%(title)s” from the agenda?", title=item.title),
        happens=[
            _("The item leaves the meeting's agenda, for every association."),
            _(
                "The collective's history keeps a trace: the item's title, who proposed it "
                "and who withdrew it."
            ),
        ],
        cannot_undo=_(
            "its description and links are deleted; to discuss it after all, propose it again."
        ),
        button=_("Withdraw the item"),
        back=back + f"#item-{item.id}",
        danger=True,
        refusal=operations.item_change_refusal(item, meeting, current_user.id),
    )
    return confirm_then(
        confirmation,
        CsrfForm(),
        operations.withdraw_item,
        item,
        meeting,
        current_user,
        done=_("The item is withdrawn from the agenda."),
        then=back + "#agenda-h",
    )


@bp.route(f"{ITEM}/move", methods=["POST"])
@login_required
def move_item(coalition_id, meeting_id, item_id):
    coalition, meeting, item = _load_item(coalition_id, meeting_id, item_id, allow_guest=False)
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


@meeting_route("/minutes", methods=["GET", "POST"], allow_guest=False)
def minutes(coalition, meeting):
    form = MinutesForm()
    conflict = None
    if request.method == "GET":
        form.minutes.data = meeting.minutes
        form.base_version.data = str(meeting.minutes_version)
    if form.validate_on_submit():
        base = hidden_number(form.base_version)
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
        state=minutes_reads.minutes_state(meeting.id),
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
    return meeting_document(coalition_id, meeting_id, "meetings/print_agenda.html")


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/agenda.pdf")
@login_required
def agenda_pdf(coalition_id, meeting_id):
    return meeting_document(
        coalition_id, meeting_id, "meetings/print_agenda.html", f"ordre-du-jour-{meeting_id}.pdf"
    )


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/minutes/print")
@login_required
def print_minutes(coalition_id, meeting_id):
    return meeting_document(
        coalition_id, meeting_id, "meetings/print_minutes.html", allow_guest=False
    )


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/minutes.pdf")
@login_required
def minutes_pdf(coalition_id, meeting_id):
    return meeting_document(
        coalition_id,
        meeting_id,
        "meetings/print_minutes.html",
        f"compte-rendu-{meeting_id}.pdf",
        allow_guest=False,
    )
