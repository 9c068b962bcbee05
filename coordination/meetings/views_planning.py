"""Date polls and the rotation page (history, upcoming order, swaps)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
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
    load_meeting,
    meeting_route,
    memberships,
)
from coordination.timezone import local_today, to_utc
from coordination.web.confirm import Confirmation, confirm_then
from coordination.web.filters import day_and_time
from coordination.web.scoping import coalition_or_404
from coordination.web.writes import form_page, form_values, perform, submit_then

# --- date poll --------------------------------------------------------------------------


def _to_poll(coalition, meeting):
    return redirect(url_for("meetings.poll", coalition_id=coalition.id, meeting_id=meeting.id))


def _poll_of(coalition_id: int, meeting_id: int):
    """(coalition, meeting, its poll): 404 without a poll."""
    coalition, meeting = load_meeting(coalition_id, meeting_id, allow_guest=False)
    current = polls.poll_of(meeting)
    if current is None:
        abort(404)
    return coalition, meeting, current


def _open_poll(coalition_id: int, meeting_id: int, form):
    """(coalition, meeting, its poll) for a POST about the poll: 404 without a poll, 400
    when `form` (its CSRF token) does not validate."""
    coalition, meeting, current = _poll_of(coalition_id, meeting_id)
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
        csrf_form=CsrfForm(),
        may_answer=current_user.association_id in participants,
    ), status


@meeting_route("/poll", methods=["GET", "POST"], allow_guest=False)
def poll(coalition, meeting):
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


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>/poll/close", methods=["GET", "POST"])
@login_required
def poll_close(coalition_id, meeting_id):
    """Confirm the date chosen (GET ?slot_id=…, from the poll page's list), then close the
    poll (POST): the page names the associations that have not answered yet."""
    coalition, meeting, current = _poll_of(coalition_id, meeting_id)
    slots = {s.id: s for s in current.slots}
    form = PollCloseForm()
    form.slot_id.choices = [(s.id, s.starts_at) for s in current.slots]
    wanted = form.slot_id.data if request.method == "POST" else None
    wanted = wanted or request.args.get("slot_id", type=int)
    if wanted not in slots:
        best = polls.best(polls.count(current.slots, polls.answers_of(current)))
        wanted = best.slot_id if best else None
    slot = slots.get(wanted)
    when = day_and_time(slot.starts_at)
    waiting = polls.not_answered(current)
    back = url_for("meetings.poll", coalition_id=coalition.id, meeting_id=meeting.id)
    confirmation = Confirmation(
        title=_("Set the meeting on %(date)s and close the poll?", date=when),
        happens=[
            _("The meeting's date becomes %(date)s, for every association.", date=when),
            _("The poll closes: no association can answer or change its answers any more."),
        ],
        listing=waiting,
        listing_title=(
            ngettext(
                "%(num)d association has not answered yet:",
                "%(num)d associations have not answered yet:",
                len(waiting),
            )
            if waiting
            else _("Every association has answered.")
        ),
        cannot_undo=_(
            "a closed poll cannot be opened again; the date can still be changed by editing "
            "the meeting."
        ),
        button=_("Set this date and close the poll"),
        back=back,
        refusal=None if current.is_open else _("This poll is closed."),
        hidden={"slot_id": slot.id},
    )
    return confirm_then(
        confirmation,
        form,
        polls.close,
        current,
        slot.id,
        current_user,
        done=_("The date is set and the poll is closed."),
        then=url_for("meetings.show", coalition_id=coalition.id, meeting_id=meeting.id),
    )


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
    return render_template(
        "meetings/rotation.html",
        coalition=coalition,
        history=history,
        swaps=swaps,
        next_meeting=operations.next_meeting(coalition),
        names=_names(coalition.id),
        roles=(HOST, FACILITATOR, NOTE_TAKER),
        now=utcnow(),
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
    return submit_then(
        form,
        operations.record_swap,
        coalition,
        current_user,
        **form_values(form, "gave_id", "took_id", "role"),
        note=form.note.data or "",
        field="took_id",
        done=lambda: _("The swap is recorded in the coalition's history."),
        then=lambda _swap: url_for("meetings.rotation", coalition_id=coalition.id),
        again=lambda: form_page("meetings/swap.html", form, coalition=coalition),
    )
