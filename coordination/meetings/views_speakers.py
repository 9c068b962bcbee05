"""Guest speakers: invitation, status with dates, the invitation letter (page and PDF).

Letters go to French institutions: they are always written in French, whatever the
language of the delegate who prints them.
"""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coordination.coalitions.models import MEMBER
from coordination.extensions import db
from coordination.meetings import bp, operations
from coordination.meetings.forms import NONE, SpeakerForm, SpeakerStatusForm
from coordination.meetings.models import GuestInvitation, GuestStatusChange, Meeting
from coordination.meetings.operations import TRANSITIONS
from coordination.meetings.views import (
    MEETING_OPTIONS,
    meeting_route,
    memberships,
    printable,
)
from coordination.timezone import local_today
from coordination.web.scoping import coalition_or_404, scoped_or_404
from coordination.web.writes import form_page, perform, submit_then


def status_labels() -> dict[str, str]:
    return {
        "to_contact": _("to contact"),
        "invited": _("invited"),
        "confirmed": _("confirmed"),
        "declined": _("declined"),
        "came": _("came"),
        "cancelled": _("cancelled"),
    }


def _speaker_form(coalition, meeting, form=None) -> SpeakerForm:
    form = form or SpeakerForm()
    items = operations.agenda_items(meeting.id)
    form.agenda_item_id.choices = [(NONE, _("— no particular item —"))] + [
        (i.id, i.title) for i in items
    ]
    members = [m for m in memberships(coalition.id) if m.role == MEMBER]
    short = {m.association_id: m.association.short_name for m in members}
    form.delegate_id.choices = [(NONE, _("— not decided yet —"))] + [
        (u.id, f"{u.name} ({short[u.association_id]})")
        for u in operations.delegates_of(list(short))
    ]
    return form


def _fields(form: SpeakerForm) -> dict:
    return {
        key: (
            getattr(form, key).data.strip()
            if isinstance(getattr(form, key).data, str)
            else getattr(form, key).data
        )
        for key in operations.GUEST_FIELDS
    }


@meeting_route("/speakers/new", methods=["GET", "POST"], allow_guest=False)
def new_speaker(coalition, meeting):
    form = _speaker_form(coalition, meeting)
    if request.method == "GET":
        form.delegate_id.data = current_user.id
        item_id = request.args.get("item", type=int)
        if item_id:
            form.agenda_item_id.data = item_id
    return _speaker_form_posted(
        coalition,
        meeting,
        form,
        operations.invite_speaker,
        meeting,
        lambda: _("The guest speaker is added. Contact them, then update the status."),
    )


def _load(coalition_id, invitation_id):
    coalition = coalition_or_404(coalition_id)
    invitation = scoped_or_404(
        GuestInvitation,
        invitation_id,
        coalition,
        sa.orm.joinedload(GuestInvitation.delegate),
        sa.orm.joinedload(GuestInvitation.agenda_item),
    )
    meeting = db.session.scalars(
        sa.select(Meeting).where(Meeting.id == invitation.meeting_id).options(*MEETING_OPTIONS)
    ).one()
    return coalition, meeting, invitation


@bp.route("/c/<int:coalition_id>/speakers/<int:invitation_id>")
@login_required
def speaker(coalition_id, invitation_id):
    coalition, meeting, invitation = _load(coalition_id, invitation_id)
    history = db.session.scalars(
        sa.select(GuestStatusChange)
        .where(GuestStatusChange.invitation_id == invitation.id)
        .options(sa.orm.joinedload(GuestStatusChange.by))
        .order_by(GuestStatusChange.id)
    ).all()
    labels = status_labels()
    form = SpeakerStatusForm()
    form.status.choices = [(s, labels[s]) for s in TRANSITIONS[invitation.status]]
    return render_template(
        "meetings/speaker.html",
        coalition=coalition,
        meeting=meeting,
        invitation=invitation,
        history=history,
        labels=labels,
        form=form,
    )


@bp.route("/c/<int:coalition_id>/speakers/<int:invitation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_speaker(coalition_id, invitation_id):
    coalition, meeting, invitation = _load(coalition_id, invitation_id)
    form = _speaker_form(coalition, meeting, SpeakerForm(obj=invitation))
    return _speaker_form_posted(
        coalition,
        meeting,
        form,
        operations.update_speaker,
        invitation,
        lambda: _("The invitation is updated."),
        invitation=invitation,
    )


@bp.route("/c/<int:coalition_id>/speakers/<int:invitation_id>/status", methods=["POST"])
@login_required
def speaker_status(coalition_id, invitation_id):
    coalition, meeting, invitation = _load(coalition_id, invitation_id)
    form = SpeakerStatusForm()
    form.status.choices = [(s, s) for s in TRANSITIONS[invitation.status]]
    if form.validate_on_submit():
        outcome = perform(
            operations.change_speaker_status, invitation, form.status.data, current_user
        )
        if outcome:
            flash(_("The status is changed."), "success")
    elif form.csrf_token.errors:
        abort(400)
    else:  # nothing chosen: nothing changes
        flash(_("Choose the new status."), "error")
    return redirect(
        url_for("meetings.speaker", coalition_id=coalition.id, invitation_id=invitation.id)
    )


def _letter_context(coalition, meeting, invitation) -> dict:
    signatories = [m.association for m in memberships(coalition.id) if m.role == MEMBER]
    return {
        "coalition": coalition,
        "meeting": meeting,
        "invitation": invitation,
        "signatories": signatories,
        "today": local_today(),
    }


def _letter(coalition_id, invitation_id, pdf_name: str | None = None):
    """The invitation letter, always in French: the page, or its PDF."""
    coalition, meeting, invitation = _load(coalition_id, invitation_id)
    with force_locale("fr"):
        return printable(
            "meetings/letter.html", _letter_context(coalition, meeting, invitation), pdf_name
        )


@bp.route("/c/<int:coalition_id>/speakers/<int:invitation_id>/letter")
@login_required
def letter(coalition_id, invitation_id):
    return _letter(coalition_id, invitation_id)


@bp.route("/c/<int:coalition_id>/speakers/<int:invitation_id>/letter.pdf")
@login_required
def letter_pdf(coalition_id, invitation_id):
    return _letter(coalition_id, invitation_id, f"invitation-{invitation_id}.pdf")


def _speaker_form_posted(coalition, meeting, form, operation, target, done, invitation=None):
    """The form adding (`target` the meeting, `invitation` None) or editing (`target` the
    invitation) a guest speaker, and its posting: `operation` saves the form's fields and
    returns the invitation, whose page follows; else the form again (400 on errors)."""
    return submit_then(
        form,
        operation,
        target,
        current_user,
        **_fields(form),
        field="agenda_item_id",
        done=done,
        then=lambda saved: url_for(
            "meetings.speaker", coalition_id=saved.coalition_id, invitation_id=saved.id
        ),
        again=lambda: form_page(
            "meetings/speaker_form.html",
            form,
            coalition=coalition,
            meeting=meeting,
            invitation=invitation,
        ),
    )
