"""Meeting pages: list, plan (with the rotation's proposal), detail, edit, status."""

from functools import wraps

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.coalitions.models import GUEST, MEMBER, Association, Membership
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings import access, bp, operations, page, reads
from coordination.meetings.forms import (
    NONE,
    ActionForm,
    AttendanceForm,
    CsrfForm,
    DecisionForm,
    GuestAssociationForm,
    MeetingForm,
)
from coordination.meetings.models import PLANNED, Meeting
from coordination.meetings.sections import meeting_sections
from coordination.timezone import local_today, to_local, to_utc
from coordination.web.pdf import render_pdf
from coordination.web.scoping import coalition_or_404, refuse, scoped_or_404
from coordination.web.writes import form_page, form_values, perform, submit_then

MEETING_OPTIONS = (
    sa.orm.joinedload(Meeting.host),
    sa.orm.joinedload(Meeting.facilitator),
    sa.orm.joinedload(Meeting.note_taker),
    sa.orm.joinedload(Meeting.minutes_updated_by),
)


def load_meeting(coalition_id: int, meeting_id: int, *, allow_guest: bool = True):
    """(coalition, meeting); a guest association sees only meetings it is invited to."""
    coalition = coalition_or_404(coalition_id, allow_guest=allow_guest)
    meeting = scoped_or_404(Meeting, meeting_id, coalition, *MEETING_OPTIONS)
    if not access.may_see(meeting, coalition, current_user.association_id):
        refuse(f"meeting {meeting_id} not open to guest {current_user.association_id}")
    return coalition, meeting


def meeting_url(coalition, meeting, anchor: str = "") -> str:
    """The meeting's page, at `anchor` (e.g. "#agenda-h")."""
    return url_for("meetings.show", coalition_id=coalition.id, meeting_id=meeting.id) + anchor


MEETING_URL = "/c/<int:coalition_id>/meetings/<int:meeting_id>"


def meeting_route(rule: str, *, allow_guest: bool = True, **options):
    """Register a view of one meeting at MEETING_URL + `rule` (`options` as for `bp.route`),
    for logged-in users only. The view is called with (coalition, meeting) from
    `load_meeting` instead of their ids, so every such view loads and authorises the same
    way; the rule's other parameters follow."""

    def register(view):
        @wraps(view)
        def loaded(coalition_id, meeting_id, **params):
            coalition, meeting = load_meeting(coalition_id, meeting_id, allow_guest=allow_guest)
            return view(coalition, meeting, **params)

        return bp.route(MEETING_URL + rule, **options)(login_required(loaded))

    return register


def back_to_meeting(coalition, meeting, anchor: str = ""):
    """Redirect to the meeting's page, at `anchor` (e.g. "#agenda-h")."""
    return redirect(meeting_url(coalition, meeting, anchor))


def memberships(coalition_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Membership.association)
            .where(Membership.coalition_id == coalition_id, Membership.is_current)
            .order_by(Association.name)
        )
    )


# --- list --------------------------------------------------------------------------------


@bp.route("/c/<int:coalition_id>/meetings")
@login_required
def index(coalition_id):
    coalition = coalition_or_404(coalition_id, allow_guest=True)
    visible = access.visible_meetings_filter(coalition, current_user.association_id)
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.coalition_id == coalition.id, visible)
        .options(sa.orm.joinedload(Meeting.host))
        .order_by(Meeting.starts_at.is_(None).desc(), Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(300)
    ).all()
    upcoming, past = operations.upcoming_and_past(meetings, utcnow())
    member = coalition.viewer_role == MEMBER
    return render_template(
        "meetings/index.html",
        coalition=coalition,
        upcoming=upcoming,
        past=past,
        next_meeting=operations.next_meeting(coalition) if member else None,
        names=_association_names(coalition.id) if member else {},
    )


# --- plan and edit ----------------------------------------------------------------------


def _fill_choices(form: MeetingForm, coalition) -> None:
    members = [m for m in memberships(coalition.id) if m.role == MEMBER]
    form.host_association_id.choices = [(NONE, _("— not decided yet —"))] + [
        (
            m.association_id,
            m.association.name
            if m.association.can_host
            else _("%(name)s (cannot host)", name=m.association.name),
        )
        for m in members
    ]
    people = operations.delegates_of([m.association_id for m in members])
    short = {m.association_id: m.association.short_name for m in members}
    choices = [(NONE, _("— not decided yet —"))] + [
        (u.id, f"{u.name} ({short[u.association_id]})") for u in people
    ]
    form.facilitator_id.choices = choices
    form.note_taker_id.choices = list(choices)


def _meeting_fields(form: MeetingForm) -> dict:
    return {
        "title": (form.title.data or "").strip(),
        "starts_at": to_utc(form.starts_at.data) if form.starts_at.data else None,
        "duration_minutes": form.duration_minutes.data,
        "place": (form.place.data or "").strip(),
        "access_notes": (form.access_notes.data or "").strip(),
        "video_url": (form.video_url.data or "").strip(),
        "host_association_id": form.host_association_id.data,
        "facilitator_id": form.facilitator_id.data,
        "note_taker_id": form.note_taker_id.data,
    }


