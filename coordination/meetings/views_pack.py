"""The meeting pack (page and PDF), the approval of the minutes at the next meeting, and
the minutes' revisions compared word by word."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.extensions import db
from coordination.meetings import bp, minutes_reads, operations, pack
from coordination.meetings.forms import hidden_number
from coordination.meetings.forms_minutes import ApprovalForm
from coordination.meetings.models import Meeting
from coordination.meetings.views import (
    load_meeting_row,
    meeting_document,
    meeting_route,
)
from coordination.web import textdiff
from coordination.web.writes import form_page, perform

# --- the pack ------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/pack")
@login_required
def pack_page(coalition_id, meeting_id):
    return meeting_document(coalition_id, meeting_id, "meetings/pack.html", context=pack.context)


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/pack.pdf")
@login_required
def pack_pdf(coalition_id, meeting_id):
    return meeting_document(
        coalition_id,
        meeting_id,
        "meetings/pack.html",
        f"dossier-de-seance-{meeting_id}.pdf",
        context=pack.context,
    )


# --- approving the minutes -----------------------------------------------------------------


@meeting_route("/minutes/approve", methods=["GET", "POST"], allow_guest=False)
def approve_minutes(coalition, meeting):
    """`meeting` is the meeting whose minutes are approved; the meeting that approves
    them is the one with their approval on its agenda."""
    state = minutes_reads.minutes_state(meeting.id)
    at_meeting = db.session.get(Meeting, state.at_meeting_id or 0)
    if at_meeting is None or operations.approval_round(meeting, at_meeting) is None:
        abort(404)  # nothing waits for approval
    form = ApprovalForm()
    changed = None
    if request.method == "GET":
        form.minutes.data = meeting.minutes
        form.base_number.data = str(state.number)
    elif form.validate_on_submit():
        base = hidden_number(form.base_number)
        outcome = perform(
            operations.approve_minutes,
            meeting,
            at_meeting,
            current_user,
            base_number=base,
            text=form.minutes.data,
            form=form,
            field="minutes",
        )
        if outcome:
            flash(_("The minutes are approved; the decision is recorded."), "success")
            return redirect(
                url_for("meetings.show", coalition_id=coalition.id, meeting_id=at_meeting.id)
                + "#decisions-h"
            )
        if isinstance(outcome.error, operations.MinutesChanged):
            # The text typed stays in the form; the minutes as they are now are shown
            # beside it, and the next approval is based on them.
            db.session.refresh(meeting)
            changed = meeting.minutes
            form.base_number.data = str(minutes_reads.minutes_state(meeting.id).number)
    return form_page(
        "meetings/approve_minutes.html",
        form,
        status=409 if changed is not None else None,
        coalition=coalition,
        meeting=meeting,
        at_meeting=at_meeting,
        state=state,
        may_approve=operations.may_approve_on(at_meeting),
        changed=changed,
    )


# --- revisions ------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/minutes/revisions")
@login_required
def minutes_revisions(coalition_id, meeting_id):
    coalition, meeting = load_meeting_row(coalition_id, meeting_id, allow_guest=False)
    revisions = minutes_reads.revisions(meeting.id)
    if not revisions:
        abort(404)
    latest = revisions[0].number
    to_number = request.args.get("to", latest, type=int)
    from_number = request.args.get("from", max(to_number - 1, 1), type=int)
    texts = minutes_reads.revision_texts(meeting.id, from_number, to_number)
    if from_number not in texts or to_number not in texts:
        abort(404)
    old, new = texts[from_number], texts[to_number]
    diff, stats = textdiff.rendered_diff(old.text or "", new.text or "")
    return render_template(
        "meetings/minutes_revisions.html",
        coalition=coalition,
        meeting=meeting,
        revisions=revisions,
        state=minutes_reads.minutes_state(meeting.id),
        old=old,
        new=new,
        diff=diff,
        stats=stats,
    )
