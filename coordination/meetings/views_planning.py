"""Date polls and the rotation page (history, upcoming order, swaps)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.coalitions.models import MEMBER
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings import bp, operations, polls
from coordination.meetings.forms import CsrfForm, PollCloseForm, PollForm, SwapForm
from coordination.meetings.models import (
    CANCELLED,
    FACILITATOR,
    HOST,
    NOTE_TAKER,
    POLL_ANSWERS,
    Meeting,
    RotationSwap,
)
from coordination.meetings.views import (
    MEETING_OPTIONS,
    back_to_meeting,
    load_meeting,
    memberships,
)
from coordination.timezone import local_today, to_local, to_utc
from coordination.web.scoping import coalition_or_404
from coordination.web.writes import form_page, form_values, perform

# --- date poll --------------------------------------------------------------------------


def _to_poll(coalition, meeting):
    return redirect(url_for("meetings.poll", coalition_id=coalition.id, meeting_id=meeting.id))


def _open_poll(coalition_id: int, meeting_id: int, form):
    """(coalition, meeting, its poll) for a POST about the poll: 404 without a poll, 400
    when `form` (its CSRF token) does not validate."""
    coalition, meeting = load_meeting(coalition_id, meeting_id, allow_guest=False)
    current = polls.poll_of(meeting)
    if current is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    return coalition, meeting, current


def _poll_page(coalition, meeting, poll, *, form=None, status=200):
    answers = polls.answers_of(poll) if poll else []
    counts = polls.count(poll.slots, answers) if poll else []
    best = polls.best(counts)
    participants = operations.participating_ids(meeting)
    names = {
        m.association_id: m.association.name
        for m in memberships(coalition.id)
        if m.association_id in participants
    }
    grid = {(a.association_id, a.slot_id): a.answer for a in answers}
    close_form = PollCloseForm()
    if poll:
        close_form.slot_id.choices = [(s.id, s.starts_at) for s in poll.slots]
        close_form.slot_id.data = best.slot_id if best else None
    return render_template(
        "meetings/poll.html",
        coalition=coalition,
        meeting=meeting,
        poll=poll,
        counts={c.slot_id: c for c in counts},
        best=best,
        names=names,
        grid=grid,
        mine={sid: v for (aid, sid), v in grid.items() if aid == current_user.association_id},
        form=form or PollForm(),
        close_form=close_form,
        csrf_form=CsrfForm(),
        may_answer=current_user.association_id in participants,
    ), status


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/poll", methods=["GET", "POST"])
@login_required
def poll(coalition_id, meeting_id):
    coalition, meeting = load_meeting(coalition_id, meeting_id, allow_guest=False)
    current = polls.poll_of(meeting)
    form = PollForm()
    if current is None and form.validate_on_submit():
        outcome = perform(
            polls.open_poll,
            meeting,
            current_user,
            [to_utc(s) for s in form.slots()],
            form=form,
            field="slot_1",
        )
        if outcome:
            flash(_("The date poll is open: each association can now answer."), "success")
            return _to_poll(coalition, meeting)
    return _poll_page(coalition, meeting, current, form=form, status=400 if form.errors else 200)


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/poll/answer", methods=["POST"])
@login_required
def poll_answer(coalition_id, meeting_id):
    coalition, meeting, current = _open_poll(coalition_id, meeting_id, CsrfForm())
    choices = {}
    for slot in current.slots:
        value = request.form.get(f"slot-{slot.id}")
        if value in POLL_ANSWERS:
            choices[slot.id] = value
    if len(choices) != len(current.slots):
        flash(_("Answer yes, if needed or no for each date."), "error")
        return _poll_page(coalition, meeting, current, status=400)
    if not perform(polls.answer, current, current_user, choices):
        return _poll_page(coalition, meeting, current, status=400)
    flash(_("Your association's answers are saved."), "success")
    return _to_poll(coalition, meeting)


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/poll/close", methods=["POST"])
@login_required
def poll_close(coalition_id, meeting_id):
    form = PollCloseForm()
    coalition, meeting, current = _open_poll(coalition_id, meeting_id, form)
    if not perform(polls.close, current, form.slot_id.data, current_user):
        return _to_poll(coalition, meeting)
    flash(_("The date is set and the poll is closed."), "success")
    return back_to_meeting(coalition, meeting)


# --- rotation ---------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/rotation")
@login_required
def rotation(coalition_id):
    coalition = coalition_or_404(coalition_id)
    history = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.coalition_id == coalition.id,
            Meeting.status != CANCELLED,
            Meeting.starts_at.is_not(None),
        )
        .options(*MEETING_OPTIONS)
        .order_by(Meeting.starts_at.desc())
        .limit(200)
    ).all()
    swaps = db.session.scalars(
        sa.select(RotationSwap)
        .where(RotationSwap.coalition_id == coalition.id)
        .options(sa.orm.joinedload(RotationSwap.gave), sa.orm.joinedload(RotationSwap.took))
        .order_by(RotationSwap.recorded_on.desc(), RotationSwap.id.desc())
    ).all()
    now = utcnow()
    # Propose for the first upcoming meeting with no host yet, else for the regular
    # meeting after the last one known.
    target, when = operations.rotation_target(coalition, history, now)
    proposals = operations.propose_roles(
        coalition, to_local(when).date(), exclude_meeting_id=target.id if target else None
    )
    return render_template(
        "meetings/rotation.html",
        coalition=coalition,
        history=history,
        swaps=swaps,
        proposals=proposals,
        target=target,
        target_when=when,
        names=_names(coalition.id),
        roles=(HOST, FACILITATOR, NOTE_TAKER),
        now=now,
    )


def _names(coalition_id):
    return {m.association_id: m.association.name for m in memberships(coalition_id)}


@bp.route("/c/<int:coalition_id>/rotation/swap", methods=["GET", "POST"])
@login_required
def swap(coalition_id):
    coalition = coalition_or_404(coalition_id)
    form = SwapForm()
    members = [m for m in memberships(coalition.id) if m.role == MEMBER]
    choices = [(m.association_id, m.association.name) for m in members]
    form.gave_id.choices = choices
    form.took_id.choices = list(choices)
    if request.method == "GET":
        day = local_today()
        proposal = operations.propose_roles(coalition, day)[HOST]
        form.gave_id.data = proposal.choice
        form.took_id.data = current_user.association_id
    if form.validate_on_submit():
        outcome = perform(
            operations.record_swap,
            coalition,
            current_user,
            **form_values(form, "gave_id", "took_id", "role"),
            note=form.note.data or "",
            form=form,
            field="took_id",
        )
        if outcome:
            flash(_("The swap is recorded in the coalition's history."), "success")
            return redirect(url_for("meetings.rotation", coalition_id=coalition.id))
    return form_page("meetings/swap.html", form, coalition=coalition)