@bp.route("/c/<int:coalition_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new(coalition_id):
    coalition = coalition_or_404(coalition_id)
    form = MeetingForm()
    _fill_choices(form, coalition)
    proposed = operations.next_meeting(coalition)
    if request.method == "GET":  # the form opens on the proposal, to accept or change
        form.starts_at.data = to_local(proposed.starts_at)
        if proposed.duration_minutes:
            form.duration_minutes.data = proposed.duration_minutes
        form.host_association_id.data = proposed.host_id
        form.facilitator_id.data = proposed.facilitator_id
        form.note_taker_id.data = proposed.note_taker_id
    return _meeting_form(
        coalition,
        form,
        operations.plan_meeting,
        coalition,
        done=lambda: _("The meeting is planned."),
        proposal=proposed.roles,
        next_meeting=proposed,
    )


def _meeting_form(
    coalition, form, operation, target, *, done, proposal, next_meeting=None, meeting=None
):
    """The planning (`target` the coalition) or editing (`target` the meeting) form of a
    meeting and its posting: `operation` saves the meeting's fields and returns it, then the
    meeting's page; the form again otherwise (400 when it has errors; a refusal is flashed)."""
    return submit_then(
        form,
        operation,
        target,
        current_user,
        **_meeting_fields(form),
        flash_refusal=True,
        done=done,
        then=lambda saved: meeting_url(coalition, saved),
        again=lambda: form_page(
            "meetings/form.html",
            form,
            coalition=coalition,
            proposal=proposal,
            next_meeting=next_meeting,
            meeting=meeting,
            names=_association_names(coalition.id),
        ),
    )


def _association_names(coalition_id: int) -> dict[int, str]:
    return dict(
        db.session.execute(
            sa.select(Association.id, Association.name)
            .join(Membership, Membership.association_id == Association.id)
            .where(Membership.coalition_id == coalition_id)
        ).all()
    )


@meeting_route("/edit", methods=["GET", "POST"], allow_guest=False)
def edit(coalition, meeting):
    form = MeetingForm(obj=meeting)
    _fill_choices(form, coalition)
    if request.method == "GET":
        form.starts_at.data = to_local(meeting.starts_at)
    day = to_local(meeting.starts_at).date() if meeting.starts_at else local_today()
    proposal = operations.propose_roles(coalition, day, exclude_meeting_id=meeting.id)
    return _meeting_form(
        coalition,
        form,
        operations.update_meeting,
        meeting,
        done=lambda: _("The meeting is updated."),
        proposal=proposal,
        meeting=meeting,
    )


@meeting_route("/status", methods=["POST"], allow_guest=False)
def status(coalition, meeting):
    """Set a held or cancelled meeting back to planned (undoing a mistake). Marking it held
    or cancelling it go through their confirmation pages (views_status.py)."""
    if not CsrfForm().validate_on_submit() or request.form.get("status") != PLANNED:
        abort(400)
    if perform(operations.set_status, meeting, PLANNED, current_user):
        flash(_("The meeting is planned again."), "success")
    return back_to_meeting(coalition, meeting)


# --- the meeting page -------------------------------------------------------------------


def load_meeting_row(coalition_id: int, meeting_id: int, *, allow_guest: bool = True):
    """(coalition, meeting) for the pages that only show a meeting: the meeting as a
    read-only row (reads.meeting_row); a guest association sees only meetings it is
    invited to, as with load_meeting."""
    coalition = coalition_or_404(coalition_id, allow_guest=allow_guest)
    guest = None if coalition.viewer_role == MEMBER else current_user.association_id
    meeting = reads.meeting_row(coalition.id, meeting_id, guest)
    if meeting is None:
        refuse(f"Meeting {meeting_id} outside coalition {coalition.id}")
    if guest is not None and not meeting.invited:
        refuse(f"meeting {meeting_id} not open to guest {guest}")
    return coalition, meeting


def page_context(coalition, meeting) -> dict:
    """Everything the meeting page shows, in a fixed number of lean queries; `meeting` is
    the row from load_meeting_row."""
    return page.context(coalition, meeting)


def printable(template: str, context: dict, pdf_name: str | None = None):
    """A page made to be printed, or (`pdf_name` given) the same page as a PDF download."""
    if pdf_name is None:
        return render_template(template, **context)
    return render_pdf(template, pdf_name, **context)


def meeting_document(
    coalition_id: int,
    meeting_id: int,
    template: str,
    pdf_name: str | None = None,
    *,
    allow_guest: bool = True,
    context=page_context,
):
    """A printable document of a meeting (agenda, minutes, pack): the page, or its PDF.
    `context(coalition, meeting)` gives what the template shows."""
    coalition, meeting = load_meeting_row(coalition_id, meeting_id, allow_guest=allow_guest)
    return printable(template, context(coalition, meeting), pdf_name)


@bp.route("/c/<int:coalition_id>/meetings/<int:meeting_id>")
@login_required
def show(coalition_id, meeting_id):
    coalition, meeting = load_meeting_row(coalition_id, meeting_id)
    context = page_context(coalition, meeting)
    page.add_meeting_links(context["follow_up"], coalition.id)
    cid, mid = coalition.id, meeting.id
    return render_template(
        "meetings/show.html",
        sections=meeting_sections(coalition, meeting),
        # Links of the tables' rows.
        move_url=page.row_url("meetings.move_item", "item_id", coalition_id=cid, meeting_id=mid),
        speaker_url=page.row_url("meetings.speaker", "invitation_id", coalition_id=cid),
        uninvite_url=page.row_url(
            "meetings.uninvite_association", "association_id", coalition_id=cid, meeting_id=mid
        ),
        action_status_url=page.row_url("meetings.action_status", "action_id", coalition_id=cid),
        **context,
    )


# --- guest associations -----------------------------------------------------------------


@meeting_route("/guests", methods=["POST"], allow_guest=False)
def invite_association(coalition, meeting):
    form = GuestAssociationForm()
    form.association_id.choices = [
        (m.association_id, m.association.name) for m in memberships(coalition.id) if m.role == GUEST
    ]
    if form.validate_on_submit():
        outcome = perform(
            operations.invite_guest_association, meeting, form.association_id.data, current_user
        )
        if outcome:
            flash(_("The guest association is invited to this meeting."), "success")
    else:
        flash(_("Choose a guest association."), "error")
    return back_to_meeting(coalition, meeting, "#guests-h")


@meeting_route("/guests/<int:association_id>/remove", methods=["POST"], allow_guest=False)
def uninvite_association(coalition, meeting, association_id):
    if CsrfForm().validate_on_submit() and perform(
        operations.uninvite_guest_association, meeting, association_id, current_user
    ):
        flash(_("The guest association is no longer invited to this meeting."), "success")
    return back_to_meeting(coalition, meeting, "#guests-h")


# --- attendance, decisions, action items ------------------------------------------------


@meeting_route("/attendance", methods=["GET", "POST"])
def attendance(coalition, meeting):
    own = operations.delegates_of([current_user.association_id])
    rows = [
        r
        for r in operations.attendance(meeting.id)
        if r.association_id == current_user.association_id
    ]
    form = AttendanceForm()
    form.delegates.choices = [(u.id, u.name) for u in own]
    if request.method == "GET":
        form.show(rows)
    return submit_then(
        form,
        operations.set_attendance,
        meeting,
        current_user,
        **form.people(),
        quota=coalition.attendance_quota,
        field="delegates",
        done=lambda: _("Your association's attendance is saved."),
        then=lambda _rows: meeting_url(coalition, meeting, "#attendance-h"),
        again=lambda: form_page(
            "meetings/attendance.html", form, coalition=coalition, meeting=meeting
        ),
    )


def _action_form(coalition, meeting, form=None) -> ActionForm:
    form = form or ActionForm()
    participants = operations.participating_ids(meeting)
    names = _association_names(coalition.id)
    form.association_id.choices = sorted(
        ((aid, names[aid]) for aid in participants if aid in names), key=lambda c: c[1]
    )
    people = operations.delegates_of(list(participants))
    form.assignee_id.choices = [(NONE, _("— nobody in particular —"))] + [
        (u.id, f"{u.name} ({names.get(u.association_id, '')})") for u in people
    ]
    return form


@meeting_route("/actions/new", methods=["GET", "POST"], allow_guest=False)
def new_action(coalition, meeting):
    form = _action_form(coalition, meeting)
    if request.method == "GET":
        form.association_id.data = current_user.association_id
    return submit_then(
        form,
        operations.add_action,
        meeting,
        current_user,
        **form_values(form, "what", "association_id", "assignee_id", "due_on"),
        field="assignee_id",
        done=lambda: _("The action item is added; it will be followed up until done."),
        then=lambda _action: meeting_url(coalition, meeting, "#actions-h"),
        again=lambda: form_page(
            "meetings/action_form.html", form, coalition=coalition, meeting=meeting
        ),
    )


@meeting_route("/decisions", methods=["GET", "POST"], allow_guest=False)
def new_decision(coalition, meeting):
    form = DecisionForm()
    return submit_then(
        form,
        operations.record_decision,
        meeting,
        current_user,
        form.text.data,
        done=lambda: _("The decision is recorded in the minutes."),
        then=lambda _decision: meeting_url(coalition, meeting, "#decisions-h"),
        again=lambda: form_page(
            "meetings/decision_form.html", form, coalition=coalition, meeting=meeting
        ),
    )
